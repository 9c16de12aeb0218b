#include "dev_set.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "kith/common/csv.h"
#include "kith/vision.h"

namespace kith::bench {

std::filesystem::path dataSetRoot(const std::string& name, const char* variable) {
    std::vector<std::filesystem::path> candidates;
    if (const char* env = std::getenv(variable)) candidates.emplace_back(env);
    candidates.emplace_back("../shared/data/" + name);
    candidates.emplace_back(std::filesystem::path(KITH_SOURCE_DIR) / "../shared/data" / name);
    for (const auto& c : candidates)
        if (std::filesystem::exists(c / "labels.csv")) return std::filesystem::canonical(c);
    std::cerr << name << " was not found (set " << variable
              << " or run from the repository root with ../shared beside it)\n";
    std::exit(2);
}

std::filesystem::path devSetRoot() {
    return dataSetRoot("faces-dev", "KITH_DEV_SET");
}

std::vector<LabelledPhoto> readLabels(const std::filesystem::path& root) {
    std::vector<LabelledPhoto> labels;
    const auto table = readCsvFile(root / "labels.csv");
    if (!table.ok()) {
        std::cerr << table.error().describe() << "\n";
        return labels;
    }
    for (const auto& row : table.value().rows)
        if (row.size() >= 2) labels.push_back({row[0], row[1]});  // faces-lfw has a third: kind
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
