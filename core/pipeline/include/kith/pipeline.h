// kith::pipeline — scanning a library: what changed on disk (the plan), then a pool of workers
// reading, hashing and analysing photos in parallel while one writer commits their results in
// batched transactions. Memory stays flat (bounded queues) however large the library; a kill at
// any moment loses at most the batch in flight, and the next scan resumes.
//
//   ScanJob job(library, fileSystem, options, onProgress);
//   auto report = job.run({"/home/me/Pictures"});   // blocks; pause/resume/cancel from elsewhere
//
// Thread-safety: ScanJob::run is called once, from one thread; pause, resume and cancel may be
// called from any thread while it runs. The progress callback runs on the writer thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "kith/common/result.h"
#include "kith/metadata.h"
#include "kith/scan.h"
#include "kith/store.h"
#include "kith/vision.h"

namespace kith::pipeline {

// ---- The plan: what a scan has to do ----

/// One photo for the workers: new, changed, or left pending by an interrupted scan.
struct Work {
    store::Id photo = 0;  // its row in the library; 0 until the scan records it as pending
    std::filesystem::path path;
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
    store::Id folder = 0;
    std::string knownHash;            // the content hash on record, when the photo was seen before
    bool wasDone = false;             // on record as analysed
    std::int64_t sidecarMtimeNs = 0;  // its XMP sidecar's time now; 0: none
    /// An unchanged photo whose sidecar another app changed: only the names in the sidecar are
    /// read, matched against the faces on record.
    bool namesOnly = false;
    /// An unchanged photo whose thumbnail is not in the cache (the cache was cleared, or this is
    /// another one): its thumbnail and its faces' crops are made again; the library is left as
    /// it is.
    bool thumbnailsOnly = false;
    std::vector<store::Face> knownFaces;  // namesOnly, thumbnailsOnly: its faces on record
};

struct Plan {
    std::vector<Work> work;              // in path order
    std::vector<store::PhotoFile> gone;  // known photos under the roots no longer on disk
    size_t unchanged = 0;                // known, same size and time: not read at all
    size_t added = 0, changed = 0, resumed = 0;
    /// Failed photos tried again although their files did not change: the reason may have
    /// passed (a permission fixed, a file back).
    size_t retried = 0;
    /// Known photos out of reach (under a folder that could not be read, or under a root that
    /// is offline): kept as they are, not gone.
    size_t offline = 0;
    std::vector<size_t> offlineRoots;  // roots that could not be read, or hold nothing now
    size_t sidecarsChanged = 0;        // unchanged photos whose sidecar changed (namesOnly work)
    size_t thumbnailsMissing = 0;      // unchanged photos without a thumbnail (thumbnailsOnly)
};

/// Compares what is on disk with the library. `folderIds[i]` is the library folder of
/// `discovery`'s root i. `thumbnailMissing`, when given, says which unchanged photos (by content
/// hash) need their thumbnails made again.
Plan plan(const scan::Discovery& discovery, std::span<const std::filesystem::path> roots,
          std::span<const store::Id> folderIds, const std::vector<store::PhotoFile>& known,
          const std::function<bool(const std::string& contentHash)>& thumbnailMissing = {});

// ---- Thumbnails and face crops, on disk, keyed by content ----

/// Photo thumbnails (longer side 320) and face crops (160x160) as JPEG files under a cache
/// folder, named by the photo's content hash, so a moved photo keeps them and two libraries can
/// share them. Thread-safety: safe to use from several threads (files are written atomically).
class ThumbnailCache {
  public:
    explicit ThumbnailCache(std::filesystem::path directory);
    /// $XDG_CACHE_HOME/kith (~/.cache/kith).
    static std::filesystem::path defaultDirectory();

    std::filesystem::path photoThumbnail(const std::string& contentHash) const;
    std::filesystem::path faceCrop(const std::string& contentHash, const store::Face& face) const;

    /// Writes the photo's thumbnail and its faces' crops from a decoded raster (`scale`: raster
    /// pixels per full-size pixel), skipping files already there.
    Status write(const std::string& contentHash, const cv::Mat& raster, double scale,
                 const std::vector<store::Face>& faces) const;

