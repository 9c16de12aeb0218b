#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <opencv2/core/utility.hpp>
#include <thread>
#include <unordered_set>

#include "batch_writer.h"
#include "bounded_queue.h"
#include "kith/pipeline.h"
#include "photo_worker.h"

namespace kith::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// The library's folder for a root: absolute and normalised, but symlinks kept as the user wrote
// them (the photos' paths are under it).
std::filesystem::path folderPath(const std::filesystem::path& root) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(root, ec).lexically_normal();
    if (!p.has_filename() && p != p.root_path()) p = p.parent_path();
    return p;
}

}  // namespace

struct ScanJob::State {
    store::Library& library;
    scan::FileSystem& fs;
    ScanOptions options;
    std::function<void(const ScanProgress&)> onProgress;
    std::shared_ptr<ScanControl> control;

    State(store::Library& l, scan::FileSystem& f, ScanOptions o,
          std::function<void(const ScanProgress&)> p, std::shared_ptr<ScanControl> c)
        : library(l),
          fs(f),
          options(std::move(o)),
          onProgress(std::move(p)),
          control(c ? std::move(c) : std::make_shared<ScanControl>()) {}

    bool mayContinue() { return control->mayContinue(); }
    bool isPaused() const { return control->paused(); }

    // Steps of run(), in order.
    Result<Plan> prepare(const std::vector<std::filesystem::path>& folders,
                         std::vector<store::PhotoFile>& known, ScanReport& report);
    Result<std::vector<std::unique_ptr<PhotoWorker>>> startWorkers(int jobs, MoveFinder& moves,
                                                                   const ThumbnailCache* thumbnails,
                                                                   ScanReport& report,
                                                                   std::string& model);
    Status analyse(const Plan& todo, std::vector<std::unique_ptr<PhotoWorker>>& workers,
                   const std::string& model, ScanReport& report,
                   std::unordered_set<store::Id>& movedFrom);
    Status removeGone(const Plan& todo, const std::unordered_set<store::Id>& movedFrom,
                      ScanReport& report);
};

namespace {

// MemAvailable from /proc/meminfo, in bytes; 0 when it cannot be told.
std::int64_t availableMemory() {
    std::ifstream meminfo("/proc/meminfo");
    for (std::string line; std::getline(meminfo, line);)
        if (line.rfind("MemAvailable:", 0) == 0) return std::stoll(line.substr(13)) * 1024;
    return 0;
}

}  // namespace

int workerCount(int requested) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    int count = requested > 0 ? std::min(requested, cores) : cores;
    if (const std::int64_t memory = availableMemory(); memory > 0)
        count = static_cast<int>(std::min<std::int64_t>(count, memory / kMemoryPerWorker));
    return std::max(1, count);
}

void ScanControl::pause() {
    std::lock_guard lock(mutex_);
    paused_ = true;
}

void ScanControl::resume() {
    std::lock_guard lock(mutex_);
    paused_ = false;
    resumed_.notify_all();
}

void ScanControl::cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    resumed_.notify_all();
}

bool ScanControl::paused() const {
    std::lock_guard lock(mutex_);
    return paused_;
}

bool ScanControl::cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

bool ScanControl::mayContinue() {
    std::unique_lock lock(mutex_);
    resumed_.wait(lock, [&] { return !paused_ || cancelled_; });
    return !cancelled_;
}

ScanJob::ScanJob(store::Library& library, scan::FileSystem& fs, ScanOptions options,
                 std::function<void(const ScanProgress&)> onProgress,
                 std::shared_ptr<ScanControl> control)
    : state_(std::make_unique<State>(library, fs, std::move(options), std::move(onProgress),
                                     std::move(control))) {}

ScanJob::~ScanJob() = default;

void ScanJob::pause() {
    state_->control->pause();
}

void ScanJob::resume() {
    state_->control->resume();
}

void ScanJob::cancel() {
    state_->control->cancel();
}

const std::shared_ptr<ScanControl>& ScanJob::control() const {
    return state_->control;
}

