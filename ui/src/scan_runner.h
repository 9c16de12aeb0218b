// A scan on a thread of its own, with a library connection of its own, so that the thread that
// owns the library and the people engine goes on answering the views while photos are analysed.
#pragma once

#include <QObject>
#include <QStringList>
#include <memory>
#include <optional>

#include "kith/pipeline.h"
#include "library_service.h"

namespace kith::ui {

/// A scan to run: the folders, and the connection it writes through (made by the library's
/// owner with Library::openAnotherWriter, handed over: only the scan's threads use it).
struct ScanRequest {
    QStringList folders;
    pipeline::ScanOptions options;
    std::shared_ptr<store::Library> connection;
    std::shared_ptr<pipeline::ScanControl> control;  // shared with the UI thread's buttons
};

/// How a scan ended: its report, or why it failed.
struct ScanOutcome {
    std::optional<pipeline::ScanReport> report;
    QString error;
};

/// Lives on the scan thread; run() blocks that thread (and no other) for the whole scan.
///
/// Thread-safety: run() is queued to its thread; the signals are emitted from the scan's own
/// threads and reach their receivers queued.
class ScanRunner : public QObject {
    Q_OBJECT
  public:
    void run(const kith::ui::ScanRequest& request);

  signals:
    /// After each batch the scan committed (and while paused): where it stands.
    void progress(const kith::ui::ScanStatus& status);
    /// Once per request, after the last progress.
    void finished(const kith::ui::ScanOutcome& outcome);
};

}  // namespace kith::ui

Q_DECLARE_METATYPE(kith::ui::ScanRequest)
Q_DECLARE_METATYPE(kith::ui::ScanOutcome)
