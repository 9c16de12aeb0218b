// The window is a frame: a sidebar of places, a stack of pages (each a class of its own file)
// and a status bar. It routes navigation by ViewId and carries what the library says to the
// pages; the pages ask the library themselves or through the signals wired here.
#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include "face_images.h"
#include "folders_page.h"
#include "history_page.h"
#include "kith/ui.h"
#include "kith/vision.h"
#include "library_service.h"
#include "merge_name.h"
#include "name_export_offer.h"
#include "people_page.h"
#include "person_page.h"
#include "photo_page.h"
#include "photos_page.h"
#include "review_page.h"
#include "scan_bar.h"
#include "settings_dialog.h"
#include "sidebar.h"
#include "view_id.h"
#include "welcome_page.h"

namespace kith::ui {

struct MainWindow::Parts {
    explicit Parts(AppOptions o) : options(o), service(std::move(o)) {}

    // Each step of the window's making, in the order the constructor runs them.
    void makePages();
    void makeFrame(MainWindow& window);
    void connectNavigation(MainWindow& window);
    void connectPages(MainWindow& window);
    void connectLibrary(MainWindow& window);

    /// Shows a view: a sidebar place (remembered for Back), or the welcome page.
    void navigate(ViewId view);
    /// The page that shows a view.
    QWidget* page(ViewId view) const;
    bool showing(ViewId view) const { return stack->currentWidget() == page(view); }
    void openPerson(qint64 person);
    void openPhoto(qint64 photo, const QVector<qint64>& shown);

