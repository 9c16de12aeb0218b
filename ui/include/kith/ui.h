// kith::ui — the desktop app: a people gallery, person pages, the review queue, a photo viewer
// and the history of decisions, over the library and its people engine (which run on a thread of
// their own; the UI thread never waits on them).
//
//   kith::ui::MainWindow window({libraryFile, cacheDir, modelDir, {"~/Pictures"}});
//   window.show();
//
// Thread-safety: everything declared here is used on the UI thread (the thread of the
// QApplication). Behind it the app runs three threads, by these rules (docs/app.md, "Threads"):
//  - The library's thread owns the library's connection and the people engine: every decision,
//    every read for the views and every update of the engine runs there, one at a time, in the
//    order asked. Nothing else touches that connection or the engine.
//  - A scan runs on the scan thread with a connection of its own (SQLite takes its batches and
//    the library thread's writes in turn), so the library's thread stays free while it runs; it
//    only tells the library's thread when a batch is committed, and the engine takes the new
//    faces in there.
//  - The UI thread asks by queued calls and hears back by queued signals carrying values (no
//    pointer into another thread's objects). A scan is paused and cancelled through its
//    ScanControl, which any thread may call.
#pragma once

#include <QMainWindow>
#include <QSettings>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kith/common/embedding.h"
#include "kith/metadata.h"
#include "kith/vision.h"

namespace kith::ui {

struct AppOptions {
    std::filesystem::path library;   // the library file
    std::filesystem::path cacheDir;  // thumbnails and face crops
    std::filesystem::path modelDir;  // the face models (for scanning); empty: none found
    std::vector<std::filesystem::path> scanFolders;  // scanned once the library is open
    int jobs = 0;                                    // scan workers; 0: one per core
    vision::BackendPreference backend = vision::BackendPreference::Auto;  // where inference runs
    /// Every photo looked over at full resolution for faces down to 20 px (a person far away
    /// in a large photo); 15-20x slower scans (MultiScalePlan::sweep).
    bool smallFaces = false;
    float samePerson = kSamePersonDistance;  // the same-person distance T (the others follow)
    int nameAfter = 3;                       // "who is this?" once a person has this many faces
    /// Where names are written as the photos' XMP after each decision (for other apps): beside
    /// them (Sidecar, photo.jpg.xmp) or into the files (Embedded); none: kept in Kith only.
    std::optional<metadata::Target> nameExport;
};

/// What the user chose in Settings, kept with QSettings; the library file only when no option
/// chose it already (`keepLibrary`).
void applySettings(QSettings& settings, AppOptions& options, bool keepLibrary);
/// Writes the user's choices.
void saveSettings(QSettings& settings, const AppOptions& options);

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(AppOptions options, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// The views by name: "people", "unnamed", "photos", "review", "person", "photo",
    /// "history", "folders", "welcome".
    QStringList viewNames() const;
    /// Shows a view (for "person" and "photo": the largest person, and its first photo).
    void showView(const QString& name);
    /// True once the library is open and the first people and review have arrived.
    bool isReady() const;
    /// True while something asked of the library has not come back yet, or images load.
    bool isBusy() const;
    /// Why the library could not be opened; empty when it was (or is still opening).
    QString openError() const;

  signals:
    void ready();  // isReady(), or the library could not be opened

  private:
    void showWelcome();

    struct Parts;
    std::unique_ptr<Parts> parts_;
};

/// Renders each view of the app on `options.library` into `directory` as <view>.png, waiting
/// for each to be complete. Returns the files written; an error message in `error` otherwise.
std::vector<std::filesystem::path> saveScreenshots(const AppOptions& options,
                                                   const std::filesystem::path& directory,
                                                   QString* error);

}  // namespace kith::ui