Result<ScanReport> ScanJob::run(const std::vector<std::filesystem::path>& roots) {
    State& s = *state_;
    const auto started = Clock::now();
    ScanReport report;
    report.jobs = workerCount(s.options.jobs);
    std::vector<std::filesystem::path> folders;
    for (const auto& root : roots)
        folders.push_back(folderPath(root));

    // A damaged library is not written into: a scan would add to it until it failed midway.
    if (const Status sound = s.library.checkIntegrity(); !sound.ok()) return sound.error();
    std::vector<store::PhotoFile> known;
    auto todo = s.prepare(folders, known, report);
    if (!todo.ok()) return todo.error();

    if (!todo.value().work.empty()) {
        // Each worker has its own networks and one OpenCV thread: the pool is the parallelism,
        // and a photo's result is the same whatever the number of workers.
        cv::setNumThreads(1);
        const int jobs = report.jobs;
        MoveFinder moves(known, s.fs);
        const auto thumbnails = s.options.cacheDir.empty()
                                    ? nullptr
                                    : std::make_unique<ThumbnailCache>(s.options.cacheDir);
        std::string model;
        auto workers = s.startWorkers(jobs, moves, thumbnails.get(), report, model);
        if (!workers.ok()) return workers.error();
        std::unordered_set<store::Id> movedFrom;
        const Status analysed = s.analyse(todo.value(), workers.value(), model, report, movedFrom);
        if (!analysed.ok()) return analysed.error();
        report.cancelled = s.control->cancelled();
        if (!report.cancelled) {
            const Status removed = s.removeGone(todo.value(), movedFrom, report);
            if (!removed.ok()) return removed.error();
        }
    } else if (!s.control->cancelled()) {
        const Status removed = s.removeGone(todo.value(), {}, report);
        if (!removed.ok()) return removed.error();
    }
    report.cancelled = s.control->cancelled();
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return report;
}

// The folders recorded, what is on disk under them, and the plan; photos seen for the first
// time are recorded as pending, so an interrupted scan resumes them and `status` counts them.
Result<Plan> ScanJob::State::prepare(const std::vector<std::filesystem::path>& folders,
                                     std::vector<store::PhotoFile>& known, ScanReport& report) {
    auto files = library.photoFiles();
    if (!files.ok()) return files.error();
    known = std::move(files.value());
    std::unordered_set<std::string> knownPaths;
    for (const auto& photo : known)
        knownPaths.insert(photo.path.native());
    const scan::Discovery discovery = scan::discover(
        fs, folders,
        [&](const std::filesystem::path& p) { return knownPaths.count(p.native()) > 0; });
    report.discovered = discovery.files.size();
    report.problems = discovery.problems;

    // A folder that cannot be read becomes a library folder only if it is one already (then it
    // is offline, its photos kept); the others are refused.
    auto libraryFolders = library.folders();
    if (!libraryFolders.ok()) return libraryFolders.error();
    std::unordered_set<std::string> isFolder;
    for (const store::Folder& f : libraryFolders.value())
        isFolder.insert(f.path.native());
    std::vector<store::Id> folderIds(folders.size(), 0);
    const Status added = library.write([&](store::Library::Writer& w) {
        for (size_t i = 0; i < folders.size(); ++i) {
            if (discovery.isUnreachable(folders[i]) && !isFolder.count(folders[i].native()))
                report.refused.push_back(folders[i]);
            else
                folderIds[i] = w.addFolder(folders[i]);
        }
    });
    if (!added.ok()) return added.error();
    std::function<bool(const std::string&)> thumbnailMissing;
    if (!options.cacheDir.empty())
        thumbnailMissing = [cache = ThumbnailCache(options.cacheDir)](const std::string& hash) {
            std::error_code ec;
            return !std::filesystem::exists(cache.photoThumbnail(hash), ec);
        };
    Plan todo = plan(discovery, folders, folderIds, known, thumbnailMissing);
    const Status marked = library.write([&](store::Library::Writer& w) {
        for (size_t i = 0; i < folders.size(); ++i) {
            if (!folderIds[i]) continue;
            const bool offline = std::find(todo.offlineRoots.begin(), todo.offlineRoots.end(), i) !=
                                 todo.offlineRoots.end();
            w.setFolderOffline(folderIds[i], offline);
            if (offline) report.offlineFolders.push_back(folders[i]);
        }
    });
    if (!marked.ok()) return marked.error();
    report.offline = todo.offline;
    report.retried = todo.retried;
    report.unchanged = todo.unchanged;
    report.added = todo.added;
    report.changed = todo.changed;
    report.resumed = todo.resumed;
    report.sidecarsChanged = todo.sidecarsChanged;
    for (Work& work : todo.work)
        if (work.namesOnly || work.thumbnailsOnly) {
            auto faces = library.facesOfPhoto(work.photo);
            if (!faces.ok()) return faces.error();
            work.knownFaces = std::move(faces.value());
        }
    const Status pending = library.write([&](store::Library::Writer& w) {
        for (Work& work : todo.work)
            if (work.photo == 0)
                work.photo = w.addPendingPhoto(work.path, work.folder, work.size, work.mtimeNs);
    });
    if (!pending.ok()) return pending.error();
    return todo;
}

