#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"

namespace kith::cli {
namespace {

nlohmann::json faceJson(const vision::Face& face) {
    auto round = [](float v, float step) { return std::round(v / step) * step; };
    nlohmann::json landmarks = nlohmann::json::array();
    for (const cv::Point2f& p : face.landmarks)
        landmarks.push_back({round(p.x, 0.01f), round(p.y, 0.01f)});
    return {{"box",
             {round(face.box.x, 0.01f), round(face.box.y, 0.01f), round(face.box.width, 0.01f),
              round(face.box.height, 0.01f)}},
            {"score", round(face.score, 0.0001f)},
            {"landmarks", landmarks},
            {"embedding", std::vector<float>(face.embedding.begin(), face.embedding.end())}};
}

void printHuman(const image::EncodedImage& photo, const std::vector<vision::Face>& faces) {
    std::cout << printable(photo.name) << ": " << faces.size()
              << (faces.size() == 1 ? " face" : " faces") << " (" << photo.width() << "x"
              << photo.height() << ", " << image::formatName(photo.format) << ")\n";
    for (size_t i = 0; i < faces.size(); ++i) {
        const auto& b = faces[i].box;
        std::cout << "  face " << i + 1 << ": x=" << std::lround(b.x) << " y=" << std::lround(b.y)
                  << " " << std::lround(b.width) << "x" << std::lround(b.height)
                  << " score=" << std::fixed << std::setprecision(3) << faces[i].score
                  << std::defaultfloat << "\n";
    }
    for (const std::string& w : photo.warnings)
        std::cout << "  warning: " << printable(w) << "\n";
}

struct DetectArguments {
    std::vector<std::string> paths;
    bool json = false;
};

void bindDetect(CLI::App& app, DetectArguments& args) {
    app.add_option("IMAGE|DIR", args.paths, "the images, and folders of images")->required();
    app.add_flag("--json", args.json,
                 "one JSON object per image per line: file, width, height, faces[box [x,y,w,h], "
                 "score, landmarks [[x,y]x68], embedding [128]]");
}

int runDetect(const CommonOptions& common, const DetectArguments& args) {
    auto analyzer = loadAnalyzer(common);
    if (!analyzer) return 1;
    const bool json = args.json;
    size_t failed = 0;
    const auto files = collectImages(args.paths);
    for (const auto& file : files) {
        auto photo = image::readImageFile(file);
        Result<std::vector<vision::Face>> faces =
            photo.ok() ? analyzer->analyze(photo.value())
                       : Result<std::vector<vision::Face>>(photo.error());
        if (!faces.ok()) {
            ++failed;
            reportError(faces.error().describe());
            if (json)
                std::cout << nlohmann::json{{"file", printable(file.string())},
                                            {"error", printable(faces.error().message)}}
                                 .dump()
                          << "\n";
            continue;
        }
        if (json) {
            nlohmann::json out = {{"file", printable(file.string())},
                                  {"width", photo.value().width()},
                                  {"height", photo.value().height()},
                                  {"faces", nlohmann::json::array()}};
            for (const auto& face : faces.value())
                out["faces"].push_back(faceJson(face));
            std::cout << out.dump() << "\n";
        } else {
            printHuman(photo.value(), faces.value());
        }
    }
    reportFallback(*analyzer);
    if (files.empty()) reportError("no images found");
    return files.empty() || failed == files.size() ? 1 : 0;
}

}  // namespace

const Command& detectCommand() {
    static const Command command{
        {"detect", "Find the faces in photos and print their boxes, landmarks and embeddings.",
         "kith-cli detect [--json] IMAGE|DIR...",
         "Reads each image (folders are searched recursively; the format is recognised by content, "
         "not by the file name), finds every face and computes its 128-d embedding. A file that "
         "cannot be read is reported on stderr (and as {\"file\", \"error\"} with --json) and the "
         "next file is processed; the exit status is non-zero only if every file failed.",
         "kith-cli detect --json ~/Pictures/holiday > faces.jsonl"},
        declareWith<DetectArguments>(bindDetect, runDetect)};
    return command;
}

}  // namespace kith::cli
