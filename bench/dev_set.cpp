#include "dev_set.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "kith/vision.h"

namespace kith::bench {

std::filesystem::path devSetRoot() {
    std::vector<std::filesystem::path> candidates;
    if (const char* env = std::getenv("KITH_DEV_SET")) candidates.emplace_back(env);
    candidates.emplace_back("../shared/data/faces-dev");
    candidates.emplace_back(std::filesystem::path(KITH_SOURCE_DIR) / "../shared/data/faces-dev");
    for (const auto& c : candidates)
        if (std::filesystem::exists(c / "labels.csv")) return std::filesystem::canonical(c);
    std::cerr << "the dev set was not found (set KITH_DEV_SET or run from the repository root "
                 "with ../shared beside it)\n";
    std::exit(2);
}

std::vector<LabelledPhoto> readLabels(const std::filesystem::path& root) {
    std::ifstream in(root / "labels.csv");
    std::vector<LabelledPhoto> labels;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto comma = line.find(',');
        if (comma == std::string::npos) continue;
        labels.push_back({line.substr(0, comma), line.substr(comma + 1)});
    }
    return labels;
}

std::vector<std::filesystem::path> devImages(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(root / "images"))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::filesystem::path modelDirectory(int argc, char** argv) {
    const std::string given = option(argc, argv, "models", "");
    const auto dir = vision::findModelDirectory(
        given.empty() ? std::nullopt : std::optional<std::filesystem::path>(given));
    if (!dir.ok()) {
        std::cerr << dir.error().describe() << "\n";
        std::exit(2);
    }
    return dir.value();
}

void orExit(const Status& status) {
    if (!status.ok()) {
        std::cerr << status.error().describe() << "\n";
        std::exit(2);
    }
}

std::string option(int argc, char** argv, const std::string& name, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == "--" + name) return argv[i + 1];
    return fallback;
}

}  // namespace kith::bench
