// Face detection on top of the SSD network: face-api's single pass, and Kith's multi-scale
// detection (overview, zoom-out, zoom-in tiles) with the merge of their results.
#pragma once

#include <functional>
#include <opencv2/core.hpp>
#include <vector>

#include "kith/vision.h"
#include "ssd_mobilenet_net.h"

namespace kith::vision {

struct Detection {
    cv::Rect2f box;  // pixels of the image given to the detector
    float score;
};

/// What a window shows where its source extends past the photo.
enum class Border {
    Mirror,  // the photo reflected at its edge: a face cut off by the frame is completed by its
             // own mirror image, which the detector finds far more easily than half a face
    Grey,    // neutral grey (zero after normalisation): the photo as a picture in a frame
};

/// A view of the image given to the network: `source` (image pixels; may extend past the image)
/// resized to `input`.
struct DetectionWindow {
    cv::Rect2f source;
    cv::Size input;
    bool isTile = false;  // a zoomed-in part of the image: boxes cut by its inner edges are dropped
    Border border = Border::Mirror;
};

/// Pixels finer than the raster detection runs on: regions of the photo at full resolution,
/// read from its file. Tiles zoomed in beyond the raster's own pixels take theirs from here.
struct FinerPixels {
    /// The region (full-size photo pixels, inside the photo) at full resolution; an empty
    /// matrix when it cannot be read (the tile then uses the raster's pixels).
    std::function<cv::Mat(cv::Rect)> read;
    float rasterScale = 1.f;  // raster pixels per full-size photo pixel
};

/// Thread-safety: not thread-safe (uses one network).
class FaceDetector {
  public:
    explicit FaceDetector(SsdMobilenetNet& net) : net_(net) {}

    /// face-api's detection, reproduced: pad bottom/right to a square with zeros, TF-bilinear
    /// resize to 512, one pass, its NMS (IoU 0.5) and its box clipping.
    std::vector<Detection> detectFaceApi(const cv::Mat& bgr, float minScore, int maxResults);

    /// Kith's multi-scale detection on a (possibly reduced) image. Adds the number of passes
    /// and the time beyond the overview to `timings` when given.
    /// `finer`, when given, lets tiles zoom in beyond the raster, up to the photo's full
    /// resolution; `minFaceSide` (raster pixels) is the smallest face wanted.
    std::vector<Detection> detectMultiScale(const cv::Mat& bgr, const MultiScalePlan& plan,
                                            float minScore, int maxResults,
                                            AnalyzeTimings* timings = nullptr,
                                            const FinerPixels* finer = nullptr,
                                            float minFaceSide = 0);

    /// One pass of detectMultiScale: the faces `window` sees, in image pixels, without boxes
    /// cut by a tile's inner edges, overlaps merged.
    std::vector<Detection> detectWindow(const cv::Mat& bgr, const DetectionWindow& window,
                                        float minScore, int maxResults,
                                        const FinerPixels* finer = nullptr);

  private:
    // The candidates of one window, in image pixels.
    std::vector<Detection> runWindow(const cv::Mat& bgr, const DetectionWindow& window,
                                     float minScore, const FinerPixels* finer);

    SsdMobilenetNet& net_;
};

/// The whole image with a grey margin (fraction of its long side), at `longSide` input pixels.
DetectionWindow overviewWindow(cv::Size image, int longSide, float marginFraction);

/// The image shrunk into the middle of a square input of `side` pixels, its long side taking
/// `imageFraction` of it: a face filling the photo then looks like a face in a scene, the way
/// the detector was trained to see faces.
DetectionWindow zoomOutWindow(cv::Size image, int side, float imageFraction);

/// Overlapping tiles covering the image at `scale` input pixels per image pixel, each input at
/// most side x side; tiles on the image border get a grey margin like the overview.
std::vector<DetectionWindow> tileWindows(cv::Size image, int side, float scale, float overlap,
                                         float marginFraction);
/// The same over `area` only (image pixels, inside the image): edges of the area inside the
/// image are inner edges, shared with what lies beyond.
std::vector<DetectionWindow> tileWindows(cv::Size image, const cv::Rect2f& area, int side,
                                         float scale, float overlap, float marginFraction);

/// A second look at an uncertain candidate: a square window centred on it, the candidate
/// taking plan.secondLookFaceFraction of it (the window never enlarges the photo more than 2x).
DetectionWindow secondLookWindow(const cv::Rect2f& candidate, const MultiScalePlan& plan);

/// Whether a tile's box touches one of the tile's inner edges: a face cut in two by the tiling,
/// which the neighbouring tile sees whole.
bool cutByInnerEdge(const Detection& d, const DetectionWindow& w, cv::Size image);

/// Whether two boxes from different views are the same face: they overlap by more than
/// `iouThreshold` IoU, the smaller lies mostly (> `containment`) inside the other, or the centre
/// of one lies inside the other (views box a face a little differently).
bool sameFace(const cv::Rect2f& a, const cv::Rect2f& b, float iouThreshold, float containment);

/// Greedy non-maximum suppression: keeps the best box of each group of boxes of the same face
/// (see sameFace).
std::vector<Detection> suppressOverlaps(std::vector<Detection> detections, float iouThreshold,
                                        float containment, int maxResults);

}  // namespace kith::vision
