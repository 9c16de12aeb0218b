#include <algorithm>
#include <chrono>
#include <cmath>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "dnn_target.h"
#include "face_alignment.h"
#include "face_detector.h"
#include "kith/image.h"
#include "kith/vision.h"
#include "landmark_net.h"
#include "model_files.h"
#include "recognition_net.h"
#include "ssd_mobilenet_net.h"

namespace kith::vision {
namespace {

// A face whose recognition crop has fewer raster pixels than this is re-read at full size.
constexpr float kMinChipSourcePixels = 150.f;

using Clock = std::chrono::steady_clock;
double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Embedding normalised(const float* raw) {
    Embedding e{};
    std::copy_n(raw, kEmbeddingSize, e.begin());
    return unitLength(e);
}

// Pixels around faces: the raster itself, or a full-resolution region, with the mapping to
// full-size photo coordinates (photo = pixel / scale + origin).
struct PixelSource {
    cv::Mat bgr;
    cv::Point2f origin;
    float scale = 1.f;

    cv::Point2f toPhoto(cv::Point2f p) const { return p * (1.f / scale) + origin; }
    cv::Rect2f toPhoto(const cv::Rect2f& r) const {
        return {r.x / scale + origin.x, r.y / scale + origin.y, r.width / scale, r.height / scale};
    }
    cv::Rect2f fromPhoto(const cv::Rect2f& r) const {
        return {(r.x - origin.x) * scale, (r.y - origin.y) * scale, r.width * scale,
                r.height * scale};
    }
};

}  // namespace

const Face* largestFace(const std::vector<Face>& faces) {
    const auto largest =
        std::max_element(faces.begin(), faces.end(),
                         [](const Face& a, const Face& b) { return a.box.area() < b.box.area(); });
    return largest == faces.end() ? nullptr : &*largest;
}

float embeddingDistance(const Embedding& a, const Embedding& b) {
    return distanceL2(a, b);
}

struct FaceAnalyzer::Impl {
    AnalyzerSettings settings;
    BackendChoice backend;
    SsdMobilenetNet detectorNet;
    LandmarkNet landmarkNet;
    RecognitionNet recognitionNet;
    FaceDetector detector{detectorNet};

    std::optional<std::string> fallbackWarning;

    Impl(const AnalyzerSettings& s, BackendChoice b, const WeightMap& detectorWeights,
         const WeightMap& landmarkWeights, const WeightMap& recognitionWeights)
        : settings(s),
          backend(std::move(b)),
          detectorNet(detectorWeights),
          landmarkNet(landmarkWeights),
          recognitionNet(recognitionWeights) {
        applyBackend();
    }

    void applyBackend() {
        const DnnTarget target = dnnTargetFor(backend.backend, settings.beforeAcceleratedForward);
        detectorNet.setTarget(target);
        landmarkNet.setTarget(target);
        recognitionNet.setTarget(target);
    }

    // Runs `work` (inference on one photo or one step of it). When the accelerator fails (a
    // missing driver, memory, a failing forward pass), the analyzer moves to the CPU for good,
    // keeps one warning, and runs `work` again there; a failure on the CPU is the caller's.
    template <typename Work>
    auto onBackend(Work&& work) -> decltype(work()) {
        try {
            return work();
        } catch (const std::exception& e) {
            if (backend.backend == Backend::Cpu) throw;
            fallbackWarning = backend.description + " failed at run time (" + e.what() +
                              "); inference continues on the CPU";
            backend = {Backend::Cpu, "CPU",
                       "CPU (OpenCV DNN), after " + backend.description + " failed at run time"};
            applyBackend();
        }
        return work();
    }

    bool faceApiMode() const { return settings.detector.mode == DetectionMode::FaceApiSingleScale; }
    Resampling resampling() const {
        return faceApiMode() ? Resampling::TfLegacyBilinear : Resampling::AreaOrLinear;
    }

