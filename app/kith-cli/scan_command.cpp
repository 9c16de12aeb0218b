#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "commands.h"
#include "kith/pipeline.h"
#include "kith/scan.h"
#include "people_session.h"

namespace kith::cli {
namespace {

// Ctrl+C asks the scan to stop cleanly (what is done is kept); a second one kills as usual.
std::atomic<bool> interrupted{false};
extern "C" void onInterrupt(int) {
    interrupted = true;
    std::signal(SIGINT, SIG_DFL);
}

std::string duration(double seconds) {
    if (seconds < 0) return "--:--";
    const long s = std::lround(seconds);
    char text[32];
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

// A progress bar on a terminal, redrawn at most ten times a second; elsewhere a line every
// ten seconds, for logs.
class ProgressDisplay {
  public:
    ProgressDisplay() : tty_(::isatty(STDERR_FILENO)) {}

    void show(const pipeline::ScanProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        const bool last = p.done == p.total;
        if (!last &&
            now - shown_ < (tty_ ? std::chrono::milliseconds(100) : std::chrono::seconds(10)))
            return;
        shown_ = now;
        const double fraction = p.total ? static_cast<double>(p.done) / p.total : 1;
        char line[200];
        std::snprintf(line, sizeof line,
                      "%zu/%zu photos %3.0f%%  %.1f photos/s  ETA %s  %zu faces  %zu errors%s",
                      p.done, p.total, 100 * fraction, p.photosPerSecond,
                      duration(p.etaSeconds).c_str(), p.faces, p.failed,
                      p.paused ? "  (paused)" : "");
        if (tty_) {
            const int width = 30, filled = static_cast<int>(fraction * width);
            std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '-')
                      << "] " << line << "\033[K" << (last ? "\n" : "") << std::flush;
            drawn_ = !last;
        } else {
            std::cerr << "kith-cli: scanning: " << line << "\n";
        }
    }

    // Ends a half-drawn bar before other output.
    void finish() {
        if (drawn_) std::cerr << "\n";
        drawn_ = false;
    }

  private:
    bool tty_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point shown_{};
};

struct ScanArguments {
    std::vector<std::filesystem::path> folders;
    int jobs = 0;  // 0: one per core
    std::size_t batch = 32;
    bool noPeople = false;
    people::Settings peopleSettings;
};

void bindScan(CLI::App& app, ScanArguments& args) {
    app.add_option("DIR", args.folders, "the folders to scan")->required();
    app.add_option("--jobs", args.jobs,
                   "photos analysed in parallel (default: one per core; at most the cores, and "
                   "one per GiB of free memory)")
        ->type_name("N")
        ->check(wholeNumber(1, 1024));
    app.add_option("--batch", args.batch,
                   "photos committed per transaction, 1 to 100000 (default 32)")
        ->type_name("N")
        ->check(wholeNumber(1, 100'000));
    app.add_flag("--no-people", args.noPeople,
                 "do not place the new faces among the people afterwards");
    addMethodOption(app, args.peopleSettings.method);
}

int runScan(const CommonOptions& common, const ScanArguments& args) {
    pipeline::ScanOptions options;
    const auto models = modelDirectory(common);
    if (!models.ok()) {
        reportError(models.error().describe());
        return 1;
    }
    options.modelDir = models.value();
    options.backend = common.backend;
    options.analyzer.detector.multiScale.sweep = common.smallFaces;
    options.jobs = args.jobs;
    options.batchSize = args.batch;
    options.cacheDir = cacheDirectory(common);

    auto library = openLibrary(common, store::Access::ReadWrite);
    if (!library) return 1;
    auto fs = scan::realFileSystem();
    ProgressDisplay display;
    pipeline::ScanJob job(*library, *fs, options,
                          [&](const pipeline::ScanProgress& p) { display.show(p); });

    std::signal(SIGINT, onInterrupt);
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done) {
            if (interrupted.exchange(false)) job.cancel();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    auto report = job.run(args.folders);
    done = true;
    watcher.join();
    std::signal(SIGINT, SIG_DFL);
    display.finish();
    if (!report.ok()) {
        reportError(report.error().describe());
        return 1;
    }
    const pipeline::ScanReport& r = report.value();
    if (!r.backend.empty()) std::cerr << "kith-cli: inference on " << r.backend << "\n";
    if (options.jobs > r.jobs && r.jobs > 0)
        std::cerr << "kith-cli: " << r.jobs << (r.jobs == 1 ? " job" : " jobs") << ", not "
                  << options.jobs << ": no more than the cores, and 1 GiB of memory each\n";
    for (const Error& problem : r.problems)
        reportError(problem.describe());
    for (const Error& warning : r.warnings)
        std::cerr << "kith-cli: warning: " << printable(warning.describe()) << "\n";
    for (const auto& folder : r.refused)
        reportError(folder.string() + ": not added to the library (it cannot be read)");
    for (const auto& folder : r.offlineFolders)
        std::cerr << "kith-cli: warning: " << printable(folder.string())
                  << " is offline (missing, empty or unreadable): its photos, faces and names are "
                     "kept until it is back\n";
    std::string extra;
    if (r.restored) extra += ", " + std::to_string(r.restored) + " back as they were";
    if (r.offline) extra += ", " + std::to_string(r.offline) + " out of reach and kept";
    if (r.sidecarsChanged)
        extra += " (" + std::to_string(r.sidecarsChanged) + " sidecars read again)";
    if (r.thumbnailsMade)
        extra += "; thumbnails and face crops made again for " + std::to_string(r.thumbnailsMade) +
                 " photos missing from the cache";
    std::printf(
        "%s %zu photos in %.1f s: %zu analysed, %zu unchanged, %zu moved or renamed, "
        "%zu touched, %zu removed, %zu failed; %zu faces found, %zu named by XMP%s\n",
        r.cancelled ? "Stopped after" : "Scanned", r.discovered, r.seconds, r.analysed, r.unchanged,
        r.moved, r.touched, r.removed, r.failed, r.faces, r.namesImported, extra.c_str());
    // A folder given that could not be read is an error in what was asked.
    const int status = r.refused.empty() ? 0 : 2;
    if (r.cancelled) {
        std::printf("Run the same scan again to finish it.\n");
        return status;
    }
    if (args.noPeople) return status;
    // The new faces join the people at once.
    auto engine = people::PeopleEngine::open(*library, args.peopleSettings);
    auto update =
        engine.ok() ? engine.value()->update() : Result<people::UpdateReport>(engine.error());
    if (!update.ok()) {
        reportError(update.error().describe());
        return 1;
    }
    const auto& u = update.value();
    std::printf(
        "People: %zu, from %zu new faces (%zu placed with confidence, %zu with doubt, %zu "
        "paired into new persons, %zu unassigned)%s; "
        "%zu questions to review (kith-cli review)\n",
        engine.value()->people(false).size(), u.newFaces, u.confident, u.ambiguous, u.paired,
        u.pooled,
        u.bootstrapped ? ", clustered as a first batch"
        : u.cleanedUp  ? ", then re-clustered"
                       : "",
        engine.value()->review().size());
    return status;
}

}  // namespace

const Command& scanCommand() {
    static const Command command{
        {"scan", "Add folders to the library and find the faces in their photos.",
         "kith-cli [--library PATH] scan [--jobs N] DIR...",
         "Adds each folder to the library and scans it: new and changed photos are analysed (faces "
         "found and described), unchanged ones are skipped without being read, moved or renamed "
         "ones are recognised by their content and keep their faces, and photos gone from disk "
         "leave the library. Photos are recognised by content (JPEG, PNG, WebP, TIFF, BMP); hidden "
         "folders are skipped. A file that cannot be read is recorded with the reason (see "
         "status --errors) and the scan goes on. Names other apps (digiKam, Lightroom, Picasa) or "
         "an "
         "earlier export-xmp left in the photos' XMP, as face regions in a photo.jpg.xmp or "
         "photo.xmp sidecar or in the file, are taken in: a region on a face Kith found names it, "
         "a region elsewhere becomes a face of its own, and each name becomes a confirmed person; "
         "broken or hostile XMP is reported as a warning and the photo is scanned all the same. "
         "Ctrl+C stops cleanly: what is done is kept and "
         "the next scan resumes. A library folder that is missing, empty or unreadable (a drive "
         "unplugged, a share down) is offline: its photos, faces and names are kept until a scan "
         "finds it again, and so is what lies under a subfolder that cannot be read; a file that "
         "failed for a reason that may pass (a permission) is tried again at every scan. "
         "Afterwards the new faces join the people at once (unless --no-people). Exits 1 when "
         "the library cannot be opened or written, 2 when a folder given cannot be read and is "
         "not a library folder (it is not added), else 0.",
         "kith-cli scan ~/Pictures\n  kith-cli --library ~/family.db scan --jobs 2 ~/Pictures "
         "~/Phone"},
        declareWith<ScanArguments>(bindScan, runScan)};
    return command;
}

}  // namespace kith::cli
