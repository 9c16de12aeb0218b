// kith::vision — finds every face in a photo and describes each with a 128-d embedding good
// enough to tell people apart. Runs face-api's three networks (SSD MobileNetV1 detector,
// 68-point landmarks, ResNet recognition) in OpenCV DNN, on CUDA when OpenCV has it, else on an
// OpenCL GPU when there is one, else on the CPU.
//
//   auto analyzer = FaceAnalyzer::load(modelDir, settings);   // once per thread
//   auto faces = analyzer.value()->analyze(encodedImage);      // per photo
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kith/common/embedding.h"
#include "kith/common/result.h"
#include "kith/image.h"

namespace kith::vision {

using kith::kEmbeddingSize;
inline constexpr int kLandmarkCount = 68;
/// Photos are decoded for detection at this long side at least (JPEG shrinks in the decoder);
/// faces too small in that raster are cut from a full-resolution decode of their region.
inline constexpr int kDetectionLongSide = 1024;

/// An L2-normalised face descriptor. Same person: small Euclidean distance.
using Embedding = std::array<float, kEmbeddingSize>;

/// Euclidean distance between two normalised embeddings (0 = identical, 2 = opposite).
float embeddingDistance(const Embedding& a, const Embedding& b);

/// Two faces at most this far apart are the same person (kith/common/embedding.h). The
/// recognition network's authors give 0.6 on its raw descriptors, whose length is about 1.5
/// (measured on any faces, no labels needed): 0.6 / 1.5 = 0.40 on normalised embeddings. See
/// docs/vision.md.
using kith::kSamePersonDistance;

/// One face found in a photo. Coordinates are pixels of the full-size, oriented photo.
struct Face {
    cv::Rect2f box;   // the detector's box, clipped to the photo
    float score = 0;  // detector confidence, 0..1
    std::array<cv::Point2f, kLandmarkCount> landmarks{};  // iBUG 68-point order
    Embedding embedding{};
};

/// The largest face of a photo (by box area), or null when there is none. The labelled face of
/// a labelled photo is its largest.
const Face* largestFace(const std::vector<Face>& faces);

/// How faces are found.
enum class DetectionMode {
    /// Kith's default: an overview pass plus passes that zoom out (faces filling the frame) and
    /// in (small faces), merged. See DESIGN-vision.md in docs/ for the calibration.
    MultiScale,
    /// Exactly what face-api does: one 512x512 pass, image padded at the bottom/right, TF
    /// bilinear resize. Used to prove the port against face-api's own output.
    FaceApiSingleScale,
};

/// How a face is cut out before embedding.
enum class Alignment {
    /// A similarity transform from the landmarks: the eye line made horizontal, then framed as
    /// face-api frames its crops (eyes-to-mouth distance = 0.45 of the chip). Default.
    Similarity,
    /// face-api's own crop: the same framing, axis-aligned, no rotation.
    FaceApiCrop,
};

/// The passes of multi-scale detection; the defaults are Kith's calibrated choice (see
/// docs/vision.md for how they were chosen). Sizes are network input pixels.
struct MultiScalePlan {
    // 1. Overview: the whole photo, long side at this size (the detector's native 512 costs
    //    1.6x as much as 400 for little gain on ordinary photos; small faces get tiles below).
    int overviewLongSide = 384;
    float overviewMargin = 0.1f;  // mirrored border around the photo, fraction of its long side
    // 2. Zoom-out: the photo shrunk into the middle of a square, for faces filling the frame.
    int zoomOutSide = 224;  // 0 = never
    float zoomOutImageFraction = 0.55f;
    // 3. Second looks: an uncertain overview candidate is looked at again, centred and larger.
    int secondLooks = 4;  // at most this many per photo
    int secondLookSide = 224;
    float secondLookMinScore = 0.15f;     // candidates from this score up
    float secondLookFaceFraction = 0.5f;  // the candidate's size, as a fraction of the input
    // 4. Tiles: where the overview saw small faces, the photo is covered by zoomed-in tiles.
    int tileSide = 448;
    float tileZoom = 2.0f;      // tile scale relative to the overview scale
    float tileOverlap = 0.25f;  // fraction of a tile shared with its neighbour
    int maxTiles = 16;          // a crowd is zoomed less rather than tiled more
    // No tiles where a face found is at least this share of the photo's short side: a portrait,
    // whose small faces are passers-by behind its subject; the overview keeps those it sees,
    // and sweeping the background for more would cost a portrait 5-16 passes.
    float portraitFaceFraction = 0.25f;
    // 5. Deeper tiles: where a level of tiles still sees faces under 48 input pixels (a crowd
    //    far away in a large photo), the next level zooms in tileZoom times more over the area
    //    of those faces, up to the photo's full resolution (read from its file region by
    //    region when the raster is reduced); at most maxTiles per level.
    int tileLevels = 4;  // levels of tiles at most; 1: one level, at tileZoom
    // Thorough: every photo is tiled, whatever the overview saw, down to where a face of
    // DetectorSettings::minFaceSize is seen at 20 input pixels (full resolution for 20 px),
    // 4x zoom per level and no tile limit. Finds a lone small face in a large photo, at ~120
    // passes for a 12-megapixel photo (docs/vision.md). Off by default.
    bool sweep = false;
};

struct DetectorSettings {
    DetectionMode mode = DetectionMode::MultiScale;
    float minScore = 0.5f;  // candidates below this confidence are dropped
    // Faces whose box is smaller than this (longer side, pixels of the full-size photo) are
    // dropped: the detector's seed size, below which boxes are mostly not faces. Faces from
    // here to people::kTrustedFaceSide (48 px) are kept, shown and nameable, but their
    // embedding drifts (bench/face_size), so people takes them as weak evidence only.
    float minFaceSize = 20.f;
    int maxFaces = 200;  // per photo, highest scores first
    MultiScalePlan multiScale;
};

struct AnalyzerSettings {
    DetectorSettings detector;
    Alignment alignment = Alignment::Similarity;
    /// Fault seam for tests: called before each forward pass on an accelerator (never on the
    /// CPU); what it throws is taken as that backend failing at run time. Empty in production.
    std::function<void()> beforeAcceleratedForward;
};

/// Where inference runs, as asked for (`--backend`, Settings).
enum class BackendPreference {
    Auto,        // CUDA when OpenCV offers it, else an OpenCL GPU, else the CPU
    Cpu,         // OpenCV DNN's own CPU code
    OpenCl,      // OpenCV DNN on an OpenCL device, 32-bit floats
    OpenClFp16,  // the same in 16-bit floats: faster on GPUs that have them, less exact
    Cuda,        // OpenCV DNN's CUDA backend (only in an OpenCV built with it)
};

/// Where inference actually runs.
enum class Backend { Cpu, OpenCl, OpenClFp16, Cuda };

/// The accelerators this process's OpenCV can use, asked at run time (probeAccelerators()).
struct AcceleratorProbe {
    bool cuda = false;  // a CUDA DNN target and at least one CUDA device
    std::string cudaDevice;
    bool openCl = false;         // cv::ocl has a default device
    bool openClIsGpu = false;    // ... of type GPU
    bool openClHasFp16 = false;  // ... with cl_khr_fp16
    bool openClIsIntel = false;  // ... made by Intel (OpenCV DNN runs fp16 there only, unless
                                 // OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1)
    /// OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES is set: OpenCV DNN also runs OpenCL on a device that
    /// is not a GPU (POCL, for tests). Without it, OpenCV quietly runs such a net on the CPU.
    bool openClAllowAllDevices = false;
    std::string openClDevice;  // the device's name, as its driver gives it
};

struct BackendChoice {
    Backend backend = Backend::Cpu;
    std::string device = "CPU";  // the device's name
    std::string description;     // for the log and Settings: which backend, which device, why
};

/// The backend for a preference, given what the probe found. Pure, so the selection logic is
/// testable without a GPU. A backend asked for but not usable falls back to the CPU (or fp16 to
/// fp32 OpenCL) and the description says why.
BackendChoice chooseBackend(BackendPreference preference, const AcceleratorProbe& probe);

/// Asks OpenCV which accelerators it can use. The OpenCL device is OpenCV's default one: a GPU
/// unless OPENCV_OPENCL_DEVICE says otherwise (":CPU:" picks POCL).
AcceleratorProbe probeAccelerators();

/// Parses "auto", "cpu", "opencl", "opencl-fp16" or "cuda".
std::optional<BackendPreference> parseBackendPreference(const std::string& text);
/// The word parseBackendPreference() reads back.
std::string backendPreferenceName(BackendPreference preference);
/// Every preference, in the order menus list them.
inline constexpr BackendPreference kBackendPreferences[] = {
    BackendPreference::Auto, BackendPreference::Cpu, BackendPreference::OpenCl,
    BackendPreference::OpenClFp16, BackendPreference::Cuda};

/// The folder holding face-api's weight files: `explicitDir` if given, else $KITH_MODELS_DIR,
/// else $XDG_CACHE_HOME/kith/models (~/.cache/kith/models), else the installed copy beside the
/// running program (<exe dir>/../share/kith/models), else /usr/share/kith/models. The first that
/// holds all three models wins; the error lists where it looked.
Result<std::filesystem::path> findModelDirectory(
    const std::optional<std::filesystem::path>& explicitDir = std::nullopt);

/// Per-photo timings, for benchmarks (milliseconds). The *ForwardMs parts are the time spent
/// inside the networks themselves; the rest of each stage is preparing their inputs.
struct AnalyzeTimings {
    double decodeMs = 0;
    double detectMs = 0;
    double landmarksMs = 0;
    double embedMs = 0;
    double detectorForwardMs = 0;
    double landmarkForwardMs = 0;
    double recognitionForwardMs = 0;
    int detectorPasses = 0;
    double extraPassesMs = 0;       // part of detectMs spent after the overview pass
    int fullResolutionRegions = 0;  // faces cut from a full-size decode of their region

