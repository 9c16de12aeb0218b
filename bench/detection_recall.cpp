// Detection recall and cost of Kith's multi-scale detector against face-api's single pass, on:
//   portraits  the labelled dev photos (truth: face-api's box of the largest face at full size)
//   group      selfie-many-people.jpg (truth: the 7 faces boxed by hand, tests/fixtures)
//   crops      badge-photo crops of each labelled face at 64, 92 (grey) and 128 px wide
//   collages   grids of dev photos (3x3 of 400 px, 5x5 of 300 px, 8x8 of 200 px): small faces
//   grids      img1..img25 as `montage -geometry WxH+4+4 -tile 5x5` lays them out (white), with
//              tiles 160, 112, 80 and 64 px wide (faces of about 55, 40, 30 and 20 px)
//   singles    img1..img5 shrunk to 160x200, alone in the middle of a grey square, portrait
//              and landscape canvas: one box each, wherever the canvas puts it
//   large      camera-sized photos (4000x3000, and 2000x1500): img1..img25 spread over a 5x5
//              grid of cells, each shrunk to a tile WxH (faces of about 110, 55, 40 and 20 px in
//              the photo), and one lone face; JPEG-encoded and analysed as a scan reads a file
//              (decoded reduced, full-resolution regions where detection needs them)
// Per grid and single the counts are printed too: faces found, and boxes that are no face (a box
// on one of a photo's other faces, which face-api also finds at full size, is not counted).
// Usage: detection_recall [--models DIR] [--overview N] [--zoomout N] [--tile-zoom F]
//                         [--candidate F] [--min-score F] [--threads N] [--sets A,B]
//                         [--tile-levels N] [--sweep 1]
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "dev_set.h"
#include "kith/vision.h"

