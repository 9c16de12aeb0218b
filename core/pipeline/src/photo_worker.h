// One worker's job: a photo from the plan to an outcome for the writer (read, hash, recognise a
// move or an untouched file, else decode, detect, embed, and make its thumbnails).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "kith/pipeline.h"

namespace kith::pipeline {

struct Outcome {
    // Restored: a photo on record as failed whose file is back with the content it was analysed
    // with; its faces were kept.
    enum class Kind { Analysed, Failed, Touched, Restored, Moved, NamesRead, ThumbnailsMade };
    Kind kind = Kind::Failed;
    Work work;
    store::PhotoInfo info;
    std::vector<store::Face> faces;
    Error error;
    store::Id movedFrom = 0;                               // Moved: the known photo this file is
    std::vector<std::pair<store::Id, std::string>> names;  // NamesRead: faces on record named
                                                           // (error set: the photo was not read)
    ScanTimings timings;
};

/// Known photos by content hash, shared by the workers to recognise a moved or renamed file:
/// a new file whose content is that of a known photo whose file is gone is that photo.
/// Thread-safety: claim() may be called from several threads.
class MoveFinder {
  public:
    MoveFinder(const std::vector<store::PhotoFile>& known, scan::FileSystem& fs);
    /// The known photo with this content whose file is gone, if any, claimed for the caller:
    /// each photo is claimed once.
    std::optional<store::Id> claim(const std::string& contentHash);

  private:
    scan::FileSystem& fs_;
    std::mutex mutex_;
    std::unordered_multimap<std::string, store::PhotoFile> byHash_;
    std::set<store::Id> claimed_;
};

/// Thread-safety: one thread (it owns its networks).
class PhotoWorker {
  public:
    PhotoWorker(std::unique_ptr<vision::FaceAnalyzer> analyzer, scan::FileSystem& fs,
                MoveFinder& moves, const ThumbnailCache* thumbnails, image::Limits limits);
    Outcome process(const Work& work);
    /// Where this worker's inference runs now, and why it left its accelerator, if it did.
    const vision::FaceAnalyzer& analyzer() const { return *analyzer_; }

  private:
    /// A namesOnly work: the sidecar's regions matched against the faces on record; regions on
    /// no face become faces of their own.
    Outcome readNames(const Work& work);
    /// A thumbnailsOnly work: the photo decoded for its thumbnail and its known faces' crops.
    Outcome makeThumbnails(const Work& work);

    std::unique_ptr<vision::FaceAnalyzer> analyzer_;
    scan::FileSystem& fs_;
    MoveFinder& moves_;
    const ThumbnailCache* thumbnails_;
    image::Limits limits_;
};

/// The content hash Kith uses: XXH3-128 of the file, in hex.
std::string contentHash(std::span<const unsigned char> bytes);

}  // namespace kith::pipeline
