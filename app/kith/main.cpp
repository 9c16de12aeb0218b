// kith: the desktop app. `kith [--library FILE] [--cache DIR] [--models DIR] [FOLDER...]` opens
// the library (scanning the folders given); `--screenshot-dir DIR` renders each view to DIR as
// PNG and exits.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <iostream>

#include "kith/people.h"
#include "kith/pipeline.h"
#include "kith/store.h"
#include "kith/ui.h"
#include "kith/vision.h"

namespace {

// The app's command line, as `kith --help` shows it.
struct CommandLine {
    QCommandLineParser parser;
    const QCommandLineOption library{"library", "The library file.", "FILE"};
    const QCommandLineOption cache{"cache", "Where thumbnails and face crops go (~/.cache/kith).",
                                   "DIR"};
    const QCommandLineOption models{
        "models", "Where the face models are (~/.cache/kith/models, then the installed ones).",
        "DIR"};
    const QCommandLineOption screenshots{
        "screenshot-dir", "Render each view to DIR as PNG (people.png, ...) and exit.", "DIR"};

    CommandLine() {
        parser.setApplicationDescription(
            "Kith finds the people in your photos. Opens your library "
            "(~/.local/share/kith/library.db\n"
            "unless --library names another); the folders given are scanned in the background.\n"
            "\n"
            "Examples:\n"
            "  kith ~/Pictures\n"
            "  kith --library ~/family.db\n"
            "  QT_QPA_PLATFORM=offscreen kith --screenshot-dir /tmp/shots");
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({library, cache, models, screenshots});
        parser.addPositionalArgument("folders", "Folders of photos to scan.", "[FOLDER...]");
    }
};

void nameApplication() {
    QCoreApplication::setApplicationName("Kith");
    QCoreApplication::setOrganizationName("Kith");
    QCoreApplication::setApplicationVersion(KITH_VERSION);
}

// Help, the version and a mistyped command line need no display: they are answered before the
// window system is (Qt aborts when there is no display to open).
void answerWithoutDisplay(int argc, char** argv) {
    QCoreApplication plain(argc, argv);
    nameApplication();
    CommandLine line;
    line.parser.process(plain);  // prints help, the version or the error, and exits
}

}  // namespace

int main(int argc, char** argv) {
    kith::people::useSingleThreadedBlas();
    answerWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    nameApplication();
    QGuiApplication::setDesktopFileName("io.github.kith.Kith");  // its icon, in the desktop shell

    CommandLine line;
    QCommandLineParser& parser = line.parser;
    const QCommandLineOption& library = line.library;
    const QCommandLineOption& cache = line.cache;
    const QCommandLineOption& models = line.models;
    const QCommandLineOption& screenshots = line.screenshots;
    parser.process(app);

    kith::ui::AppOptions options;
    options.library = parser.isSet(library)
                          ? std::filesystem::path(parser.value(library).toStdString())
                          : kith::store::Library::defaultPath();
    options.cacheDir = parser.isSet(cache)
                           ? std::filesystem::path(parser.value(cache).toStdString())
                           : kith::pipeline::ThumbnailCache::defaultDirectory();
    const auto found = kith::vision::findModelDirectory(
        parser.isSet(models)
            ? std::optional<std::filesystem::path>(parser.value(models).toStdString())
            : std::nullopt);
    if (found.ok()) options.modelDir = found.value();
    QSettings settings;  // what the user chose in Settings; options given here win
    kith::ui::applySettings(settings, options, parser.isSet(library));
    for (const QString& folder : parser.positionalArguments())
        options.scanFolders.emplace_back(QDir(folder).absolutePath().toStdString());

    if (parser.isSet(screenshots)) {
        QString error;
        const auto files =
            kith::ui::saveScreenshots(options, parser.value(screenshots).toStdString(), &error);
        for (const auto& f : files)
            std::cout << f.string() << "\n";
        if (!error.isEmpty()) {
            std::cerr << "kith: " << error.toStdString() << "\n";
            return 1;
        }
        return 0;
    }
    kith::ui::MainWindow window(options);
    window.show();
    return app.exec();
}
