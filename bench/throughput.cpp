// Throughput of the whole face pipeline (decode -> detect -> landmarks -> align -> embed) on the
// dev set, with 1 and 2 threads, against the original JavaScript face-api run on the same images
// in the same run (../shared/tools/faceapi-reference), and how much of Kith's time is spent
// inside the networks themselves; then one row per inference backend, one worker each, the CPU
// in the same run.
//
// Usage: throughput [--models DIR] [--reference DIR] [--rounds N] [--backends LIST]
//   --reference: a folder where ../shared/tools/faceapi-reference was copied and `npm ci` run
//   (bench/run-throughput.sh prepares it); without it the reference is skipped.
//   --backends: comma-separated (default cpu,opencl,opencl-fp16,cuda); a backend this machine
//   cannot run gets a row saying why. --backend-rounds N (default 1) and --backend-photos N
//   (default 16, 0 = all): the rows' work, small because OpenCL on a processor (POCL) is slow.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>
#include <thread>

#include "dev_set.h"
#include "kith/vision.h"

namespace {

using namespace kith;
using Clock = std::chrono::steady_clock;

struct RunResult {
    double seconds = 0;
    size_t images = 0, faces = 0;
    vision::AnalyzeTimings sum;  // summed over images
    int passes = 0;
};

void add(vision::AnalyzeTimings& sum, const vision::AnalyzeTimings& t) {
    sum.decodeMs += t.decodeMs;
    sum.detectMs += t.detectMs;
    sum.landmarksMs += t.landmarksMs;
    sum.embedMs += t.embedMs;
    sum.detectorForwardMs += t.detectorForwardMs;
    sum.landmarkForwardMs += t.landmarkForwardMs;
    sum.recognitionForwardMs += t.recognitionForwardMs;
    sum.detectorPasses += t.detectorPasses;
    sum.extraPassesMs += t.extraPassesMs;
    sum.fullResolutionRegions += t.fullResolutionRegions;
}

// `workers` threads, each with its own analyzer and one OpenCV thread, share the images.
// `analyzers` holds one per worker, loaded on the backend to measure.
RunResult runKith(std::vector<std::unique_ptr<vision::FaceAnalyzer>>& analyzers,
                  const std::vector<image::EncodedImage>& photos, int rounds) {
    cv::setNumThreads(1);
    const int workers = static_cast<int>(analyzers.size());
    // Warm up: an accelerator compiles its kernels for each input size on first use.
    for (const auto& photo : photos)
        (void)analyzers[0]->analyze(photo);
    std::atomic<size_t> next{0};
    std::vector<RunResult> perWorker(workers);
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
        threads.emplace_back([&, w] {
            for (size_t i; (i = next++) < photos.size() * rounds;) {
                vision::AnalyzeTimings t;
                auto faces = analyzers[w]->analyze(photos[i % photos.size()], &t);
                ++perWorker[w].images;
                if (faces.ok()) perWorker[w].faces += faces.value().size();
                add(perWorker[w].sum, t);
            }
        });
    for (auto& t : threads)
        t.join();
    RunResult total;
    total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (const auto& r : perWorker) {
        total.images += r.images;
        total.faces += r.faces;
        add(total.sum, r.sum);
    }
    return total;
}

std::vector<std::unique_ptr<vision::FaceAnalyzer>> loadAnalyzers(
    const std::filesystem::path& models, int workers, vision::BackendPreference backend) {
    std::vector<std::unique_ptr<vision::FaceAnalyzer>> analyzers;
    for (int w = 0; w < workers; ++w)
        analyzers.push_back(bench::orExit(vision::FaceAnalyzer::load(models, {}, backend)));
    return analyzers;
}

// One row: images/s and pipeline / pure inference on `preference`, one worker; or why not.
void printBackendRow(const std::filesystem::path& models,
                     const std::vector<image::EncodedImage>& photos,
                     vision::BackendPreference preference, int rounds) {
    const std::string name = vision::backendPreferenceName(preference);
    auto analyzers = loadAnalyzers(models, 1, preference);
    const vision::BackendChoice& choice = analyzers[0]->backend();
    // The backend asked for runs, not a fallback (the CPU, or fp32 for fp16).
    const bool asked = [&] {
        switch (preference) {
            case vision::BackendPreference::OpenCl:
                return choice.backend == vision::Backend::OpenCl;
            case vision::BackendPreference::OpenClFp16:
                return choice.backend == vision::Backend::OpenClFp16;
            case vision::BackendPreference::Cuda:
                return choice.backend == vision::Backend::Cuda;
            default:
                return true;
        }
    }();
    if (!asked) {
        std::cout << "| " << name << " | - | not run: " << choice.description << " |\n";
        return;
    }
    const RunResult r = runKith(analyzers, photos, rounds);
    const double n = static_cast<double>(r.images);
    std::cout << "| " << name << " | " << n / r.seconds << " images/s, "
              << r.sum.totalMs() / r.sum.forwardMs() << "x | " << choice.description;
    if (const auto& warning = analyzers[0]->fallbackWarning()) std::cout << "; " << *warning;
    std::cout << " |\n";
}

struct ReferenceResult {
    bool ran = false;
    double seconds = 0;  // sum of face-api's own per-image time (detection+landmarks+descriptors)
    double wallSeconds = 0;  // the whole run, start-up and JavaScript decoding included
    size_t images = 0, faces = 0;
};

ReferenceResult runReference(const std::string& dir, const std::vector<std::string>& files,
                             int threads) {
    ReferenceResult r;
    std::string command = "node " + dir + "/reference.js --threads " + std::to_string(threads);
    for (const auto& f : files)
        command += " '" + f + "'";
    command += " 2>/dev/null";
    const auto start = Clock::now();
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return r;
    char line[1 << 16];
    std::string pending;
    while (fgets(line, sizeof line, pipe)) {
        pending += line;
        if (pending.empty() || pending.back() != '\n') continue;
        const auto json = nlohmann::json::parse(pending, nullptr, false);
        pending.clear();
        if (json.is_discarded() || !json.contains("ms")) continue;
        r.seconds += json["ms"].get<double>() / 1000;
        r.faces += json["faces"].size();
        ++r.images;
    }
    r.ran = pclose(pipe) == 0 && r.images == files.size();
    r.wallSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    const auto root = bench::devSetRoot();
    const std::filesystem::path modelDir = bench::modelDirectory(argc, argv);
    const int rounds = std::stoi(bench::option(argc, argv, "rounds", "2"));
    const std::string referenceDir = bench::option(argc, argv, "reference", "");
    const std::string backends =
        bench::option(argc, argv, "backends", "cpu,opencl,opencl-fp16,cuda");
    const int backendRounds = std::stoi(bench::option(argc, argv, "backend-rounds", "1"));
    const size_t backendPhotos = std::stoul(bench::option(argc, argv, "backend-photos", "16"));

    std::vector<image::EncodedImage> photos;
    std::vector<std::string> referenceFiles;  // face-api's decoder reads JPEG and PNG only
    const auto scratch = std::filesystem::temp_directory_path() / "kith-throughput";
    std::filesystem::create_directories(scratch);
    for (const auto& file : bench::devImages(root)) {
        auto photo = image::readImageFile(file);
        if (!photo.ok()) continue;
        if (photo.value().format == image::Format::Jpeg ||
            photo.value().format == image::Format::Png) {
            referenceFiles.push_back(file.string());
        } else {
            const auto png = scratch / (file.stem().string() + ".png");
            cv::imwrite(png.string(), image::decode(photo.value()).value().bgr);
            referenceFiles.push_back(png.string());
        }
        photos.push_back(std::move(photo.value()));
    }
    std::cout << "dev set: " << photos.size() << " photos, " << rounds << " rounds per run\n"
              << std::fixed << std::setprecision(2);

    for (int threads : {1, 2}) {
        auto analyzers = loadAnalyzers(modelDir, threads, vision::BackendPreference::Cpu);
        const RunResult kith = runKith(analyzers, photos, rounds);
        const double n = static_cast<double>(kith.images);
        const auto& s = kith.sum;
        std::cout << "\n== " << threads << (threads == 1 ? " thread" : " threads") << "\n"
                  << "kith:      " << n / kith.seconds << " images/s, " << kith.faces / kith.seconds
                  << " faces/s (" << 1000 * kith.seconds / n << " ms per image wall)\n"
                  << "  per image, summed over workers: decode " << s.decodeMs / n << " ms, detect "
                  << s.detectMs / n << " ms (" << static_cast<double>(s.detectorPasses) / n
                  << " passes), landmarks and alignment " << s.landmarksMs / n << " ms ("
                  << s.fullResolutionRegions << " faces re-read at full size), embed "
                  << s.embedMs / n << " ms\n"
                  << "  inside the networks: detector " << s.detectorForwardMs / n
                  << " ms, landmarks " << s.landmarkForwardMs / n << " ms, recognition "
                  << s.recognitionForwardMs / n
                  << " ms; pipeline / pure inference = " << s.totalMs() / s.forwardMs() << "\n";
        std::cout << "  the extra detection passes (zoom-out, second looks, tiles) take "
                  << s.extraPassesMs / n << " ms per image, " << 100 * s.extraPassesMs / s.totalMs()
                  << "% of the pipeline\n";
        if (referenceDir.empty()) continue;
        const ReferenceResult ref = runReference(referenceDir, referenceFiles, threads);
        if (!ref.ran) {
            std::cout << "reference: did not run (see bench/run-throughput.sh)\n";
            continue;
        }
        const double refRate = ref.images / ref.seconds;
        std::cout << "reference: " << refRate << " images/s, " << ref.faces / ref.seconds
                  << " faces/s (its own per-image time; " << ref.images / ref.wallSeconds
                  << " images/s counting start-up and decoding)\n"
                  << "kith / reference throughput: " << (n / kith.seconds) / refRate << "x\n";
    }

    const std::vector<image::EncodedImage> rowPhotos(
        photos.begin(),
        photos.begin() +
            (backendPhotos == 0 ? photos.size() : std::min(backendPhotos, photos.size())));
    std::cout << "\n== backends, 1 worker, " << rowPhotos.size() << " photos, " << backendRounds
              << (backendRounds == 1 ? " round" : " rounds")
              << "\n| backend | images/s, pipeline / pure inference | device |\n|---|---|---|\n";
    std::stringstream list(backends);
    for (std::string word; std::getline(list, word, ',');) {
        const auto preference = vision::parseBackendPreference(word);
        if (!preference) {
            std::cerr << "throughput: unknown backend '" << word << "'\n";
            return 1;
        }
        printBackendRow(modelDir, rowPhotos, *preference, backendRounds);
    }
    return 0;
}