namespace {

using namespace kith;
using Clock = std::chrono::steady_clock;

struct Sample {
    std::string set, name;
    cv::Mat bgr;
    std::vector<cv::Rect2f> truth;
    std::vector<cv::Rect2f>
        otherFaces;       // real faces besides the truth: boxes on them are not false
    bool asFile = false;  // analysed as an encoded photo (FaceAnalyzer::analyze), not as pixels
};

// A photo with its faces as face-api finds them at full size, largest first.
struct FacePhoto {
    cv::Mat bgr;
    std::vector<cv::Rect2f> faces;
};

float iou(const cv::Rect2f& a, const cv::Rect2f& b) {
    const float inter = (a & b).area();
    return inter / (a.area() + b.area() - inter);
}

cv::Rect2f largest(const std::vector<std::pair<cv::Rect2f, float>>& boxes) {
    cv::Rect2f best;
    for (const auto& [box, score] : boxes)
        if (box.area() > best.area()) best = box;
    return best;
}

// A badge photo: the face with a little margin, 92:112, resized to `width` pixels.
Sample badgeCrop(const std::string& name, const cv::Mat& bgr, const cv::Rect2f& face, int width,
                 bool grey) {
    const float height = face.height * 1.15f, cropWidth = height * 92.f / 112.f;
    const cv::Point2f centre(face.x + face.width / 2, face.y + face.height / 2);
    const cv::Rect region =
        cv::Rect(cv::Point(static_cast<int>(centre.x - cropWidth / 2),
                           static_cast<int>(centre.y - height / 2)),
                 cv::Size(static_cast<int>(cropWidth), static_cast<int>(height))) &
        cv::Rect(0, 0, bgr.cols, bgr.rows);
    const double scale = static_cast<double>(width) / region.width;
    Sample s{"crops", name + "@" + std::to_string(width) + (grey ? "g" : ""), {}, {}, {}};
    cv::resize(bgr(region), s.bgr, cv::Size(width, static_cast<int>(region.height * scale)), 0, 0,
               cv::INTER_AREA);
    if (grey) {
        cv::cvtColor(s.bgr, s.bgr, cv::COLOR_BGR2GRAY);
        cv::cvtColor(s.bgr, s.bgr, cv::COLOR_GRAY2BGR);
    }
    const cv::Rect2f f((face.x - region.x) * scale, (face.y - region.y) * scale, face.width * scale,
                       face.height * scale);
    s.truth.push_back(f & cv::Rect2f(0, 0, s.bgr.cols, s.bgr.rows));
    return s;
}

// An extreme close-up: only the middle `fraction` of the face box, resized to `width` pixels.
Sample closeUp(const std::string& name, const cv::Mat& bgr, const cv::Rect2f& face, float fraction,
               int width) {
    const cv::Point2f centre(face.x + face.width / 2, face.y + face.height / 2);
    const cv::Rect region =
        cv::Rect(cv::Point(static_cast<int>(centre.x - face.width * fraction / 2),
                           static_cast<int>(centre.y - face.height * fraction / 2)),
                 cv::Size(static_cast<int>(face.width * fraction),
                          static_cast<int>(face.height * fraction))) &
        cv::Rect(0, 0, bgr.cols, bgr.rows);
    const double scale = static_cast<double>(width) / region.width;
    Sample s{"close-ups", name + "@" + std::to_string(fraction), {}, {}, {}};
    cv::resize(bgr(region), s.bgr, cv::Size(), scale, scale, cv::INTER_AREA);
    s.truth.emplace_back(0.f, 0.f, static_cast<float>(s.bgr.cols), static_cast<float>(s.bgr.rows));
    return s;
}

// The photo cut so that `fraction` of the face lies beyond the border (side 0..3: left, top,
// right, bottom), as in group photos where people stand at the edge of the frame.
Sample cutOff(const std::string& name, const cv::Mat& bgr, const cv::Rect2f& face, int side,
              float fraction) {
    cv::Rect keep(0, 0, bgr.cols, bgr.rows);
    if (side == 0) keep.x = static_cast<int>(face.x + fraction * face.width);
    if (side == 1) keep.y = static_cast<int>(face.y + fraction * face.height);
    if (side == 2) keep.width = static_cast<int>(face.x + (1 - fraction) * face.width);
    if (side == 3) keep.height = static_cast<int>(face.y + (1 - fraction) * face.height);
    keep.width -= keep.x;
    keep.height -= keep.y;
    Sample s{"cut-off",
             name + " side " + std::to_string(side) + " cut " + std::to_string(fraction),
             bgr(keep).clone(),
             {},
             {}};
    s.truth.push_back((face - cv::Point2f(keep.tl())) & cv::Rect2f(0, 0, keep.width, keep.height));
    return s;
}

Sample collage(const std::vector<std::pair<cv::Mat, cv::Rect2f>>& photos, size_t first, int grid,
               int cell) {
    Sample s{"collages",
             std::to_string(grid) + "x" + std::to_string(grid) + "@" + std::to_string(cell) + "#" +
                 std::to_string(first),
             cv::Mat(grid * cell, grid * cell, CV_8UC3, cv::Scalar(90, 90, 90)),
             {},
             {}};
    for (int i = 0; i < grid * grid; ++i) {
        const auto& [bgr, face] = photos[(first + i) % photos.size()];
        const double scale = static_cast<double>(cell) / std::max(bgr.cols, bgr.rows);
        cv::Mat small;
        cv::resize(bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
        const cv::Point at((i % grid) * cell + (cell - small.cols) / 2,
                           (i / grid) * cell + (cell - small.rows) / 2);
        small.copyTo(s.bgr(cv::Rect(at, small.size())));
        s.truth.emplace_back(at.x + face.x * scale, at.y + face.y * scale, face.width * scale,
                             face.height * scale);
    }
    return s;
}

// `photo` fitted into `cell` of the sample's image (aspect kept, centred); its largest face
// becomes a truth, the others real faces.
void place(const FacePhoto& photo, cv::Rect cell, Sample& s) {
    const double scale = std::min(static_cast<double>(cell.width) / photo.bgr.cols,
                                  static_cast<double>(cell.height) / photo.bgr.rows);
    cv::Mat small;
    cv::resize(photo.bgr, small, cv::Size(), scale, scale,
               scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    const cv::Point at(cell.x + (cell.width - small.cols) / 2,
                       cell.y + (cell.height - small.rows) / 2);
    small.copyTo(s.bgr(cv::Rect(at, small.size())));
    for (size_t i = 0; i < photo.faces.size(); ++i) {
        const cv::Rect2f& f = photo.faces[i];
        (i == 0 ? s.truth : s.otherFaces)
            .emplace_back(at.x + f.x * scale, at.y + f.y * scale, f.width * scale,
                          f.height * scale);
    }
}

// A 5x5 grid of tileWidth x 1.25 tileWidth tiles with a 4 px border each, on white.
Sample grid(const std::vector<FacePhoto>& photos, int tileWidth) {
    const int tileHeight = tileWidth * 5 / 4, border = 4;
    Sample s{"grids",
             "5x5@" + std::to_string(tileWidth),
             cv::Mat(5 * (tileHeight + 2 * border), 5 * (tileWidth + 2 * border), CV_8UC3,
                     cv::Scalar(255, 255, 255)),
             {},
             {}};
    for (int i = 0; i < 25 && i < static_cast<int>(photos.size()); ++i)
        place(photos[i],
              cv::Rect((i % 5) * (tileWidth + 2 * border) + border,
                       (i / 5) * (tileHeight + 2 * border) + border, tileWidth, tileHeight),
              s);
    return s;
}

// One photo shrunk to 160x200 in the middle of a grey canvas.
Sample single(const FacePhoto& photo, const std::string& name, cv::Size canvas) {
    Sample s{"singles",
             name + " on " + std::to_string(canvas.width) + "x" + std::to_string(canvas.height),
             cv::Mat(canvas, CV_8UC3, cv::Scalar(128, 128, 128)),
             {},
             {}};
    place(photo, cv::Rect((canvas.width - 160) / 2, (canvas.height - 200) / 2, 160, 200), s);
    return s;
}

// img1..img25 spread over a large canvas: a 5x5 grid of cells, the photo shrunk to a
// tileWidth x 1.25 tileWidth tile in the middle of each. A crowd far away in a camera photo.
Sample spread(const std::vector<FacePhoto>& photos, int tileWidth, cv::Size canvas) {
    Sample s{"large",
             "5x5@" + std::to_string(tileWidth) + " on " + std::to_string(canvas.width) + "x" +
                 std::to_string(canvas.height),
             cv::Mat(canvas, CV_8UC3, cv::Scalar(255, 255, 255)),
             {},
             {},
             true};
    const int cellWidth = canvas.width / 5, cellHeight = canvas.height / 5;
    const int tileHeight = tileWidth * 5 / 4;
    for (int i = 0; i < 25 && i < static_cast<int>(photos.size()); ++i)
        place(photos[i],
              cv::Rect((i % 5) * cellWidth + (cellWidth - tileWidth) / 2,
                       (i / 5) * cellHeight + (cellHeight - tileHeight) / 2, tileWidth, tileHeight),
              s);
    return s;
}

// One photo shrunk to a tileWidth-wide tile, off-centre on a large grey canvas.
Sample lone(const FacePhoto& photo, int tileWidth, cv::Size canvas) {
    Sample s{"large",
             "lone@" + std::to_string(tileWidth) + " on " + std::to_string(canvas.width) + "x" +
                 std::to_string(canvas.height),
             cv::Mat(canvas, CV_8UC3, cv::Scalar(128, 128, 128)),
             {},
             {},
             true};
    place(photo, cv::Rect(canvas.width * 2 / 3, canvas.height / 3, tileWidth, tileWidth * 5 / 4),
          s);
    return s;
}

// The boxes an analyzer finds in a sample: on its pixels, or on the sample written as a JPEG
// file's bytes and read back as a scan reads a photo.
std::vector<std::pair<cv::Rect2f, float>> findFaces(vision::FaceAnalyzer& analyzer, const Sample& s,
                                                    vision::AnalyzeTimings* timings) {
    if (!s.asFile) return analyzer.detectWithTimings(s.bgr, timings);
    std::vector<unsigned char> bytes;
    cv::imencode(".jpg", s.bgr, bytes, {cv::IMWRITE_JPEG_QUALITY, 92});
    const auto photo = bench::orExit(image::inspectImage(std::move(bytes), s.name));
    std::vector<std::pair<cv::Rect2f, float>> found;
    for (const vision::Face& f : bench::orExit(analyzer.analyze(photo, timings)))
        found.emplace_back(f.box, f.score);
    return found;
}

struct Tally {
    int truths = 0, found = 0, falsePositives = 0, images = 0, passes = 0;
    double ms = 0, detectorMs = 0;  // all, and the detector network's own
    std::vector<std::string> missed;
    std::vector<std::string> perSample;
    std::vector<bool> truthFound;  // per truth of the set's samples, in order
};

}  // namespace

int main(int argc, char** argv) {
    const auto root = bench::devSetRoot();
    const std::filesystem::path modelDir = bench::modelDirectory(argc, argv);
    cv::setNumThreads(std::stoi(bench::option(argc, argv, "threads", "1")));

    vision::AnalyzerSettings faceApi;
    faceApi.detector.mode = vision::DetectionMode::FaceApiSingleScale;
    faceApi.detector.minFaceSize = 0;  // face-api keeps faces of any size
    vision::AnalyzerSettings kith;
    auto& plan = kith.detector.multiScale;
    plan.overviewLongSide =
        std::stoi(bench::option(argc, argv, "overview", std::to_string(plan.overviewLongSide)));
    plan.zoomOutSide =
        std::stoi(bench::option(argc, argv, "zoomout", std::to_string(plan.zoomOutSide)));
    plan.tileZoom =
        std::stof(bench::option(argc, argv, "tile-zoom", std::to_string(plan.tileZoom)));
    plan.overviewMargin =
        std::stof(bench::option(argc, argv, "margin", std::to_string(plan.overviewMargin)));
    plan.secondLooks =
        std::stoi(bench::option(argc, argv, "looks", std::to_string(plan.secondLooks)));
    plan.secondLookSide =
        std::stoi(bench::option(argc, argv, "look-side", std::to_string(plan.secondLookSide)));
    plan.secondLookMinScore =
        std::stof(bench::option(argc, argv, "look-score", std::to_string(plan.secondLookMinScore)));
    plan.secondLookFaceFraction = std::stof(
        bench::option(argc, argv, "look-fraction", std::to_string(plan.secondLookFaceFraction)));
    plan.tileLevels =
        std::stoi(bench::option(argc, argv, "tile-levels", std::to_string(plan.tileLevels)));
    plan.sweep = !bench::option(argc, argv, "sweep", "").empty();
    kith.detector.minScore =
        std::stof(bench::option(argc, argv, "min-score", std::to_string(kith.detector.minScore)));
    auto reference = vision::FaceAnalyzer::load(modelDir, faceApi, vision::BackendPreference::Cpu);
    auto multi = vision::FaceAnalyzer::load(modelDir, kith, vision::BackendPreference::Cpu);
    if (!reference.ok() || !multi.ok()) return 2;

    // Build the samples. The portraits are decoded as the analyzer decodes them for detection.
    std::vector<Sample> samples;
    std::vector<std::pair<cv::Mat, cv::Rect2f>> portraits;
    for (const auto& label : bench::readLabels(root)) {
        auto photo = image::readImageFile(root / label.file);
        auto full =
            photo.ok() ? image::decode(photo.value()) : Result<image::Raster>(photo.error());
        if (!full.ok()) continue;
        const cv::Rect2f face = largest(reference.value()->detect(full.value().bgr));
        auto raster = image::decode(photo.value(), 1024);
        const double s = raster.value().scale;
        samples.push_back({"portraits",
                           label.file,
                           raster.value().bgr,
                           {cv::Rect2f(face.x * s, face.y * s, face.width * s, face.height * s)},
                           {}});
        portraits.emplace_back(full.value().bgr, face);
        const cv::Rect2f rasterFace = samples.back().truth.front();
        samples.push_back(
            cutOff(label.file, raster.value().bgr, rasterFace, portraits.size() % 4, 0.35f));
        samples.push_back(
            cutOff(label.file, raster.value().bgr, rasterFace, (portraits.size() + 2) % 4, 0.5f));
        for (int width : {64, 128})
            samples.push_back(badgeCrop(label.file, full.value().bgr, face, width, false));
        samples.push_back(badgeCrop(label.file, full.value().bgr, face, 92, true));
        samples.push_back(closeUp(label.file, full.value().bgr, face, 0.85f, 400));
    }
    {
        std::ifstream in(std::string(KITH_SOURCE_DIR) +
                         "/tests/fixtures/selfie-many-people.faces.json");
        const auto truth = nlohmann::json::parse(in);
        auto photo = image::readImageFile(root / truth["file"].get<std::string>());
        Sample s{
            "group", "selfie-many-people.jpg", image::decode(photo.value()).value().bgr, {}, {}};
        for (const auto& b : truth["faces"])
            s.truth.emplace_back(b[0], b[1], b[2], b[3]);
        samples.push_back(s);
    }
    for (size_t first = 0; first < portraits.size(); first += 9)
        samples.push_back(collage(portraits, first, 3, 400));
    for (size_t first = 0; first < portraits.size(); first += 25)
        samples.push_back(collage(portraits, first, 5, 300));
    samples.push_back(collage(portraits, 0, 8, 200));
    samples.push_back(collage(portraits, 3, 10, 160));
    samples.push_back(collage(portraits, 5, 12, 150));
    {
        std::vector<FacePhoto> numbered;  // img1..img25, as the issue's montage takes them
        for (int i = 1; i <= 25; ++i) {
            const auto file = root / "images" / ("img" + std::to_string(i) + ".jpg");
            FacePhoto p{bench::orExit(image::decode(bench::orExit(image::readImageFile(file)))).bgr,
                        {}};
            auto found = reference.value()->detect(p.bgr);
            std::sort(found.begin(), found.end(),
                      [](const auto& a, const auto& b) { return a.first.area() > b.first.area(); });
            for (const auto& [box, score] : found)
                p.faces.push_back(box);
            if (!p.faces.empty()) numbered.push_back(std::move(p));
        }
        for (int width : {160, 112, 80, 64})
            samples.push_back(grid(numbered, width));
        for (int i = 0; i < 5; ++i)
            for (cv::Size canvas : {cv::Size(1040, 1040), cv::Size(840, 1040), cv::Size(1040, 840)})
                samples.push_back(single(numbered[i], "img" + std::to_string(i + 1), canvas));
        for (int width : {320, 160, 112, 64})
            samples.push_back(spread(numbered, width, cv::Size(4000, 3000)));
        for (int width : {160, 64})
            samples.push_back(spread(numbered, width, cv::Size(2000, 1500)));
        for (int width : {160, 64})
            samples.push_back(lone(numbered[0], width, cv::Size(4000, 3000)));
    }

    // --sets grids,singles: only those sets (all when not given).
    const std::string chosen = bench::option(argc, argv, "sets", "");
    const std::string sets = chosen.empty() ? "" : "," + chosen + ",";
    std::map<std::string, std::map<std::string, Tally>> tallies;  // detector -> set -> tally
    std::vector<std::pair<std::string, vision::FaceAnalyzer*>> detectors = {
        {"kith", multi.value().get()}};
    if (!bench::option(argc, argv, "baseline", "").empty())
        detectors.insert(detectors.begin(), {"face-api", reference.value().get()});
    for (const auto& [name, analyzer] : detectors) {
        for (const Sample& s : samples) {
            if (!sets.empty() && sets.find("," + s.set + ",") == std::string::npos) continue;
            Tally& t = tallies[name][s.set];
            const auto start = Clock::now();
            vision::AnalyzeTimings timings;
            const auto found = findFaces(*analyzer, s, &timings);
            t.passes += timings.detectorPasses;
            t.detectorMs += timings.detectorForwardMs;
            t.ms += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
            ++t.images;
            std::vector<bool> used(found.size(), false);
            for (const cv::Rect2f& truth : s.truth) {
                ++t.truths;
                bool hit = false;
                for (size_t i = 0; i < found.size() && !hit; ++i)
                    if (!used[i] && iou(found[i].first, truth) >= 0.3f) used[i] = hit = true;
                t.truthFound.push_back(hit);
                if (hit)
                    ++t.found;
                else
                    t.missed.push_back(s.name);
            }
            const int hits = static_cast<int>(std::count(used.begin(), used.end(), true));
            for (const cv::Rect2f& other : s.otherFaces)
                for (size_t i = 0; i < found.size(); ++i)
                    if (!used[i] && iou(found[i].first, other) >= 0.3f) used[i] = true;
            const int falseBoxes = static_cast<int>(std::count(used.begin(), used.end(), false));
            t.falsePositives += falseBoxes;
            if (s.set == "grids" || s.set == "singles" || s.set == "large")
                t.perSample.push_back(s.name + ": " + std::to_string(hits) + "/" +
                                      std::to_string(s.truth.size()) + " faces, " +
                                      std::to_string(falseBoxes) + " boxes that are no face");
            const std::string dump = bench::option(argc, argv, "dump", "");
            const bool imperfect =
                std::count(used.begin(), used.end(), false) > 0 ||
                std::count(used.begin(), used.end(), true) < static_cast<long>(s.truth.size());
            if (!dump.empty() && imperfect) {
                cv::Mat vis = s.bgr.clone();
                for (const auto& truth : s.truth)
                    cv::rectangle(vis, truth, {0, 255, 0}, 2);
                for (size_t i = 0; i < found.size(); ++i) {
                    cv::rectangle(vis, found[i].first,
                                  used[i] ? cv::Scalar(255, 0, 0) : cv::Scalar(0, 0, 255), 2);
                    cv::putText(vis, std::to_string(found[i].second).substr(0, 4),
                                found[i].first.tl(), 0, 0.5, {0, 255, 255});
                }
                std::string file = name + "-" + s.set + "-" + s.name;
                std::replace(file.begin(), file.end(), '/', '_');
                std::replace(file.begin(), file.end(), ' ', '_');
                cv::imwrite(dump + "/" + file + ".jpg", vis);
            }
            for (size_t i = 0; i < found.size(); ++i)
                if (!used[i] && std::getenv("KITH_BENCH_VERBOSE"))
                    t.missed.push_back("unmatched box in " + s.name + " score " +
                                       std::to_string(found[i].second) + " size " +
                                       std::to_string(static_cast<int>(found[i].first.width)));
        }
    }
    std::cout << std::fixed << std::setprecision(3);
    for (const auto& [name, sets] : tallies)
        for (const auto& [set, t] : sets) {
            std::cout << std::setw(9) << name << std::setw(10) << set << "  recall " << t.found
                      << "/" << t.truths << " = " << static_cast<double>(t.found) / t.truths
                      << "  unmatched boxes " << t.falsePositives << "  ms/image "
                      << std::setprecision(1) << t.ms / t.images << "  passes/image "
                      << static_cast<double>(t.passes) / t.images << "  detector network ms/image "
                      << t.detectorMs / t.images << std::setprecision(3) << "\n";
            for (const auto& line : t.perSample)
                std::cout << "            " << line << "\n";
            if (std::getenv("KITH_BENCH_VERBOSE"))
                for (const auto& m : t.missed)
                    std::cout << "            missed " << m << "\n";
        }
    // Faces face-api finds in its one pass that Kith misses (the issue 15 promise: none).
    if (tallies.count("face-api"))
        for (const auto& [set, reference] : tallies["face-api"]) {
            const Tally& kithTally = tallies["kith"][set];
            int onlyFaceApi = 0;
            for (size_t i = 0; i < reference.truthFound.size(); ++i)
                onlyFaceApi += reference.truthFound[i] && !kithTally.truthFound[i];
            std::cout << std::setw(19) << set
                      << "  faces face-api finds and Kith misses: " << onlyFaceApi << "\n";
        }
    return 0;
}
