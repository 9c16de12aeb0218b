#include "photo_worker.h"

#include <xxhash.h>

#include <chrono>
#include <cstdio>

namespace kith::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string joined(const std::vector<std::string>& parts) {
    std::string all;
    for (const std::string& p : parts)
        if (!p.empty()) all += (all.empty() ? "" : "; ") + p;
    return all;
}

}  // namespace

std::string contentHash(std::span<const unsigned char> bytes) {
    const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return hex;
}

MoveFinder::MoveFinder(const std::vector<store::PhotoFile>& known, scan::FileSystem& fs) : fs_(fs) {
    for (const store::PhotoFile& photo : known)
        if (!photo.contentHash.empty() && photo.status == store::PhotoStatus::Done)
            byHash_.emplace(photo.contentHash, photo);
}

std::optional<store::Id> MoveFinder::claim(const std::string& hash) {
    std::lock_guard lock(mutex_);
    const auto [first, last] = byHash_.equal_range(hash);
    for (auto it = first; it != last; ++it) {
        const store::PhotoFile& photo = it->second;
        if (claimed_.count(photo.id)) continue;
        auto st = fs_.stat(photo.path);
        if (st.ok() || st.error().code != ErrorCode::NotFound) continue;  // still there: a copy
        claimed_.insert(photo.id);
        return photo.id;
    }
    return std::nullopt;
}

PhotoWorker::PhotoWorker(std::unique_ptr<vision::FaceAnalyzer> analyzer, scan::FileSystem& fs,
                         MoveFinder& moves, const ThumbnailCache* thumbnails, image::Limits limits)
    : analyzer_(std::move(analyzer)),
      fs_(fs),
      moves_(moves),
      thumbnails_(thumbnails),
      limits_(limits) {}

Outcome PhotoWorker::process(const Work& work) {
    Outcome out;
    out.work = work;
    auto fail = [&](Error error) {
        error.path = work.path.string();
        out.kind = Outcome::Kind::Failed;
        out.error = std::move(error);
        return out;
    };
    if (static_cast<std::uint64_t>(work.size) > limits_.maxFileBytes)
        return fail(makeError(ErrorCode::TooLarge,
                              "the file is " + std::to_string(work.size >> 20) +
                                  " MiB, more than the " +
                                  std::to_string(limits_.maxFileBytes >> 20) + " MiB limit"));
    if (work.namesOnly) return readNames(work);
    if (work.thumbnailsOnly) return makeThumbnails(work);
    auto start = Clock::now();
    auto bytes = fs_.read(work.path, limits_.maxFileBytes);
    if (!bytes.ok()) return fail(bytes.error());
    const std::string hash = contentHash(bytes.value());
    out.timings.readAndHash = millisecondsSince(start);
    out.info.contentHash = hash;

    if (!work.knownHash.empty() && hash == work.knownHash) {
        out.kind = work.wasDone ? Outcome::Kind::Touched : Outcome::Kind::Restored;
        return out;
    }
    if (work.knownHash.empty())
        if (const auto moved = moves_.claim(hash)) {
            out.kind = Outcome::Kind::Moved;
            out.movedFrom = *moved;
            return out;
        }

    auto photo = image::inspectImage(std::move(bytes.value()), work.path.string(), limits_);
    if (!photo.ok()) return fail(photo.error());
    vision::AnalyzeTimings t;
    image::Raster raster;
    auto faces = analyzer_->analyze(photo.value(), &t, &raster);
    if (!faces.ok()) return fail(faces.error());
    out.timings.decode = t.decodeMs;
    out.timings.inference = t.forwardMs();
    out.timings.preprocessing = t.detectMs + t.landmarksMs + t.embedMs - t.forwardMs();
    for (const vision::Face& face : faces.value())
        out.faces.push_back(storedFace(face));
    const image::EncodedImage& p = photo.value();
    std::vector<std::string> warnings = p.warnings;
    ImportedNames imported = importNames(*analyzer_, p, work.path, out.faces, raster);
    for (const auto& [index, name] : imported.named)
        out.faces[index].importedName = name;
    std::move(imported.added.begin(), imported.added.end(), std::back_inserter(out.faces));
    std::move(imported.warnings.begin(), imported.warnings.end(), std::back_inserter(warnings));
    out.info.format = image::formatName(p.format);
    out.info.width = p.width();
    out.info.height = p.height();
    out.info.orientation = p.orientation;
    out.info.takenAt = p.takenAt;
    out.info.camera = p.camera;
    out.info.warning = joined(warnings);
    if (thumbnails_) {
        start = Clock::now();
        const Status written = thumbnails_->write(hash, raster.bgr, raster.scale, out.faces);
        if (!written.ok())
            out.info.warning = joined({out.info.warning, written.error().describe()});
        out.timings.thumbnails = millisecondsSince(start);
    }
    out.kind = Outcome::Kind::Analysed;
    return out;
}

Outcome PhotoWorker::readNames(const Work& work) {
    Outcome out;
    out.work = work;
    out.kind = Outcome::Kind::NamesRead;
    // A photo that cannot be read now keeps its faces; its names are read at the next scan.
    auto photo = image::readImageFile(work.path, limits_);
    if (!photo.ok()) {
        out.error = photo.error();
        return out;
    }
    image::Raster raster;  // decoded only if a region is on none of the faces on record
    ImportedNames imported = importNames(*analyzer_, photo.value(), work.path, work.knownFaces,
                                         raster, /*sidecarsOnly=*/true);
    for (const auto& [index, name] : imported.named)
        out.names.emplace_back(work.knownFaces[index].id, name);
    out.faces = std::move(imported.added);
    if (thumbnails_ && !out.faces.empty() && !raster.bgr.empty())
        (void)thumbnails_->write(work.knownHash, raster.bgr, raster.scale, out.faces);
    return out;
}

Outcome PhotoWorker::makeThumbnails(const Work& work) {
    Outcome out;
    out.work = work;
    out.kind = Outcome::Kind::ThumbnailsMade;
    // A photo that cannot be read or decoded now keeps everything on record; the next scan
    // tries again (out.error says why, and it is not counted). Only the cache is written.
    if (!thumbnails_) return out;
    auto notMade = [&](Error error) {
        out.error = std::move(error);
        return out;
    };
    const auto start = Clock::now();
    auto bytes = fs_.read(work.path, limits_.maxFileBytes);
    if (!bytes.ok()) return notMade(bytes.error());
    auto photo = image::inspectImage(std::move(bytes.value()), work.path.string(), limits_);
    if (!photo.ok()) return notMade(photo.error());
    // Cut from a raster as large as the one detection decodes: as the scan made them.
    auto raster = image::decode(photo.value(), vision::kDetectionLongSide);
    if (!raster.ok()) return notMade(raster.error());
    const Status written = thumbnails_->write(work.knownHash, raster.value().bgr,
                                              raster.value().scale, work.knownFaces);
    if (!written.ok()) out.error = written.error();
    out.timings.thumbnails = millisecondsSince(start);
    return out;
}

}  // namespace kith::pipeline