    // Detections on `bgr`, dropping faces whose box is under the minimum size once mapped to
    // the full-size photo (`scale`: bgr pixels per photo pixel). With `photo`, tiles may read
    // its full-resolution pixels where the raster is too coarse.
    std::vector<Detection> detect(const cv::Mat& bgr, float scale, AnalyzeTimings* timings,
                                  const image::EncodedImage* photo = nullptr) {
        const DetectorSettings& d = settings.detector;
        std::vector<Detection> found;
        if (faceApiMode()) {
            if (timings) ++timings->detectorPasses;
            found = detector.detectFaceApi(bgr, d.minScore, d.maxFaces);
        } else {
            FinerPixels finer;
            if (photo && scale < 1.f)
                finer = {[photo](cv::Rect region) {
                             auto pixels = image::decodeRegion(*photo, region);
                             return pixels.ok() ? pixels.value() : cv::Mat();
                         },
                         scale};
            found = detector.detectMultiScale(bgr, d.multiScale, d.minScore, d.maxFaces, timings,
                                              &finer, d.minFaceSize * scale);
        }
        std::erase_if(found, [&](const Detection& det) {
            return std::max(det.box.width, det.box.height) < d.minFaceSize * scale;
        });
        return found;
    }

    // The networks' own time so far; addForwardTime adds what was spent since `before`.
    struct ForwardTotals {
        double detector, landmarks, recognition;
    };
    ForwardTotals forwardTotals() const {
        return {detectorNet.forwardMilliseconds(), landmarkNet.forwardMilliseconds(),
                recognitionNet.forwardMilliseconds()};
    }
    void addForwardTime(const ForwardTotals& before, AnalyzeTimings& t) const {
        const ForwardTotals now = forwardTotals();
        t.detectorForwardMs += now.detector - before.detector;
        t.landmarkForwardMs += now.landmarks - before.landmarks;
        t.recognitionForwardMs += now.recognition - before.recognition;
    }

    // Landmarks for boxes in `source` pixels, batched; returned in `source` pixels.
    std::vector<Landmarks> landmarks(const cv::Mat& bgr, const std::vector<cv::Rect2f>& boxes) {
        std::vector<cv::Mat> inputs;
        std::vector<cv::Rect> crops;
        for (const cv::Rect2f& box : boxes) {
            crops.push_back(faceApiClip(box, bgr.size()));
            inputs.push_back(
                squareCropInput(bgr, crops.back(), LandmarkNet::kInputSize, resampling()));
        }
        std::vector<Landmarks> result;
        if (inputs.empty()) return result;
        const auto relative = landmarkNet.forward(inputs);
        for (size_t i = 0; i < boxes.size(); ++i) {
            const cv::Point2f origin = faceApiMode() ? boxes[i].tl() : cv::Point2f(crops[i].tl());
            result.push_back(landmarksInImage(relative[i], crops[i], origin));
        }
        return result;
    }

    cv::Mat recognitionInput(const cv::Mat& bgr, const Landmarks& points, const cv::Rect2f& box) {
        if (settings.alignment == Alignment::Similarity)
            return similarityChip(bgr, points, RecognitionNet::kInputSize);
        const cv::Rect crop = faceApiClip(box, bgr.size());
        const cv::Rect2f dlibBox = faceApiRecognitionBox(points, crop.size());
        return squareCropInput(bgr, faceApiClip(dlibBox, bgr.size()), RecognitionNet::kInputSize,
                               resampling());
    }