    double totalMs() const { return decodeMs + detectMs + landmarksMs + embedMs; }
    double forwardMs() const {
        return detectorForwardMs + landmarkForwardMs + recognitionForwardMs;
    }
};

/// Thread-safety: an analyzer is used by one thread at a time (it owns its networks); create
/// one per worker thread.
class FaceAnalyzer {
  public:
    /// Loads the three networks from `modelDir`. Errors: ModelError (missing or damaged files).
    static Result<std::unique_ptr<FaceAnalyzer>> load(const std::filesystem::path& modelDir,
                                                      const AnalyzerSettings& settings,
                                                      BackendPreference backend);
    ~FaceAnalyzer();
    FaceAnalyzer(const FaceAnalyzer&) = delete;
    FaceAnalyzer& operator=(const FaceAnalyzer&) = delete;

    /// Where inference runs now: the choice made at load, or the CPU after a fallback.
    const BackendChoice& backend() const;
    /// Set once the chosen accelerator failed at run time and this analyzer moved to the CPU:
    /// the one warning to show (which backend, what failed). The failing photo was analysed
    /// again on the CPU, so no photo is lost to it.
    const std::optional<std::string>& fallbackWarning() const;
    const AnalyzerSettings& settings() const;
    /// Names the models and the way they were run ("face-api-1.7.15/multiscale/similarity"),
    /// stored with every face: embeddings from different models do not compare.
    std::string modelId() const;

