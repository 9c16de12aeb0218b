// What the GUI tests share: the dev set, running the event loop until something is true, and a
// library scanned from the dev set beforehand, as kith-cli would.
#pragma once

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <functional>

#include "kith/pipeline.h"
#include "kith/ui.h"
#include "kith/vision.h"

namespace kith::test {

inline std::filesystem::path devImages() {
    return std::filesystem::path(KITH_SOURCE_DIR) / ".." / "shared" / "data" / "faces-dev" /
           "images";
}

/// Runs the event loop until `done`, at most `ms` milliseconds; whether it is done.
inline bool waitFor(const std::function<bool()>& done, int ms = 60'000) {
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < ms)
        QTest::qWait(10);
    return done();
}

/// Scans the dev set into `options.library` (thumbnails into `options.cacheDir`, on the CPU);
/// the library is closed again before this returns, so the app can open it for writing.
inline Result<pipeline::ScanReport> scanDevSet(const ui::AppOptions& options) {
    auto library = store::Library::open(options.library, store::Access::ReadWrite);
    if (!library.ok()) return library.error();
    pipeline::ScanOptions scan;
    scan.modelDir = options.modelDir;
    scan.cacheDir = options.cacheDir;
    scan.backend = vision::BackendPreference::Cpu;
    auto fs = scan::realFileSystem();
    pipeline::ScanJob job(*library.value(), *fs, scan);
    return job.run({devImages()});
}

/// A library in `dir` (thumbnails beside it), scanned from the dev set with the installed
/// models, in `options`; `faces` gets how many the scan found. Returns why it cannot be (the dev
/// set or the models missing, the scan failing), or an empty string.
inline QString scannedDevLibrary(const QTemporaryDir& dir, ui::AppOptions& options,
                                 size_t* faces = nullptr) {
    if (!std::filesystem::is_directory(devImages()))
        return "the dev set is missing: ../shared/data/faces-dev beside the checkout";
    const auto models = vision::findModelDirectory(std::nullopt);
    if (!models.ok()) return "the face models are missing: run scripts/test.sh";
    options.library = dir.filePath("library.db").toStdString();
    options.cacheDir = dir.filePath("cache").toStdString();
    options.modelDir = models.value();
    const auto report = scanDevSet(options);
    if (!report.ok()) return QString::fromStdString(report.error().describe());
    if (faces) *faces = report.value().faces;
    return {};
}

}  // namespace kith::test