  private:
    std::filesystem::path directory_;
};

// ---- Faces ----

/// A face as the library keeps it.
store::Face storedFace(const vision::Face& face);

/// A face the detector missed, boxed by a person in `photo` (pixels of the oriented, full-size
/// photo): described by the networks, stored as drawn, its crop written. The people engine
/// places it at its next update. Returns the face's id. Errors: NotFound (no such photo), the
/// photo's read errors, InvalidArgument (a box too small), StorageError.
Result<store::Id> addDrawnFace(store::Library& library, vision::FaceAnalyzer& analyzer,
                               const ThumbnailCache& thumbnails, store::Id photo, cv::Rect2f box);

// ---- Names from the photos' XMP ----

/// For each region, the index of the detected face it names, or -1 when none does. A region
/// names a face when their boxes overlap well (IoU at least 0.3: apps draw face boxes of their own
/// shapes) or each box holds the other's centre; each face is named at most once, best overlap
/// first.
std::vector<int> matchRegions(std::span<const store::Face> faces,
                              std::span<const metadata::Region> regions);

struct ImportedNames {
    std::vector<std::pair<std::size_t, std::string>> named;  // (index into the faces, name)
    std::vector<store::Face> added;  // regions on none of the faces, as faces of their own
    std::vector<std::string> warnings;
};

/// The names the photo's XMP (its sidecars, then the file's own unless `sidecarsOnly`) gives
/// `faces`: a region matched to a face names it; an unmatched region becomes a face of its own
/// (origin Imported, described by the networks as a drawn one, on `decoded`: the photo as
/// analysis decoded it, or an empty raster that is filled in if a region needs it). Problems
/// with the metadata (hostile or broken XMP, a region too small to describe) come back as
/// warnings.
ImportedNames importNames(vision::FaceAnalyzer& analyzer, const image::EncodedImage& photo,
                          const std::filesystem::path& path, std::span<const store::Face> faces,
                          image::Raster& decoded, bool sidecarsOnly = false);

// ---- The scan ----

struct ScanOptions {
    std::filesystem::path modelDir;
    vision::AnalyzerSettings analyzer;
    vision::BackendPreference backend = vision::BackendPreference::Auto;
    int jobs = 0;           // workers; 0 = one per core; never more than workerCount() allows
    size_t batchSize = 32;  // results committed per transaction, at most
    std::chrono::milliseconds maxBatchDelay{1000};  // ... or after this long
    image::Limits limits;
    std::filesystem::path cacheDir;  // thumbnails and face crops; empty = no cache
};

struct ScanProgress {
    size_t done = 0, total = 0;  // photos analysed (or failed) of those to analyse
    size_t faces = 0, failed = 0;
    double photosPerSecond = 0;
    double etaSeconds = 0;  // negative while unknown
    bool paused = false;
};

/// Where the time went, summed over workers (milliseconds).
struct ScanTimings {
    double readAndHash = 0, decode = 0, inference = 0, preprocessing = 0, thumbnails = 0,
           storage = 0;
};

struct ScanReport {
    size_t discovered = 0;  // photo files under the roots
    size_t unchanged = 0, added = 0, changed = 0, resumed = 0;
    size_t analysed = 0, failed = 0, moved = 0, touched = 0, removed = 0;
    size_t retried = 0;   // failed photos tried again (see Plan::retried)
    size_t restored = 0;  // failed photos whose files came back as analysed: their faces stand
    size_t offline = 0;   // known photos out of reach, kept (see Plan::offline)
    std::vector<std::filesystem::path> offlineFolders;  // library folders that could not be read
    /// Folders given to scan that could not be read and are not library folders: not added.
    std::vector<std::filesystem::path> refused;
    size_t faces = 0;
    size_t namesImported = 0;    // faces named by the photos' XMP (sidecars or embedded)
    size_t sidecarsChanged = 0;  // unchanged photos whose sidecars were read again
    size_t thumbnailsMade = 0;   // unchanged photos whose thumbnail and crops were made again
    bool cancelled = false;
    double seconds = 0;
    ScanTimings timings;
    std::vector<Error> problems;  // folders that could not be read, and bad files found now
    /// Photos analysed despite a problem (broken EXIF or XMP), and one per worker whose
    /// accelerator failed at run time (it went on on the CPU; the photo was analysed again).
    std::vector<Error> warnings;
    std::string backend;  // which inference backend was chosen, on which device
    int jobs = 0;         // the workers it runs (workerCount of what was asked)
};

/// What one worker may need at most: its networks (about 50 MB) and the largest photo it decodes
/// (a 250-megapixel limit decodes to about 750 MB of pixels, and more while it is processed).
inline constexpr std::int64_t kMemoryPerWorker = std::int64_t{1} << 30;

/// The workers a scan runs for `requested` (0: one per core): never more than the cores (each
/// runs one thread: more would only wait) nor than the memory available now allows
/// (kMemoryPerWorker each), never fewer than one.
int workerCount(int requested);

/// Pauses, resumes and cancels a scan. Shared (std::shared_ptr) by the scan and whoever controls
/// it, so either may outlive the other: a control made before its scan starts (a pause or cancel
/// asked while the scan is still queued) takes effect when it starts.
///
/// Thread-safety: every method may be called from any thread at any time.
class ScanControl {
  public:
    void pause();
    void resume();
    /// Stops the scan for good (see ScanJob::cancel); a cancelled control stays cancelled.
    void cancel();
    bool paused() const;
    bool cancelled() const;
    /// Blocks while paused; false once cancelled. Called by the scan's own threads.
    bool mayContinue();

  private:
    mutable std::mutex mutex_;
    std::condition_variable resumed_;
    bool paused_ = false;
    bool cancelled_ = false;
};

/// Thread-safety: run() is called by one thread at a time, and uses `library` on that thread and
/// on a writer thread of its own until it returns; pause(), resume() and cancel() (and the
/// control()) may be called from any thread.
class ScanJob {
  public:
    /// `control`: shared with whoever pauses or cancels the scan; a new one when null.
    ScanJob(store::Library& library, scan::FileSystem& fs, ScanOptions options,
            std::function<void(const ScanProgress&)> onProgress = {},
            std::shared_ptr<ScanControl> control = nullptr);
    ~ScanJob();

    /// Adds `roots` to the library's folders and scans them: new and changed photos analysed,
    /// moved ones recognised by content, vanished ones removed. A root that cannot be read is
    /// not added (ScanReport::refused), or, when it is a library folder already, marked offline
    /// with its photos kept; so is what lies under a subfolder that cannot be read. A photo is
    /// removed only when the folder it was in was read and the file is not there. Errors only when
    /// the library cannot be written or the models cannot be loaded; bad photos are recorded, not
    /// fatal.
    Result<ScanReport> run(const std::vector<std::filesystem::path>& roots);

    void pause();
    void resume();
    /// Stops taking new photos; what is already analysed is committed. Removal of vanished
    /// photos is left for a complete scan.
    void cancel();
    const std::shared_ptr<ScanControl>& control() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace kith::pipeline
