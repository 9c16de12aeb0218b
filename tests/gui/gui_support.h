// What the GUI tests share: the dev set, running the event loop until something is true, a
// library scanned from the dev set beforehand, as kith-cli would, reading it beside the app, and
// a few steps a person takes (opening and naming someone, answering a dialog).
#pragma once

#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListView>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "kith/pipeline.h"
#include "kith/ui.h"
#include "kith/vision.h"
#include "people_page.h"  // white-box: the views' data roles
#include "person_page.h"

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

/// Scans `folders` into `options.library` (thumbnails into `options.cacheDir`, on the CPU), as
/// kith-cli would; the library is closed again before this returns, so the app can open it for
/// writing.
inline Result<pipeline::ScanReport> scanFolders(const ui::AppOptions& options,
                                                const std::vector<std::filesystem::path>& folders) {
    auto library = store::Library::open(options.library, store::Access::ReadWrite);
    if (!library.ok()) return library.error();
    pipeline::ScanOptions scan;
    scan.modelDir = options.modelDir;
    scan.cacheDir = options.cacheDir;
    scan.backend = vision::BackendPreference::Cpu;
    auto fs = scan::realFileSystem();
    pipeline::ScanJob job(*library.value(), *fs, scan);
    return job.run(folders);
}

/// Scans the dev set into `options.library` (see scanFolders).
inline Result<pipeline::ScanReport> scanDevSet(const ui::AppOptions& options) {
    return scanFolders(options, {devImages()});
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

/// The app's window on `options`, shown and active, once the library is open and nothing asked
/// of it is pending; nullptr if it does not get there.
inline std::unique_ptr<ui::MainWindow> openWindow(const ui::AppOptions& options) {
    auto window = std::make_unique<ui::MainWindow>(options);
    window->resize(1280, 820);
    window->show();
    if (!QTest::qWaitForWindowActive(window.get())) return nullptr;  // keys go to the active one
    if (!waitFor([&] { return window->isReady(); }, 120'000)) return nullptr;
    if (!waitFor([&] { return !window->isBusy(); })) return nullptr;
    return window;
}

/// The library, read beside the app (SQLite's WAL lets both in); nullptr if it cannot be.
inline std::unique_ptr<store::Library> readLibrary(const ui::AppOptions& options) {
    auto opened = store::Library::open(options.library, store::Access::ReadOnly);
    return opened.ok() ? std::move(opened.value()) : nullptr;
}

/// The person a face is in (0: none), and whether a person said so.
inline std::pair<store::Id, bool> assignmentOf(const ui::AppOptions& options, store::Id face) {
    for (const store::Assignment& a : readLibrary(options)->assignments().value())
        if (a.face == face) return {a.person, a.confirmed};
    return {0, false};
}

/// A person's row as the library has it now; nothing when there is no such person.
inline std::optional<store::Person> personRow(const ui::AppOptions& options, store::Id person) {
    for (const store::Person& p : readLibrary(options)->persons().value())
        if (p.id == person) return p;
    return std::nullopt;
}

/// Opens a person from the gallery with Enter, as a person would, and waits for their page.
inline bool openPerson(ui::MainWindow& window, store::Id person) {
    auto* gallery = window.findChild<QListView*>("peopleView");
    window.showView("people");
    for (int row = 0; row < gallery->model()->rowCount(); ++row) {
        const QModelIndex i = gallery->model()->index(row, 0);
        if (i.data(ui::PeopleModel::IdRole).toLongLong() != person) continue;
        gallery->setCurrentIndex(i);
        QTest::keyClick(gallery, Qt::Key_Return);
        return waitFor([&] {
            auto* page = window.findChild<ui::PersonPage*>("personPage");
            return page->isVisible() && page->person() == person && !window.isBusy();
        });
    }
    return false;
}

/// Names a person on their page: a click into the name, the name typed, Enter.
inline bool namePerson(ui::MainWindow& window, store::Id person, const QString& name) {
    if (!openPerson(window, person)) return false;
    auto* edit = window.findChild<QLineEdit*>("personName");
    QTest::mouseClick(edit, Qt::LeftButton);
    edit->selectAll();
    QTest::keyClicks(edit, name);
    QTest::keyClick(edit, Qt::Key_Return);
    return waitFor([&] { return !window.isBusy(); });
}

/// Runs `act` on the next modal dialog once it shows, as a person answering it.
inline void whenADialogOpens(const std::function<void(QDialog*)>& act) {
    QTimer::singleShot(0, [act] {
        waitFor([] { return qobject_cast<QDialog*>(QApplication::activeModalWidget()); }, 5'000);
        if (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) act(dialog);
    });
}

}  // namespace kith::test
