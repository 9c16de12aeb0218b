// Scanning a library, measured (issue 5).
//
//   scan_bench throughput        the dev set scanned into a fresh library with 1 and 2 jobs:
//                                photos/s and where the time goes
//   scan_bench large [--photos N]  N photos (hard links to the dev photos under new names,
//                                default 10000) scanned with 2 jobs: peak memory; then an
//                                unchanged rescan: its time, and that it changed nothing
//
// Options: --models DIR, --work DIR (where the library and photos go; default a temp folder).
#include <sys/resource.h>

#include <chrono>
#include <iomanip>
#include <iostream>

#include "dev_set.h"
#include "kith/pipeline.h"

namespace {

using namespace kith;
using Clock = std::chrono::steady_clock;

pipeline::ScanOptions options(const std::filesystem::path& models, int jobs,
                              const std::filesystem::path& cache) {
    pipeline::ScanOptions o;
    o.modelDir = models;
    o.backend = vision::BackendPreference::Cpu;
    o.jobs = jobs;
    o.cacheDir = cache;
    return o;
}

pipeline::ScanReport scan(const std::filesystem::path& libraryFile,
                          const std::filesystem::path& folder, const pipeline::ScanOptions& o) {
    auto library = store::Library::open(libraryFile, store::Access::ReadWrite);
    if (!library.ok()) {
        std::cerr << library.error().describe() << "\n";
        std::exit(2);
    }
    auto fs = scan::realFileSystem();
    pipeline::ScanJob job(*library.value(), *fs, o);
    auto report = job.run({folder});
    if (!report.ok()) {
        std::cerr << report.error().describe() << "\n";
        std::exit(2);
    }
    return report.value();
}

double peakMemoryMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;  // Linux reports KiB
}

void throughput(const std::filesystem::path& models, const std::filesystem::path& work) {
    const auto photos = bench::devSetRoot() / "images";
    for (int jobs : {1, 2}) {
        const auto file = work / ("throughput-" + std::to_string(jobs) + ".db");
        std::filesystem::remove(file);
        std::filesystem::remove(file.string() + "-wal");
        const auto r =
            scan(file, photos, options(models, jobs, work / ("cache-" + std::to_string(jobs))));
        const auto& t = r.timings;
        const double total =
            t.readAndHash + t.decode + t.inference + t.preprocessing + t.thumbnails + t.storage;
        auto share = [&](double part) { return 100 * part / total; };
        std::cout << std::fixed << std::setprecision(1) << jobs
                  << (jobs == 1 ? " job:  " : " jobs: ") << r.analysed / r.seconds << " photos/s ("
                  << r.analysed << " photos, " << r.faces << " faces, " << r.seconds
                  << " s including model loading)\n"
                  << "  time: inference " << share(t.inference) << "%, decode " << share(t.decode)
                  << "%, preparing network inputs " << share(t.preprocessing)
                  << "%, reading and hashing " << share(t.readAndHash) << "%, thumbnails "
                  << share(t.thumbnails) << "%, storage " << share(t.storage) << "%\n";
    }
}

void large(const std::filesystem::path& models, const std::filesystem::path& work, int count) {
    const auto folder = work / "large";
    const auto sources = bench::devImages(bench::devSetRoot());
    std::filesystem::create_directories(folder);
    for (int i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "photo_%05d.jpg", i);
        const auto target = folder / (std::to_string(i / 1000)) / name;
        std::filesystem::create_directories(target.parent_path());
        if (!std::filesystem::exists(target))
            std::filesystem::create_hard_link(sources[i % sources.size()], target);
    }
    const auto file = work / "large.db";
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-wal");
    const auto first = scan(file, folder, options(models, 2, work / "cache-large"));
    std::cout << std::fixed << std::setprecision(2) << "scan of " << count
              << " photos with 2 jobs: " << first.seconds << " s ("
              << first.analysed / first.seconds << " photos/s), " << first.faces
              << " faces; peak memory " << peakMemoryMiB() << " MiB\n";

    auto library = store::Library::open(file, store::Access::ReadOnly);
    const auto before = library.value()->canonicalDump().value();
    const auto countsBefore = library.value()->counts().value();
    library.value().reset();
    const auto start = Clock::now();
    const auto again = scan(file, folder, options(models, 2, work / "cache-large"));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    library = store::Library::open(file, store::Access::ReadOnly);
    const bool same = library.value()->canonicalDump().value() == before &&
                      library.value()->counts().value().photos == countsBefore.photos &&
                      library.value()->counts().value().faces == countsBefore.faces;
    std::cout << "unchanged rescan: " << seconds << " s (" << again.unchanged << " unchanged, "
              << again.analysed << " analysed); library " << (same ? "unchanged" : "CHANGED")
              << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "throughput";
    const auto models = bench::modelDirectory(argc, argv);
    const std::filesystem::path work = bench::option(
        argc, argv, "work", (std::filesystem::temp_directory_path() / "kith-scan-bench").string());
    std::filesystem::create_directories(work);
    if (mode == "throughput")
        throughput(models, work);
    else if (mode == "large")
        large(models, work, std::stoi(bench::option(argc, argv, "photos", "10000")));
    else {
        std::cerr << "usage: scan_bench throughput | large [--photos N]\n";
        return 2;
    }
    return 0;
}
