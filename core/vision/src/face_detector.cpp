#include "face_detector.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>

#include "tensor_input.h"

namespace kith::vision {
namespace {

constexpr float kFaceApiIou = 0.5f;
constexpr float kMergeIou = 0.4f;
constexpr float kMergeContainment = 0.75f;
const cv::Scalar kFill = cv::Scalar::all(127.5);  // neutral grey: zero after normalisation
// A box needs this much of its area inside the photo: a face cut off at the border and
// completed by its mirror image has about half.
constexpr float kMinVisibleFraction = 0.4f;
// Inputs are extended at the right and bottom to a multiple of this, with grey (boxes are
// unaffected: the origin stays). The anchors follow the cells on any input size
// (SsdMobilenetNet::anchorsForLayer); the padding is kept because it measured better on top of
// that: with it the two layers of the smallest anchors never meet an odd size, and
// bench/detection_recall's singles are 15/15 rather than 14/15 (a multiple of 64 finds no more
// and would pad a 224 input to 256).
constexpr int kInputAlignment = 32;

int alignedUp(int size) {
    return (size + kInputAlignment - 1) / kInputAlignment * kInputAlignment;
}

float iou(const cv::Rect2f& a, const cv::Rect2f& b) {
    const float inter = (a & b).area();
    const float uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0.f;
}

cv::Point2f centreOf(const cv::Rect2f& r) {
    return {r.x + r.width / 2, r.y + r.height / 2};
}

float containment(const cv::Rect2f& a, const cv::Rect2f& b) {
    const float smaller = std::min(a.area(), b.area());
    return smaller > 0 ? (a & b).area() / smaller : 0.f;
}

cv::Rect2f clipToImage(const cv::Rect2f& box, cv::Size size) {
    return box & cv::Rect2f(0, 0, static_cast<float>(size.width), static_cast<float>(size.height));
}

// Greedy suppression: the best-scoring detections first, each kept unless `same` says it is a
// face already kept.
template <typename Same>
std::vector<Detection> keepBest(std::vector<Detection> detections, int maxResults, Same same) {
    std::stable_sort(detections.begin(), detections.end(),
                     [](const Detection& a, const Detection& b) { return a.score > b.score; });
    std::vector<Detection> kept;
    for (const Detection& candidate : detections) {
        if (static_cast<int>(kept.size()) >= maxResults) break;
        if (std::none_of(kept.begin(), kept.end(),
                         [&](const Detection& k) { return same(candidate.box, k.box); }))
            kept.push_back(candidate);
    }
    return kept;
}

}  // namespace

// The window over the whole image with a grey margin, at `longSide` input pixels.
DetectionWindow overviewWindow(cv::Size image, int longSide, float marginFraction) {
    const float margin = marginFraction * std::max(image.width, image.height);
    const cv::Rect2f source(-margin, -margin, image.width + 2 * margin, image.height + 2 * margin);
    const float scale = longSide / std::max(source.width, source.height);
    return {source,
            cv::Size(std::max(32, static_cast<int>(std::lround(source.width * scale))),
                     std::max(32, static_cast<int>(std::lround(source.height * scale)))),
            false};
}

// The image shrunk into the middle of a square input, so a face filling the photo looks like a
// face in a scene, the way the detector was trained to see them.
DetectionWindow zoomOutWindow(cv::Size image, int side, float imageFraction) {
    const float span = std::max(image.width, image.height) / imageFraction;
    const cv::Rect2f source(image.width / 2.f - span / 2, image.height / 2.f - span / 2, span,
                            span);
    return {source, cv::Size(side, side), false, Border::Grey};
}

// Overlapping tiles covering `area` of the image at `scale` input pixels per image pixel, each
// with an input of at most side x side; tiles on the image border get a (mirrored) margin like
// the overview.
std::vector<DetectionWindow> tileWindows(cv::Size image, const cv::Rect2f& area, int side,
                                         float scale, float overlap, float marginFraction) {
    const float span = side / scale;  // tile side in image pixels
    auto starts = [&](float from, float length) {
        std::vector<float> positions;
        if (span >= length) return std::vector<float>{from};
        const int count =
            static_cast<int>(std::ceil((length - span * overlap) / (span * (1 - overlap))));
        for (int i = 0; i < count; ++i)
            positions.push_back(from + (count == 1 ? 0.f : i * (length - span) / (count - 1)));
        return positions;
    };
    const float margin = marginFraction * span;
    std::vector<DetectionWindow> windows;
    for (float y : starts(area.y, area.height))
        for (float x : starts(area.x, area.width)) {
            cv::Rect2f source(x, y, std::min(span, area.width), std::min(span, area.height));
            // Outer edges get a margin; inner edges are shared with a neighbour.
            if (source.x <= 0) source.x -= margin, source.width += margin;
            if (source.y <= 0) source.y -= margin, source.height += margin;
            if (source.x + source.width >= image.width) source.width += margin;
            if (source.y + source.height >= image.height) source.height += margin;
            windows.push_back({source,
                               cv::Size(static_cast<int>(std::lround(source.width * scale)),
                                        static_cast<int>(std::lround(source.height * scale))),
                               true});
        }
    return windows;
}

std::vector<DetectionWindow> tileWindows(cv::Size image, int side, float scale, float overlap,
                                         float marginFraction) {
    return tileWindows(image, cv::Rect2f(0, 0, image.width, image.height), side, scale, overlap,
                       marginFraction);
}

// A tile's box that touches one of its inner edges is a face cut in two by the tiling; the
// neighbouring tile sees it whole.
bool cutByInnerEdge(const Detection& d, const DetectionWindow& w, cv::Size image) {
    const float tolerance = 2.f * w.source.width / w.input.width;
    const cv::Rect2f& s = w.source;
    return (s.x > 0 && d.box.x <= s.x + tolerance) || (s.y > 0 && d.box.y <= s.y + tolerance) ||
           (s.x + s.width < image.width && d.box.x + d.box.width >= s.x + s.width - tolerance) ||
           (s.y + s.height < image.height && d.box.y + d.box.height >= s.y + s.height - tolerance);
}

bool sameFace(const cv::Rect2f& a, const cv::Rect2f& b, float iouThreshold,
              float containmentThreshold) {
    return iou(a, b) > iouThreshold || containment(a, b) > containmentThreshold ||
           a.contains(centreOf(b)) || b.contains(centreOf(a));
}

std::vector<Detection> suppressOverlaps(std::vector<Detection> detections, float iouThreshold,
                                        float containmentThreshold, int maxResults) {
    return keepBest(std::move(detections), maxResults,
                    [&](const cv::Rect2f& a, const cv::Rect2f& b) {
                        return sameFace(a, b, iouThreshold, containmentThreshold);
                    });
}

std::vector<Detection> FaceDetector::detectFaceApi(const cv::Mat& bgr, float minScore,
                                                   int maxResults) {
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    const int side = SsdMobilenetNet::kTrainedInputSize;
    const cv::Mat input =
        resizeBilinearLegacy(padToSquare(rgb, SquarePlacement::TopLeft), side, side);
    std::vector<Detection> candidates;
    const auto perInput = net_.forward({input}, minScore);
    for (const SsdCandidate& c : perInput.front())
        candidates.push_back({c.box, c.score});
    // face-api's NMS: IoU alone.
    std::vector<Detection> kept =
        keepBest(candidates, maxResults,
                 [](const cv::Rect2f& a, const cv::Rect2f& b) { return iou(a, b) > kFaceApiIou; });
    // Boxes are clipped to the padded square's [0, 1] range and scaled back to the image.
    const float toImage = static_cast<float>(std::max(bgr.cols, bgr.rows)) / side;
    for (Detection& d : kept) {
        const cv::Rect2f clipped = d.box & cv::Rect2f(0, 0, side, side);
        d.box = cv::Rect2f(clipped.x * toImage, clipped.y * toImage, clipped.width * toImage,
                           clipped.height * toImage);
    }
    return kept;
}

namespace {

// The pixels of `inside` (raster pixels) to resize for a window at `scale` input pixels per
// raster pixel: the raster's own, or where the window enlarges the raster and finer pixels are
// at hand, the photo's full-resolution pixels of that region.
cv::Mat windowPixels(const cv::Mat& bgr, const cv::Rect& inside, float scale,
                     const FinerPixels* finer) {
    if (finer && finer->read && scale > 1.f && finer->rasterScale < 1.f) {
        const float toPhoto = 1.f / finer->rasterScale;
        const cv::Rect region(cv::Point(static_cast<int>(std::floor(inside.x * toPhoto)),
                                        static_cast<int>(std::floor(inside.y * toPhoto))),
                              cv::Point(static_cast<int>(std::ceil(inside.br().x * toPhoto)),
                                        static_cast<int>(std::ceil(inside.br().y * toPhoto))));
        cv::Mat full = finer->read(region);
        if (!full.empty()) return full;
    }
    return bgr(inside);
}

}  // namespace

std::vector<Detection> FaceDetector::runWindow(const cv::Mat& bgr, const DetectionWindow& window,
                                               float minScore, const FinerPixels* finer) {
    const cv::Rect imageRect(0, 0, bgr.cols, bgr.rows);
    // The source on whole pixels, and the part of it inside the photo.
    const cv::Rect source(cv::Point(static_cast<int>(std::floor(window.source.x)),
                                    static_cast<int>(std::floor(window.source.y))),
                          cv::Point(static_cast<int>(std::ceil(window.source.br().x)),
                                    static_cast<int>(std::ceil(window.source.br().y))));
    const cv::Rect inside = source & imageRect;
    if (inside.empty()) return {};
    const float scaleX = window.input.width / window.source.width;
    const float scaleY = window.input.height / window.source.height;

    // The part inside the photo resized to the input scale, then the parts outside it added at
    // that scale, mirrored or grey (cheaper than bordering the full-size image first).
    const cv::Size target(std::max(1, static_cast<int>(std::lround(source.width * scaleX))),
                          std::max(1, static_cast<int>(std::lround(source.height * scaleY))));
    const int left = static_cast<int>(std::lround((inside.x - source.x) * scaleX));
    const int top = static_cast<int>(std::lround((inside.y - source.y) * scaleY));
    const cv::Size insideTarget(
        std::clamp(static_cast<int>(std::lround(inside.width * scaleX)), 1, target.width - left),
        std::clamp(static_cast<int>(std::lround(inside.height * scaleY)), 1, target.height - top));
    const cv::Mat pixels = windowPixels(bgr, inside, scaleX, finer);
    cv::Mat resized, rgb;
    cv::resize(pixels, resized, insideTarget, 0, 0,
               insideTarget.width < pixels.cols ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::copyMakeBorder(
        resized, resized, top, target.height - top - insideTarget.height, left,
        target.width - left - insideTarget.width,
        window.border == Border::Mirror ? cv::BORDER_REFLECT_101 : cv::BORDER_CONSTANT, kFill);
    cv::copyMakeBorder(resized, resized, 0, alignedUp(resized.rows) - resized.rows, 0,
                       alignedUp(resized.cols) - resized.cols, cv::BORDER_CONSTANT, kFill);
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(rgb, CV_32FC3);

    std::vector<Detection> found;
    const float backX = static_cast<float>(source.width) / target.width;
    const float backY = static_cast<float>(source.height) / target.height;
    const auto perInput = net_.forward({rgb}, minScore);
    for (const SsdCandidate& c : perInput.front()) {
        const cv::Rect2f box(c.box.x * backX + source.x, c.box.y * backY + source.y,
                             c.box.width * backX, c.box.height * backY);
        // A box mostly beyond the photo is a mirror image of a face, not a face.
        const cv::Rect2f visible = box & cv::Rect2f(imageRect);
        if (visible.area() < kMinVisibleFraction * box.area()) continue;
        found.push_back({box, c.score});
    }
    return found;
}

namespace {

constexpr float kAnySize = std::numeric_limits<float>::max();

// Under this many input pixels the detector's box for a face is loose (its smallest anchors
// are 51 px): the overview's box of a 20-px face is often half again too tall.
constexpr float kSmallestSureSide = 48.f;

float inputScale(const DetectionWindow& window) {
    return window.input.width / window.source.width;
}

// The faces found so far by the passes of one photo, most trusted first. Each pass answers for
// a range of face sizes and adds only faces no earlier pass found: the overview's boxes are the
// closest to what the landmark network was trained on, so a zoomed view never replaces them,
// except where the overview saw the face too small to box it well.
class FoundFaces {
  public:
    FoundFaces(cv::Size image, float minScore) : image_(image), minScore_(minScore) {}

    // Different views box the same face a little differently (see sameFace).
    bool knows(const cv::Rect2f& box) const {
        return std::any_of(faces_.begin(), faces_.end(),
                           [&](const Found& f) { return isSameFace(box, f); });
    }

    // Adds the confident, new detections whose longer side is within [minSide, maxSide], seen
    // by a pass at `scale` input pixels per image pixel.
    void addNew(const std::vector<Detection>& found, float scale, float minSide = 0,
                float maxSide = kAnySize) {
        for (const Detection& d : found) {
            const cv::Rect2f box = clipToImage(d.box, image_);
            const float side = std::max(box.width, box.height);
            if (d.score < minScore_ || box.empty() || side < minSide || side > maxSide) continue;
            const auto known = find(box);
            if (known == faces_.end())
                faces_.push_back({{box, d.score}, side * scale});
            else if (known->inputSide < kSmallestSureSide && side * scale > known->inputSide)
                *known = {{box, std::max(d.score, known->detection.score)}, side * scale};
        }
    }

    // The smallest box holding every face whose longer side is under `side`; empty if none.
    cv::Rect2f areaOfFacesUnder(float side) const {
        cv::Rect2f area;
        for (const Found& f : faces_)
            if (std::max(f.detection.box.width, f.detection.box.height) < side)
                area = area.empty() ? f.detection.box : (area | f.detection.box);
        return area;
    }

    float largestSide() const {
        float largest = 0;
        for (const Found& f : faces_)
            largest = std::max(largest, std::max(f.detection.box.width, f.detection.box.height));
        return largest;
    }

    std::vector<Detection> best(int maxResults) && {
        std::vector<Detection> faces;
        for (const Found& f : faces_)
            faces.push_back(f.detection);
        std::stable_sort(faces.begin(), faces.end(),
                         [](const Detection& a, const Detection& b) { return a.score > b.score; });
        if (static_cast<int>(faces.size()) > maxResults) faces.resize(maxResults);
        return faces;
    }

  private:
    struct Found {
        Detection detection;
        float inputSide;  // its longer side in the input of the pass that boxed it
    };

    static bool isSameFace(const cv::Rect2f& box, const Found& f) {
        return sameFace(box, f.detection.box, kMergeIou, kMergeContainment);
    }

    std::vector<Found>::iterator find(const cv::Rect2f& box) {
        return std::find_if(faces_.begin(), faces_.end(),
                            [&](const Found& f) { return isSameFace(box, f); });
    }

    cv::Size image_;
    float minScore_;
    std::vector<Found> faces_;
};

}  // namespace

std::vector<Detection> FaceDetector::detectWindow(const cv::Mat& bgr, const DetectionWindow& window,
                                                  float minScore, int maxResults,
                                                  const FinerPixels* finer) {
    std::vector<Detection> found;
    for (const Detection& d : runWindow(bgr, window, minScore, finer))
        if (!(window.isTile && cutByInnerEdge(d, window, bgr.size()))) found.push_back(d);
    return suppressOverlaps(found, kMergeIou, kMergeContainment, maxResults);
}

namespace {

// Faces seen at this many input pixels or more are found (the grids' smallest).
constexpr float kSmallestFoundSide = 20.f;
// A sweep zooms in this much per level: each level finds faces from 20 input pixels up to
// well beyond 4 x 20, so the levels' ranges meet.
constexpr float kSweepZoom = 4.f;

// Zoomed-in tiles are for faces too small for the overview: under 48 input pixels there, where
// the detector's smallest anchors (51 px) start to lose them. Where the overview saw one small
// face there are usually more (a group, a crowd), so the first level of tiles covers the photo
// at plan.tileZoom times the overview's scale. Where a level still sees faces under 48 input
// pixels (a crowd far away in a large photo), the next level zooms in again over the area of
// those faces, up to the photo's full resolution: beyond the raster only with `finer` pixels
// (enlarging a reduced photo finds bodies, not faces). A crowd is zoomed less rather than tiled
// more (plan.maxTiles per level). A sweep (plan.sweep) tiles every photo, whole, until a face of
// `minFaceSide` is seen at 20 input pixels. Returns the passes run.
int zoomIn(FaceDetector& detector, const cv::Mat& bgr, const MultiScalePlan& plan, float minScore,
           int maxResults, const FinerPixels* finer, float minFaceSide, float overviewScale,
           FoundFaces& faces) {
    const cv::Size size = bgr.size();
    const cv::Rect2f whole(0, 0, static_cast<float>(size.width), static_cast<float>(size.height));
    const float fullResolution = finer && finer->read ? 1.f / finer->rasterScale : 1.f;
    const float zoom = plan.sweep ? kSweepZoom : plan.tileZoom;
    float seen = overviewScale;  // the finest scale looked at so far
    int passes = 0;
    for (int level = 0; level < plan.tileLevels || plan.sweep; ++level) {
        const float smallFace = kSmallestSureSide / seen;
        const bool sweeping = plan.sweep && minFaceSide * seen < kSmallestFoundSide;
        cv::Rect2f area = whole;
        if (!sweeping) {
            const cv::Rect2f small = faces.areaOfFacesUnder(smallFace);
            if (small.empty()) break;
            if (level > 0) {
                // Around the faces still seen small, with room for more of the crowd.
                const float reach = plan.tileSide / (seen * zoom) / 2;
                area = cv::Rect2f(small.x - reach, small.y - reach, small.width + 2 * reach,
                                  small.height + 2 * reach) &
                       whole;
            }
        }
        float scale = std::min(fullResolution, seen * zoom);
        std::vector<DetectionWindow> tiles =
            tileWindows(size, area, plan.tileSide, scale, plan.tileOverlap, plan.overviewMargin);
        while (!sweeping && static_cast<int>(tiles.size()) > plan.maxTiles) {
            scale *= 0.85f;
            tiles = tileWindows(size, area, plan.tileSide, scale, plan.tileOverlap,
                                plan.overviewMargin);
        }
        if (scale <= seen * 1.25f) break;
        std::vector<Detection> found;
        for (const DetectionWindow& tile : tiles) {
            const auto inTile = detector.detectWindow(bgr, tile, minScore, maxResults, finer);
            found.insert(found.end(), inTile.begin(), inTile.end());
        }
        passes += static_cast<int>(tiles.size());
        // A level answers for the faces the levels before it saw small (or not at all).
        faces.addNew(suppressOverlaps(found, kMergeIou, kMergeContainment, maxResults), scale, 0,
                     2 * smallFace);
        seen = scale;
    }
    return passes;
}

}  // namespace

std::vector<Detection> FaceDetector::detectMultiScale(const cv::Mat& bgr,
                                                      const MultiScalePlan& plan, float minScore,
                                                      int maxResults, AnalyzeTimings* timings,
                                                      const FinerPixels* finer, float minFaceSide) {
    const cv::Size size = bgr.size();
    const float shortSide = static_cast<float>(std::min(size.width, size.height));
    int windows = 0;
    auto run = [&](const DetectionWindow& window, float threshold) {
        ++windows;
        return detectWindow(bgr, window, threshold, maxResults);
    };
    FoundFaces faces(size, minScore);

    // 1. The overview, keeping uncertain candidates for second looks.
    const DetectionWindow overview =
        overviewWindow(size, plan.overviewLongSide, plan.overviewMargin);
    const float overviewScale = inputScale(overview);
    const std::vector<Detection> candidates =
        run(overview, std::min(plan.secondLookMinScore, minScore));
    faces.addNew(candidates, overviewScale);
    const auto overviewDone = std::chrono::steady_clock::now();

    // 2. The zoomed-out view is for faces too big for the overview to see whole: at least half
    // the photo's short side. When the overview already found a big face (over a third of the
    // short side), there is no room for another one that big: the pass is skipped.
    if (plan.zoomOutSide > 0 && faces.largestSide() <= shortSide / 3) {
        const DetectionWindow zoomOut =
            zoomOutWindow(size, plan.zoomOutSide, plan.zoomOutImageFraction);
        faces.addNew(run(zoomOut, minScore), inputScale(zoomOut), 0.5f * shortSide);
    }

    // 3. Second looks: the overview's uncertain candidates, best first, each seen again centred
    // and larger. Cut-off faces at the border and faces a little too small for the overview are
    // usually among them.
    int looks = 0;
    for (const Detection& candidate : candidates) {
        if (looks >= plan.secondLooks) break;
        if (candidate.score >= minScore || faces.knows(clipToImage(candidate.box, size))) continue;
        ++looks;
        const DetectionWindow look = secondLookWindow(candidate.box, plan);
        std::vector<Detection> seen;
        for (const Detection& d : run(look, minScore))
            if (iou(d.box, candidate.box) > 0.3f) seen.push_back(d);
        faces.addNew(seen, inputScale(look));
    }

    // 4. Zoomed-in tiles, for faces too small for the overview (zoomIn). A portrait is not
    // tiled (plan.portraitFaceFraction), unless every photo is swept (plan.sweep).
    const bool portrait = faces.largestSide() >= plan.portraitFaceFraction * shortSide;
    if (plan.maxTiles > 0 && (plan.sweep || !portrait))
        windows += zoomIn(*this, bgr, plan, minScore, maxResults, finer, minFaceSide, overviewScale,
                          faces);
    if (timings) {
        timings->detectorPasses += windows;
        timings->extraPassesMs += std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - overviewDone)
                                      .count();
    }
    return std::move(faces).best(maxResults);
}

DetectionWindow secondLookWindow(const cv::Rect2f& candidate, const MultiScalePlan& plan) {
    const float side = std::max(candidate.width, candidate.height);
    const float span = std::max(side / plan.secondLookFaceFraction, plan.secondLookSide / 2.f);
    const cv::Point2f centre = centreOf(candidate);
    return {cv::Rect2f(centre.x - span / 2, centre.y - span / 2, span, span),
            cv::Size(plan.secondLookSide, plan.secondLookSide), true};
}

}  // namespace kith::vision