    // Landmarks and embeddings for detections in `raster` (a reduced decode of `photo`, or the
    // full-size pixels when `photo` is null).
    std::vector<Face> describe(const cv::Mat& raster, float rasterScale,
                               const image::EncodedImage* photo,
                               const std::vector<Detection>& detections, AnalyzeTimings& t) {
        const PixelSource whole{raster, {0, 0}, rasterScale};
        std::vector<Face> faces;
        std::vector<cv::Mat> chips;
        auto start = Clock::now();
        const std::vector<Landmarks> rasterPoints = [&] {
            std::vector<cv::Rect2f> boxes;
            for (const Detection& d : detections)
                boxes.push_back(d.box);
            return landmarks(raster, boxes);
        }();
        for (size_t i = 0; i < detections.size(); ++i) {
            Face face;
            face.box = whole.toPhoto(detections[i].box);
            face.score = detections[i].score;
            PixelSource source = whole;
            Landmarks points = rasterPoints[i];
            // Too few raster pixels for a good chip: read this face's region at full size.
            const float chipSourceSide = recognitionFrameSide(points);
            if (photo && rasterScale < 1.f && chipSourceSide < kMinChipSourcePixels) {
                const float reach = std::max(face.box.width, face.box.height);
                const cv::Rect region(cv::Point(static_cast<int>(face.box.x - reach),
                                                static_cast<int>(face.box.y - reach)),
                                      cv::Point(static_cast<int>(face.box.br().x + reach) + 1,
                                                static_cast<int>(face.box.br().y + reach) + 1));
                auto pixels = image::decodeRegion(*photo, region);
                if (pixels.ok()) {
                    ++t.fullResolutionRegions;
                    const cv::Rect inside =
                        region & cv::Rect(0, 0, photo->width(), photo->height());
                    source = PixelSource{pixels.value(), cv::Point2f(inside.tl()), 1.f};
                    points = landmarks(source.bgr, {source.fromPhoto(face.box)}).front();
                }
            }
            for (int p = 0; p < kLandmarkCount; ++p)
                face.landmarks[p] = source.toPhoto(points[p]);
            chips.push_back(recognitionInput(source.bgr, points, source.fromPhoto(face.box)));
            faces.push_back(face);
        }
        t.landmarksMs += millisecondsSince(start);
        start = Clock::now();
        // A photo's faces in one forward pass (what a GPU needs to be busy), bounded so a crowd
        // stays within a worker's memory (the first layers' activations are 0.66 MB a face).
        constexpr size_t kBatch = 64;
        for (size_t first = 0; first < chips.size(); first += kBatch) {
            const std::vector<cv::Mat> batch(
                chips.begin() + first, chips.begin() + std::min(chips.size(), first + kBatch));
            const cv::Mat raw = recognitionNet.forward(batch);
            for (size_t i = 0; i < batch.size(); ++i)
                faces[first + i].embedding = normalised(raw.ptr<float>(static_cast<int>(i)));
        }
        t.embedMs += millisecondsSince(start);
        return faces;
    }
};

FaceAnalyzer::FaceAnalyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceAnalyzer::~FaceAnalyzer() = default;

Result<std::unique_ptr<FaceAnalyzer>> FaceAnalyzer::load(const std::filesystem::path& modelDir,
                                                         const AnalyzerSettings& settings,
                                                         BackendPreference preference) {
    image::muteOpenCvLogOnce();
    auto detector = WeightMap::load(modelDir / kDetectorManifest);
    if (!detector.ok()) return detector.error();
    auto landmarks = WeightMap::load(modelDir / kLandmarkManifest);
    if (!landmarks.ok()) return landmarks.error();
    auto recognition = WeightMap::load(modelDir / kRecognitionManifest);
    if (!recognition.ok()) return recognition.error();
    try {
        auto impl =
            std::make_unique<Impl>(settings, chooseBackend(preference, probeAccelerators()),
                                   detector.value(), landmarks.value(), recognition.value());
        return std::unique_ptr<FaceAnalyzer>(new FaceAnalyzer(std::move(impl)));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::ModelError,
                         std::string("the model files do not fit face-api's networks: ") + e.what(),
                         modelDir.string());
    }
}

const BackendChoice& FaceAnalyzer::backend() const {
    return impl_->backend;
}
const std::optional<std::string>& FaceAnalyzer::fallbackWarning() const {
    return impl_->fallbackWarning;
}
const AnalyzerSettings& FaceAnalyzer::settings() const {
    return impl_->settings;
}

std::string FaceAnalyzer::modelId() const {
    const auto& s = impl_->settings;
    return std::string("face-api-1.7.15/") +
           (s.detector.mode == DetectionMode::MultiScale ? "multiscale/" : "faceapi-single/") +
           (s.alignment == Alignment::Similarity ? "similarity" : "faceapi-crop");
}

Result<std::vector<Face>> FaceAnalyzer::analyze(const image::EncodedImage& photo,
                                                AnalyzeTimings* timings, image::Raster* decoded) {
    AnalyzeTimings t;
    auto start = Clock::now();
    // face-api mode decodes everything, as face-api does; Kith decodes what detection needs.
    auto raster = image::decode(photo, impl_->faceApiMode() ? 0 : kDetectionLongSide);
    if (!raster.ok()) return raster.error();
    t.decodeMs = millisecondsSince(start);
    try {
        const auto before = impl_->forwardTotals();
        const float scale = static_cast<float>(raster.value().scale);
        auto faces = impl_->onBackend([&] {
            start = Clock::now();
            const std::vector<Detection> detections =
                impl_->detect(raster.value().bgr, scale, &t, &photo);
            t.detectMs = millisecondsSince(start);
            return impl_->describe(raster.value().bgr, scale, &photo, detections, t);
        });
        impl_->addForwardTime(before, t);
        if (timings) *timings = t;
        if (decoded) *decoded = std::move(raster.value());
        return faces;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::InferenceError, std::string("inference failed: ") + e.what(),
                         photo.name);
    }
}

