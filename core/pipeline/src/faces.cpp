#include "kith/image.h"
#include "kith/pipeline.h"

namespace kith::pipeline {

store::Face storedFace(const vision::Face& face) {
    store::Face f;
    f.x = face.box.x;
    f.y = face.box.y;
    f.width = face.box.width;
    f.height = face.box.height;
    f.score = face.score;
    for (int i = 0; i < vision::kLandmarkCount; ++i) {
        f.landmarks[2 * i] = face.landmarks[i].x;
        f.landmarks[2 * i + 1] = face.landmarks[i].y;
    }
    std::copy(face.embedding.begin(), face.embedding.end(), f.embedding.begin());
    return f;
}

Result<store::Id> addDrawnFace(store::Library& library, vision::FaceAnalyzer& analyzer,
                               const ThumbnailCache& thumbnails, store::Id photo, cv::Rect2f box) {
    const auto path = library.photoPath(photo);
    if (!path.ok()) return path.error();
    if (!path.value()) return makeError(ErrorCode::NotFound, "there is no such photo");
    const auto info = library.photoInfo(photo);
    if (!info.ok()) return info.error();
    auto file = image::readImageFile(*path.value());
    if (!file.ok()) return file.error();
    image::Raster raster;  // decoded once: for the networks, then for the crop
    const auto described = analyzer.describeBox(file.value(), box, &raster);
    if (!described.ok()) return described.error();
    store::Face face = storedFace(described.value());
    face.photoId = photo;
    face.origin = store::FaceOrigin::Drawn;
    store::Id id = 0;
    const Status written = library.write(
        [&](store::Library::Writer& w) { id = w.addFace(photo, face, analyzer.modelId()); });
    if (!written.ok()) return written.error();
    // Its crop, for the views; the photo's other crops are there already (and kept).
    if (info.value())
        (void)thumbnails.write(info.value()->contentHash, raster.bgr, raster.scale, {face});
    return id;
}

}  // namespace kith::pipeline
