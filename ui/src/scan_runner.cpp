#include "scan_runner.h"

namespace kith::ui {

void ScanRunner::run(const ScanRequest& request) {
    auto fs = scan::realFileSystem();
    pipeline::ScanJob job(
        *request.connection, *fs, request.options,
        [this](const pipeline::ScanProgress& p) {
            ScanStatus s;
            s.done = static_cast<int>(p.done);
            s.total = static_cast<int>(p.total);
            s.faces = static_cast<int>(p.faces);
            s.failed = static_cast<int>(p.failed);
            s.rate = p.photosPerSecond;
            s.eta = p.etaSeconds;
            s.paused = p.paused;
            s.running = true;
            emit progress(s);
        },
        request.control);
    std::vector<std::filesystem::path> roots;
    for (const QString& f : request.folders)
        roots.emplace_back(f.toStdString());
    auto report = job.run(roots);
    ScanOutcome outcome;
    if (report.ok())
        outcome.report = std::move(report.value());
    else
        outcome.error = QString::fromStdString(report.error().describe());
    emit finished(outcome);
}

}  // namespace kith::ui