Result<std::vector<std::unique_ptr<PhotoWorker>>> ScanJob::State::startWorkers(
    int jobs, MoveFinder& moves, const ThumbnailCache* thumbnails, ScanReport& report,
    std::string& model) {
    std::vector<std::unique_ptr<PhotoWorker>> workers;
    for (int i = 0; i < jobs; ++i) {
        auto analyzer =
            vision::FaceAnalyzer::load(options.modelDir, options.analyzer, options.backend);
        if (!analyzer.ok()) return analyzer.error();
        report.backend = analyzer.value()->backend().description;
        model = analyzer.value()->modelId();
        workers.push_back(std::make_unique<PhotoWorker>(std::move(analyzer.value()), fs, moves,
                                                        thumbnails, options.limits));
    }
    return workers;
}

// Workers take photos from a bounded inbox and put outcomes in a bounded outbox; the writer
// (this thread's helper) commits them. Memory stays flat: at most a few photos are in flight.
Status ScanJob::State::analyse(const Plan& todo, std::vector<std::unique_ptr<PhotoWorker>>& workers,
                               const std::string& model, ScanReport& report,
                               std::unordered_set<store::Id>& movedFrom) {
    const size_t jobs = workers.size();
    BoundedQueue<Work> inbox(2 * jobs);
    BoundedQueue<Outcome> outbox(options.batchSize + 2 * jobs);
    std::vector<std::thread> threads;
    for (auto& worker : workers)
        threads.emplace_back([&, w = worker.get()] {
            while (auto work = inbox.pop())
                if (mayContinue()) outbox.push(w->process(*work));  // else: drain, do nothing
        });

    BatchWriter batches(library, model, options.batchSize, options.maxBatchDelay, todo.work.size(),
                        onProgress);
    std::thread writer([&] {
        while (!outbox.closedAndEmpty()) {
            if (auto outcome = outbox.popFor(std::chrono::milliseconds(100)))
                batches.add(std::move(*outcome), isPaused());
            else
                batches.tick();
            if (!batches.status().ok()) control->cancel();
        }
        batches.flush();
    });

    for (const Work& work : todo.work)
        if (!mayContinue() || !inbox.push(work)) break;
    inbox.close();
    for (auto& t : threads)
        t.join();
    outbox.close();
    writer.join();
    batches.addTo(report);
    for (const auto& worker : workers)
        if (const auto& fallback = worker->analyzer().fallbackWarning())
            report.warnings.push_back({ErrorCode::InferenceError, *fallback, {}});
    movedFrom = batches.movedFrom();
    return batches.status();
}

// Photos gone from disk (and not found again under another name) leave the library, but only
// after a complete scan: an interrupted one cannot know what is really gone.
Status ScanJob::State::removeGone(const Plan& todo, const std::unordered_set<store::Id>& movedFrom,
                                  ScanReport& report) {
    std::vector<store::Id> gone;
    for (const auto& photo : todo.gone)
        if (!movedFrom.count(photo.id)) gone.push_back(photo.id);
    report.removed = gone.size();
    if (gone.empty()) return {};
    return library.write([&](store::Library::Writer& w) { w.removePhotos(gone); });
}

}  // namespace kith::pipeline
