#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include "kith/ui.h"

namespace kith::ui {
namespace {

// Runs the event loop until `done` or the timeout; false on timeout.
bool waitFor(const std::function<bool()>& done, int milliseconds) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > milliseconds) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    return true;
}

}  // namespace

std::vector<std::filesystem::path> saveScreenshots(const AppOptions& options,
                                                   const std::filesystem::path& directory,
                                                   QString* error) {
    std::vector<std::filesystem::path> written;
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    AppOptions viewOnly = options;
    viewOnly.scanFolders.clear();  // what the library holds, as it is
    MainWindow window(viewOnly);
    window.resize(1280, 820);
    window.show();
    if (!waitFor([&] { return window.isReady() || !window.openError().isEmpty(); }, 180'000)) {
        if (error) *error = "the library did not open within 3 minutes";
        return written;
    }
    if (!window.openError().isEmpty()) {
        if (error) *error = window.openError();
        return written;
    }
    for (const QString& view : window.viewNames()) {
        window.showView(view);
        // Until everything asked for has come back, including images, and has been painted.
        waitFor([&] { return !window.isBusy(); }, 60'000);
        waitFor([] { return false; }, 150);
        const auto file = directory / (view.toStdString() + ".png");
        if (!window.grab().save(QString::fromStdString(file.string()))) {
            if (error)
                *error = QString("cannot write %1").arg(QString::fromStdString(file.string()));
            return written;
        }
        written.push_back(file);
    }
    return written;
}

}  // namespace kith::ui