    AppOptions options;
    LibraryService service;
    FaceImages images;
    PeopleModel peopleModel{images};
    Sidebar* sidebar = nullptr;
    QStackedWidget* stack = nullptr;
    PeoplePage* people = nullptr;
    PeoplePage* unnamed = nullptr;
    PhotosPage* photos = nullptr;
    PersonPage* person = nullptr;
    ReviewPage* review = nullptr;
    PhotoPage* photo = nullptr;
    HistoryPage* history = nullptr;
    FoldersPage* folders = nullptr;
    WelcomePage* welcome = nullptr;
    NameExportOffer* nameExportOffer = nullptr;
    ScanBar* scanBar = nullptr;
    QPushButton* settingsButton = nullptr;
    QLabel* message = nullptr;
    bool opened = false, havePeople = false, haveReview = false;
    bool scanning = false;
    QStringList folderNames;  // as last listed: photos are read again when they change
    QVector<int> visited;     // sidebar rows shown before the current one, for Back
    int currentRow = -1;
    bool goingBack = false;
    QString openError;
    QString modelProblem;  // why scanning cannot work; empty when the models were found
    std::array<QWidget*, kViewCount> pages{};  // by ViewId, in its order
};

namespace {

// The people in the gallery (hidden ones left out), and those of them without a name.
std::pair<int, int> countPeople(const QVector<PersonCard>& people) {
    int shown = 0, unnamed = 0;
    for (const PersonCard& c : people)
        if (!c.hidden) {
            ++shown;
            unnamed += c.name.isEmpty();
        }
    return {shown, unnamed};
}

// The photos of a person's faces, each once, in the order of the faces.
QVector<qint64> photosOf(const PersonDetail& person) {
    QVector<qint64> photos;
    for (const FaceTile& f : person.faces)
        if (!photos.contains(f.photo)) photos << f.photo;
    return photos;
}

}  // namespace

MainWindow::MainWindow(AppOptions options, QWidget* parent)
    : QMainWindow(parent), parts_(std::make_unique<Parts>(std::move(options))) {
    setWindowTitle(tr("Kith"));
    resize(1280, 820);
    Parts& p = *parts_;
    p.makePages();
    p.makeFrame(*this);
    p.connectNavigation(*this);
    p.connectPages(*this);
    p.connectLibrary(*this);
    p.service.open();
    p.navigate(ViewId::People);
}

MainWindow::~MainWindow() = default;

void MainWindow::Parts::makePages() {
    sidebar = new Sidebar;
    // Person and Photo are places once something has been opened there.
    sidebar->setListed(ViewId::Person, false);
    sidebar->setListed(ViewId::Photo, false);
    people = new PeoplePage(peopleModel, false);
    unnamed = new PeoplePage(peopleModel, true);
    photos = new PhotosPage(images);
    review = new ReviewPage(service, images);
    person = new PersonPage(service, images);
    photo = new PhotoPage(service, images);
    history = new HistoryPage(images);
    folders = new FoldersPage;
    // Without the face models the library can be browsed but not scanned: said up front.
    if (options.modelDir.empty()) {
        const auto models = vision::findModelDirectory();
        modelProblem = QString::fromStdString(
            models.ok() ? std::string("No model folder was given.") : models.error().message);
    }
    welcome = new WelcomePage(modelProblem);
    pages = {people, unnamed, photos, review, person, photo, history, folders, welcome};
    stack = new QStackedWidget;
    for (ViewId view : kSidebarViews)
        stack->addWidget(page(view));
    stack->addWidget(welcome);  // not in the sidebar: shown while the library is empty
}

QWidget* MainWindow::Parts::page(ViewId view) const {
    return pages.at(static_cast<std::size_t>(view));
}

void MainWindow::Parts::makeFrame(MainWindow& window) {
    scanBar = new ScanBar;
    message = new QLabel;
    message->setObjectName("statusMessage");
    window.statusBar()->addWidget(message, 1);
    window.statusBar()->addPermanentWidget(scanBar);

    settingsButton = new QPushButton(tr("Settings…"));
    settingsButton->setObjectName("settings");
    settingsButton->setToolTip(tr("Library location, scan workers, backend, thresholds"));
    auto* side = new QVBoxLayout;
    side->addWidget(sidebar, 1);
    side->addWidget(settingsButton);
    nameExportOffer = new NameExportOffer;
    nameExportOffer->hide();
    auto* column = new QVBoxLayout;
    column->addWidget(nameExportOffer);
    column->addWidget(stack, 1);
    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->addLayout(side);
    layout->addLayout(column, 1);
    window.setCentralWidget(central);
}

void MainWindow::Parts::navigate(ViewId view) {
    if (view == ViewId::Welcome) {
        // Not a sidebar view: no sidebar entry looks chosen while it shows.
        stack->setCurrentWidget(welcome);
        sidebar->selectionModel()->clearSelection();
        return;
    }
    sidebar->setCurrentRow(Sidebar::rowOf(view));
}

void MainWindow::Parts::connectNavigation(MainWindow& window) {
    for (std::size_t i = 0; i < kSidebarViews.size(); ++i) {
        auto* go = new QAction(&window);
        go->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(go, &QAction::triggered, &window,
                [this, view = kSidebarViews[i]] { navigate(view); });
        window.addAction(go);
    }
    // Back (Alt+Left, or the mouse's back button) returns to the view shown before.
    auto* back = new QAction(tr("Back"), &window);
    back->setShortcuts({QKeySequence::Back, QKeySequence(Qt::Key_Back)});
    window.addAction(back);
    connect(back, &QAction::triggered, &window, [this] {
        if (visited.isEmpty()) return;
        goingBack = true;
        sidebar->setCurrentRow(visited.takeLast());
        goingBack = false;
    });
    connect(sidebar, &QListWidget::currentRowChanged, &window, [this](int row) {
        const auto view = Sidebar::viewAt(row);
        if (!view) return;
        if (!goingBack && currentRow >= 0 && currentRow != row) visited.push_back(currentRow);
        currentRow = row;
        stack->setCurrentWidget(page(*view));
        stack->currentWidget()->setFocus();  // keys go to the page, not the sidebar
        if (*view == ViewId::History) {
            service.loadHistory();
        }
    });
    // From the welcome page, a click on the sidebar's current entry shows it too.
    connect(sidebar, &QListWidget::itemClicked, &window, [this](QListWidgetItem* item) {
        if (const auto view = Sidebar::viewAt(sidebar->row(item)); view && showing(ViewId::Welcome))
            stack->setCurrentWidget(page(*view));
    });
}

void MainWindow::Parts::openPerson(qint64 id) {
    service.loadPerson(id);
    navigate(ViewId::Person);
}

void MainWindow::Parts::openPhoto(qint64 id, const QVector<qint64>& shown) {
    photo->setSequence(shown);
    photo->offerReturn({});
    service.loadPhoto(id);
    navigate(ViewId::Photo);
}

void MainWindow::Parts::connectPages(MainWindow& window) {
    auto* undo = new QAction(tr("Undo"), &window);
    undo->setShortcut(QKeySequence::Undo);
    window.addAction(undo);
    connect(undo, &QAction::triggered, &window, [this] { service.undo(); });
    connect(history, &HistoryPage::undoRequested, undo, &QAction::trigger);
    connect(history, &HistoryPage::undoThroughRequested, &service, &LibraryService::undoThrough);

    auto addFolder = [this, &window] {
        const QString dir =
            QFileDialog::getExistingDirectory(&window, tr("Add a folder of photos"));
        if (!dir.isEmpty()) service.scan({dir});
    };
    connect(folders, &FoldersPage::addRequested, &window, addFolder);
    connect(photos, &PhotosPage::addFolderRequested, &window, addFolder);
    connect(people, &PeoplePage::addFolderRequested, &window, addFolder);
    connect(folders, &FoldersPage::rescanRequested, &window,
            [this](const QString& folder) { service.scan({folder}); });
    connect(folders, &FoldersPage::removeRequested, &service, &LibraryService::removeFolders);
    connect(welcome, &WelcomePage::scanRequested, &window, [this](const QString& folder) {
        service.scan({folder});
        navigate(ViewId::People);  // people, as they form
    });
    connect(settingsButton, &QPushButton::clicked, &window, [this, &window] {
        SettingsDialog dialog(options, &window);
        if (dialog.exec() != QDialog::Accepted) return;
        const AppOptions chosen = dialog.values(options);
        QSettings settings;
        saveSettings(settings, chosen);
        if (chosen.nameExport != options.nameExport) {
            // This one applies at once: names are written now if it was turned on.
            options.nameExport = chosen.nameExport;
            service.setNameExport(chosen.nameExport);
        }
        message->setText(
            tr("Settings saved. Names for other apps apply now; the "
               "library, workers, backend and thresholds from the next "
               "start."));
    });
    connect(scanBar, &ScanBar::pauseRequested, &window,
            [this](bool paused) { paused ? service.pauseScan() : service.resumeScan(); });
    connect(scanBar, &ScanBar::cancelRequested, &service, &LibraryService::cancelScan);

    connect(photo, &PhotoPage::personActivated, &window, [this](qint64 id) { openPerson(id); });
    for (PeoplePage* gallery : {people, unnamed}) {
        connect(gallery, &PeoplePage::personActivated, &window,
                [this](qint64 id) { openPerson(id); });
        connect(gallery, &PeoplePage::renameRequested, &service, &LibraryService::rename);
        connect(gallery, &PeoplePage::hideRequested, &window,
                [this](const QVector<qint64>& chosen, bool hidden) {
                    for (qint64 id : chosen)
                        service.setHidden(id, hidden);
                });
        connect(gallery, &PeoplePage::mergeRequested, &window,
                [this, &window](qint64 into, const QVector<qint64>& from) {
                    QStringList names;
                    for (const PersonCard& c : peopleModel.people())
                        if (c.id == into || from.contains(c.id)) names << c.name;
                    // More than one name: the user says which one stays, or nothing merges.
                    const auto name = mergedNameFor(&window, names);
                    if (!name) return;
                    for (qint64 other : from)
                        service.merge(into, other, *name);
                });
    }
    peopleModel.setActionsHint(tr("Drag onto another person to merge; right-click for more"));
    connect(&peopleModel, &PeopleModel::mergeDropped, people, &PeoplePage::mergeRequested);
    connect(photos, &PhotosPage::photoActivated, &window,
            [this](qint64 id, const QVector<qint64>& shown) { openPhoto(id, shown); });
    // A review sample opens its photo; a button there leads back to the question.
    connect(review, &ReviewPage::photoRequested, &window,
            [this](qint64 id, qint64 face, const QVector<qint64>& shown) {
                openPhoto(id, shown);
                photo->offerReturn(tr("Back to the question"), face);
            });
    connect(photo, &PhotoPage::returnRequested, &window, [this] {
        photo->offerReturn({});
        navigate(ViewId::Review);
    });
    connect(person, &PersonPage::photoActivated, &window,
            [this](qint64 id) { openPhoto(id, photosOf(person->detail())); });
    connect(person, &PersonPage::photosRequested, &window, [this] {
        const PersonDetail& d = person->detail();
        const QVector<qint64> shown = photosOf(d);
        photos->showOnly(
            tr("Photos of %1").arg(d.card.name.isEmpty() ? tr("this person") : d.card.name),
            {shown.begin(), shown.end()});
        navigate(ViewId::Photos);
    });
    connect(&service, &LibraryService::personSplit, person, &PersonPage::offerNewPerson);
    connect(review, &ReviewPage::remainingChanged, &window,
            [this](int n) { sidebar->setCount(ViewId::Review, n); });
    // The first time someone is named, names for other apps are offered, once.
    connect(&service, &LibraryService::naming, &window, [this] {
        QSettings settings;
        if (options.nameExport || settings.value("xmp/offered").toBool()) return;
        settings.setValue("xmp/offered", true);
        nameExportOffer->show();
    });
    connect(nameExportOffer, &NameExportOffer::accepted, &window, [this] {
        options.nameExport = metadata::Target::Sidecar;
        QSettings settings;
        saveSettings(settings, options);
        service.setNameExport(metadata::Target::Sidecar);
    });
}

// What the library says.
void MainWindow::Parts::connectLibrary(MainWindow& window) {
    LibraryService& s = service;
    connect(&s, &LibraryService::opened, &window, [this, &window](const QString& error) {
        if (!error.isEmpty()) {
            // Said in the window, not in a modal box: nothing waits on the user to go on.
            openError = error;
            message->setText(tr("Kith cannot open the library: %1").arg(error));
            emit window.ready();
            return;
        }
        opened = true;
        if (modelProblem.isEmpty()) {
            message->setText(
                tr("Library: %1").arg(QString::fromStdString(options.library.string())));
        } else {
            message->setText(
                tr("Kith cannot find its face models, so photos cannot be "
                   "scanned (hover here for where it looked)."));
            message->setToolTip(modelProblem);
        }
        QStringList scan;
        for (const auto& f : options.scanFolders)
            scan << QString::fromStdString(f.string());
        if (!scan.isEmpty()) {
            service.scan(scan);
        }
    });
    connect(&s, &LibraryService::peopleChanged, &window,
            [this, &window](const PeopleChanges& changes) {
                havePeople = true;
                peopleModel.apply(changes);
                const QVector<PersonCard>& cards = peopleModel.people();
                const auto [shown, unnamedCount] = countPeople(cards);
                sidebar->setCount(ViewId::People, shown);
                sidebar->setCount(ViewId::Unnamed, unnamedCount);
                person->setPeople(cards);
                QStringList names;
                for (const PersonCard& c : cards)
                    if (!c.name.isEmpty()) names << c.name;
                review->setNames(names);
                photo->setNames(names);
                // The photo on screen shows names: as they are now.
                if (photo->photo().id) service.loadPhoto(photo->photo().id);
                // The person on screen may have changed (or gone): show it as it is now.
                if (person->person() && changes.mayHaveChanged(person->person())) {
                    service.loadPerson(person->person());
                }
                if (showing(ViewId::History)) {
                    service.loadHistory();
                }
                if (window.isReady()) emit window.ready();
            });
    connect(&s, &LibraryService::reviewChanged, &window,
            [this, &window](const ReviewChanges& changes) {
                haveReview = true;
                review->apply(changes);
                if (window.isReady()) emit window.ready();
            });
    connect(&s, &LibraryService::personLoaded, &window, [this](const PersonDetail& d) {
        person->show(d);
        sidebar->setListed(ViewId::Person, true);
    });
    connect(&s, &LibraryService::photoLoaded, &window, [this](const PhotoDetail& d) {
        photo->show(d);
        sidebar->setListed(ViewId::Photo, true);
    });
    connect(&s, &LibraryService::photosLoaded, &window, [this](const PhotoList& list) {
        photos->setPhotos(list.photos);
        folders->setFolders(list.folders);
        sidebar->setCount(ViewId::Photos, static_cast<int>(list.photos.size()));
    });
    connect(&s, &LibraryService::historyLoaded, history, &HistoryPage::setEntries);
    connect(&s, &LibraryService::decided, message, &QLabel::setText);
    connect(&s, &LibraryService::foldersChanged, &window,
            [this](const QStringList& listed, const QStringList& problems) {
                // Photos change with scans and folders, not with decisions about people.
                if (scanning || listed != folderNames) {
                    folderNames = listed;
                    service.loadPhotos();
                }
                const bool empty = listed.isEmpty() && peopleModel.people().isEmpty();
                if (empty)
                    navigate(ViewId::Welcome);
                else if (showing(ViewId::Welcome))
                    stack->setCurrentIndex(sidebar->currentRow());
                folders->setProblems(problems);
            });
    connect(&s, &LibraryService::failed, message, &QLabel::setText);
    connect(&s, &LibraryService::scanProgress, &window, [this](const ScanStatus& st) {
        scanBar->setStatus(st);
        if (scanning && !st.running) service.loadPhotos();  // the scan's last photos
        scanning = st.running;
    });
    connect(&s, &LibraryService::scanFinished, message, &QLabel::setText);
    // A rescan makes the thumbnails and crops the cache had lost: shown from now on.
    connect(&s, &LibraryService::scanFinished, &images, &FaceImages::forgetMissing);
}

QStringList MainWindow::viewNames() const {
    QStringList names;
    for (ViewId view : kSidebarViews)
        names << viewName(view);
    return names << viewName(ViewId::Welcome);
}

void MainWindow::showWelcome() {
    parts_->navigate(ViewId::Welcome);
}

void MainWindow::showView(const QString& name) {
    const auto view = parseView(name);
    if (!view) return;
    Parts& p = *parts_;
    const auto& people = p.peopleModel.people();
    if (view == ViewId::Person && !people.isEmpty() && !p.person->person()) {
        p.service.loadPerson(people.front().id);
    }
    if (view == ViewId::Photo && p.photo->photo().id == 0) {
        // The first photo of the person on screen, or of the largest person.
        const qint64 person = p.person->person() ? p.person->person()
                              : people.isEmpty() ? 0
                                                 : people.front().id;
        if (person) {
            // Loaded through the person: their first face's photo.
            auto once = std::make_shared<QMetaObject::Connection>();
            *once = connect(&p.service, &LibraryService::personLoaded, this,
                            [this, once](const PersonDetail& d) {
                                disconnect(*once);
                                parts_->photo->setSequence(photosOf(d));
                                if (!d.faces.isEmpty()) {
                                    parts_->service.loadPhoto(d.faces.front().photo);
                                }
                            });
            p.service.loadPerson(person);
        }
    }
    p.navigate(*view);
}

bool MainWindow::isReady() const {
    return parts_->opened && parts_->havePeople && parts_->haveReview;
}

QString MainWindow::openError() const {
    return parts_->openError;
}

bool MainWindow::isBusy() const {
    return parts_->service.pending() > 0 || parts_->images.pending() > 0;
}

}  // namespace kith::ui