Result<Face> FaceAnalyzer::describeBox(const image::EncodedImage& photo, cv::Rect2f box,
                                       image::Raster* decoded) {
    if (box.width < 8 || box.height < 8)
        return makeError(ErrorCode::InvalidArgument, "a face box needs at least 8 x 8 pixels");
    image::Raster own;
    image::Raster& raster = decoded ? *decoded : own;
    if (raster.bgr.empty()) {
        auto fresh = image::decode(photo, kDetectionLongSide);
        if (!fresh.ok()) return fresh.error();
        raster = std::move(fresh.value());
    }
    try {
        AnalyzeTimings t;
        const float scale = static_cast<float>(raster.scale);
        const Detection drawn{
            cv::Rect2f(box.x * scale, box.y * scale, box.width * scale, box.height * scale), 1.f};
        return impl_->onBackend(
            [&] { return impl_->describe(raster.bgr, scale, &photo, {drawn}, t).front(); });
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::InferenceError, std::string("inference failed: ") + e.what(),
                         photo.name);
    }
}

Result<std::vector<Face>> FaceAnalyzer::analyzePixels(const cv::Mat& bgr, AnalyzeTimings* timings) {
    AnalyzeTimings t;
    try {
        const auto before = impl_->forwardTotals();
        auto faces = impl_->onBackend([&] {
            const auto start = Clock::now();
            const std::vector<Detection> detections = impl_->detect(bgr, 1.f, &t);
            t.detectMs = millisecondsSince(start);
            return impl_->describe(bgr, 1.f, nullptr, detections, t);
        });
        impl_->addForwardTime(before, t);
        if (timings) *timings = t;
        return faces;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::InferenceError, std::string("inference failed: ") + e.what());
    }
}

std::vector<std::pair<cv::Rect2f, float>> FaceAnalyzer::detect(const cv::Mat& bgr) {
    return detectWithTimings(bgr, nullptr);
}

std::vector<std::pair<cv::Rect2f, float>> FaceAnalyzer::detectWithTimings(const cv::Mat& bgr,
                                                                          AnalyzeTimings* timings) {
    const auto start = Clock::now();
    const auto before = impl_->forwardTotals();
    std::vector<std::pair<cv::Rect2f, float>> boxes;
    for (const Detection& d : impl_->onBackend([&] { return impl_->detect(bgr, 1.f, timings); }))
        boxes.emplace_back(d.box, d.score);
    if (timings) {
        timings->detectMs = millisecondsSince(start);
        impl_->addForwardTime(before, *timings);
    }
    return boxes;
}

std::array<cv::Point2f, kLandmarkCount> FaceAnalyzer::landmarksForBox(const cv::Mat& bgr,
                                                                      cv::Rect2f box) {
    return impl_->onBackend([&] { return impl_->landmarks(bgr, {box}).front(); });
}

cv::Rect2f FaceAnalyzer::faceApiRecognitionBox(
    const std::array<cv::Point2f, kLandmarkCount>& points, cv::Size detectorCrop) {
    return vision::faceApiRecognitionBox(points, detectorCrop);
}

std::array<float, kEmbeddingSize> FaceAnalyzer::rawDescriptorOfCrop(const cv::Mat& bgr,
                                                                    cv::Rect2f crop) {
    const cv::Mat input = squareCropInput(bgr, faceApiClip(crop, bgr.size()),
                                          RecognitionNet::kInputSize, impl_->resampling());
    const cv::Mat raw = impl_->onBackend([&] { return impl_->recognitionNet.forward({input}); });
    std::array<float, kEmbeddingSize> out{};
    std::copy_n(raw.ptr<float>(0), kEmbeddingSize, out.begin());
    return out;
}

}  // namespace kith::vision