    /// Every face of a photo, highest score first. `decoded`, when given, receives the raster
    /// detection ran on (for thumbnails). Errors: CorruptData and the like from decoding,
    /// InferenceError when the inference engine fails.
    Result<std::vector<Face>> analyze(const image::EncodedImage& photo,
                                      AnalyzeTimings* timings = nullptr,
                                      image::Raster* decoded = nullptr);

    /// Landmarks and embedding for a face a person boxed by hand (`box`: pixels of the oriented,
    /// full-size photo), as if the detector had found it there (score 1).
    /// `decoded`, when given, is the photo as analyze() decoded it, used instead of decoding it
    /// again; when it is empty, it receives the decode made here (for the next box, and for
    /// thumbnails).
    Result<Face> describeBox(const image::EncodedImage& photo, cv::Rect2f box,
                             image::Raster* decoded = nullptr);

    /// The same for pixels already decoded (BGR, oriented, full size).
    Result<std::vector<Face>> analyzePixels(const cv::Mat& bgr, AnalyzeTimings* timings = nullptr);

    // ---- The steps one by one, as face-api runs them (for parity tests and tools). ----

    /// Detector boxes and scores on full-size pixels, with the configured detection mode.
    std::vector<std::pair<cv::Rect2f, float>> detect(const cv::Mat& bgr);
    /// The same, reporting the time and number of detector passes.
    std::vector<std::pair<cv::Rect2f, float>> detectWithTimings(const cv::Mat& bgr,
                                                                AnalyzeTimings* timings);
    /// face-api's landmarks for a detector box (crop clipped to the photo, zero-padded square).
    std::array<cv::Point2f, kLandmarkCount> landmarksForBox(const cv::Mat& bgr, cv::Rect2f box);
    /// face-api's recognition crop for a face: its `useDlibAlignment` box. `detectorCrop` is the
    /// integer crop the landmarks were computed on (face-api limits the box by its size).
    static cv::Rect2f faceApiRecognitionBox(const std::array<cv::Point2f, kLandmarkCount>& points,
                                            cv::Size detectorCrop);
    /// The raw (not normalised) descriptor of an axis-aligned crop, as face-api computes it.
    std::array<float, kEmbeddingSize> rawDescriptorOfCrop(const cv::Mat& bgr, cv::Rect2f crop);

  private:
    struct Impl;
    explicit FaceAnalyzer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kith::vision
