// What one forward pass over a photo's faces costs against smaller passes: the recognition
// network's time per face for batches of 1 to 64 face chips, on the CPU and on each other backend
// this machine has (issue 20: a GPU wants one large pass; the CPU must not lose by it).
//
// Usage: recognition_batch [--models DIR] [--trials N] [--backends LIST]
//   --backends: comma-separated, default cpu,opencl. Each size is timed in --trials (default 5)
//   trials of about 64 faces, interleaved with the other sizes; the best trial is reported (the
//   others are the machine's other work) with the median beside it.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <opencv2/core.hpp>
#include <sstream>

#include "dev_set.h"
#include "dnn_target.h"
#include "kith/image.h"
#include "kith/vision.h"
#include "model_files.h"
#include "recognition_net.h"

namespace {

using namespace kith;

// Milliseconds per face of forward passes over `batch` chips, about 64 faces in all.
double millisecondsPerFace(vision::RecognitionNet& net, const std::vector<cv::Mat>& chips,
                           size_t batch) {
    const std::vector<cv::Mat> inputs(chips.begin(), chips.begin() + batch);
    const int passes = std::max(1, 64 / static_cast<int>(batch));
    const double before = net.forwardMilliseconds();
    for (int i = 0; i < passes; ++i)
        (void)net.forward(inputs);
    return (net.forwardMilliseconds() - before) / (passes * static_cast<double>(batch));
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path modelDir = bench::modelDirectory(argc, argv);
    const int trials = std::stoi(bench::option(argc, argv, "trials", "5"));
    std::stringstream backends(bench::option(argc, argv, "backends", "cpu,opencl"));
    const auto weights =
        bench::orExit(vision::WeightMap::load(modelDir / vision::kRecognitionManifest));
    cv::setNumThreads(1);        // as a scan's worker runs it
    image::muteOpenCvLogOnce();  // as Kith runs OpenCV
    // Random chips: the network's time does not depend on what the pixels show.
    cv::RNG rng(20);
    std::vector<cv::Mat> chips(64);
    for (cv::Mat& chip : chips) {
        chip.create(vision::RecognitionNet::kInputSize, vision::RecognitionNet::kInputSize,
                    CV_32FC3);
        rng.fill(chip, cv::RNG::UNIFORM, 0, 255);
    }
    std::cout << std::fixed << std::setprecision(2);
    for (std::string word; std::getline(backends, word, ',');) {
        const auto preference = vision::parseBackendPreference(word);
        if (!preference) {
            std::cerr << "recognition_batch: unknown backend '" << word << "'\n";
            return 1;
        }
        const auto choice = vision::chooseBackend(*preference, vision::probeAccelerators());
        std::cout << word << ": " << choice.description << "\n";
        if (*preference != vision::BackendPreference::Cpu && choice.backend == vision::Backend::Cpu)
            continue;
        vision::RecognitionNet net(weights);
        net.setTarget(vision::dnnTargetFor(choice.backend, {}));
        const std::vector<size_t> sizes = {1, 2, 4, 8, 12, 16, 24, 32, 48, 64};
        for (size_t batch : sizes)  // warm up: allocation, and kernels for each size
            (void)net.forward(std::vector<cv::Mat>(chips.begin(), chips.begin() + batch));
        std::vector<std::vector<double>> times(sizes.size());
        for (int trial = 0; trial < trials; ++trial)
            for (size_t i = 0; i < sizes.size(); ++i)
                times[i].push_back(millisecondsPerFace(net, chips, sizes[i]));
        for (size_t i = 0; i < sizes.size(); ++i) {
            std::sort(times[i].begin(), times[i].end());
            std::cout << "  batch " << std::setw(2) << sizes[i] << ": " << times[i].front()
                      << " ms per face (median " << times[i][times[i].size() / 2] << ")\n";
        }
    }
    return 0;
}
