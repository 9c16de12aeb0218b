#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include "face_images.h"
#include "folders_page.h"
#include "kith/ui.h"
#include "kith/vision.h"
#include "library_service.h"
#include "name_export_offer.h"
#include "people_page.h"
#include "person_page.h"
#include "photo_page.h"
#include "photos_page.h"
#include "review_page.h"
#include "settings_dialog.h"
#include "sidebar.h"
#include "welcome_page.h"

namespace kith::ui {

struct MainWindow::Parts {
    explicit Parts(AppOptions o) : options(o), service(std::move(o)) {}

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
    QListWidget* history = nullptr;
    FoldersPage* folders = nullptr;
    WelcomePage* welcome = nullptr;
    NameExportOffer* nameExportOffer = nullptr;
    QProgressBar* progress = nullptr;
    QPushButton* pause = nullptr;
    QPushButton* cancel = nullptr;
    QLabel* message = nullptr;
    bool opened = false, havePeople = false, haveReview = false;
    bool scanning = false;
    QStringList folderNames;  // as last listed: photos are read again when they change
    QVector<int> visited;     // sidebar rows shown before the current one, for Back
    int currentRow = -1;
    bool goingBack = false;
    QString openError;
    QString modelProblem;  // why scanning cannot work; empty when the models were found
};

namespace {

const QStringList& kViews = Sidebar::views();

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
    Parts& p = *parts_;
    setWindowTitle(tr("Kith"));
    resize(1280, 820);

    p.sidebar = new Sidebar;
    // Person and Photo are places once something has been opened there.
    p.sidebar->setListed("person", false);
    p.sidebar->setListed("photo", false);
    p.stack = new QStackedWidget;
    p.people = new PeoplePage(p.peopleModel, false);
    p.unnamed = new PeoplePage(p.peopleModel, true);
    p.photos = new PhotosPage(p.images);
    p.review = new ReviewPage(p.service, p.images);
    p.person = new PersonPage(p.service, p.images);
    p.photo = new PhotoPage(p.service, p.images);
    p.history = new QListWidget;
    p.history->setToolTip(tr("Every decision, newest first. Ctrl+Z undoes the latest one."));
    auto* historyPage = new QWidget;
    auto* undoButton = new QPushButton(tr("Undo the latest decision (Ctrl+Z)"));
    auto* undoBack = new QPushButton(tr("Undo back to the selected decision"));
    undoBack->setObjectName("undoBack");
    undoBack->setToolTip(tr("Undoes the selected decision and every one made after it"));
    undoBack->setEnabled(false);
    auto* historyLayout = new QVBoxLayout(historyPage);
    historyLayout->addWidget(p.history, 1);
    auto* historyButtons = new QHBoxLayout;
    historyButtons->addWidget(undoButton);
    historyButtons->addWidget(undoBack);
    historyLayout->addLayout(historyButtons);
    p.folders = new FoldersPage;
    for (QWidget* page : std::initializer_list<QWidget*>{p.people, p.unnamed, p.photos, p.review,
                                                         p.person, p.photo, historyPage, p.folders})
        p.stack->addWidget(page);
    // Without the face models the library can be browsed but not scanned: said up front.
    if (p.options.modelDir.empty()) {
        const auto models = vision::findModelDirectory();
        p.modelProblem = QString::fromStdString(
            models.ok() ? std::string("No model folder was given.") : models.error().message);
    }
    p.welcome = new WelcomePage(p.modelProblem);
    p.stack->addWidget(p.welcome);  // not in the sidebar: shown while the library is empty

    p.progress = new QProgressBar;
    p.progress->setObjectName("scanProgress");
    p.progress->setMinimumWidth(300);  // its text in one line, whatever the status says
    p.pause = new QPushButton(tr("Pause"));
    p.pause->setObjectName("pauseScan");
    p.pause->setCheckable(true);
    p.cancel = new QPushButton(tr("Cancel"));
    p.message = new QLabel;
    statusBar()->addWidget(p.message, 1);
    statusBar()->addPermanentWidget(p.progress);
    statusBar()->addPermanentWidget(p.pause);
    statusBar()->addPermanentWidget(p.cancel);
    for (QWidget* w : std::initializer_list<QWidget*>{p.progress, p.pause, p.cancel})
        w->setVisible(false);

    auto* settingsButton = new QPushButton(tr("Settings…"));
    settingsButton->setObjectName("settings");
    settingsButton->setToolTip(tr("Library location, scan workers, backend, thresholds"));
    auto* side = new QVBoxLayout;
    side->addWidget(p.sidebar, 1);
    side->addWidget(settingsButton);
    p.nameExportOffer = new NameExportOffer;
    p.nameExportOffer->hide();
    auto* pages = new QVBoxLayout;
    pages->addWidget(p.nameExportOffer);
    pages->addWidget(p.stack, 1);
    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->addLayout(side);
    layout->addLayout(pages, 1);
    setCentralWidget(central);

    auto* undo = new QAction(tr("Undo"), this);
    undo->setShortcut(QKeySequence::Undo);
    addAction(undo);
    for (int i = 0; i < kViews.size(); ++i) {
        auto* go = new QAction(this);
        go->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(go, &QAction::triggered, this, [this, i] { parts_->sidebar->setCurrentRow(i); });
        addAction(go);
    }

    // Back (Alt+Left, or the mouse's back button) returns to the view shown before.
    auto* back = new QAction(tr("Back"), this);
    back->setShortcuts({QKeySequence::Back, QKeySequence(Qt::Key_Back)});
    addAction(back);
    connect(back, &QAction::triggered, this, [this] {
        Parts& p = *parts_;
        if (p.visited.isEmpty()) return;
        p.goingBack = true;
        p.sidebar->setCurrentRow(p.visited.takeLast());
        p.goingBack = false;
    });
    connect(p.sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        Parts& p = *parts_;
        if (!p.goingBack && p.currentRow >= 0 && p.currentRow != row)
            p.visited.push_back(p.currentRow);
        p.currentRow = row;
        parts_->stack->setCurrentIndex(row);
        parts_->stack->currentWidget()->setFocus();  // keys go to the page, not the sidebar
        if (kViews.value(row) == "history") {
            parts_->service.loadHistory();
        }
    });
    // From the welcome page, a click on the sidebar's current entry shows it too.
    connect(p.sidebar, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        if (parts_->stack->currentWidget() == parts_->welcome)
            parts_->stack->setCurrentIndex(parts_->sidebar->row(item));
    });
    connect(undo, &QAction::triggered, this, [this] { parts_->service.undo(); });
    connect(undoButton, &QPushButton::clicked, undo, &QAction::trigger);
    p.history->setObjectName("history");
    connect(p.history, &QListWidget::currentItemChanged, this, [undoBack](QListWidgetItem* item) {
        undoBack->setEnabled(item && item->data(Qt::UserRole).toLongLong() > 0 &&
                             !item->data(Qt::UserRole + 1).toBool());
    });
    connect(undoBack, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem* item = parts_->history->currentItem())
            parts_->service.undoThrough(item->data(Qt::UserRole).toLongLong());
    });
    auto addFolder = [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of photos"));
        if (!dir.isEmpty()) parts_->service.scan({dir});
    };
    connect(p.folders, &FoldersPage::addRequested, this, addFolder);
    connect(p.photos, &PhotosPage::addFolderRequested, this, addFolder);
    connect(p.people, &PeoplePage::addFolderRequested, this, addFolder);
    connect(p.folders, &FoldersPage::rescanRequested, this,
            [this](const QString& folder) { parts_->service.scan({folder}); });
    connect(p.folders, &FoldersPage::removeRequested, this,
            [this](const QStringList& folders) { parts_->service.removeFolders(folders); });
    connect(p.welcome, &WelcomePage::scanRequested, this, [this](const QString& folder) {
        parts_->service.scan({folder});
        parts_->sidebar->setCurrentRow(0);  // people, as they form
    });
    connect(settingsButton, &QPushButton::clicked, this, [this] {
        SettingsDialog dialog(parts_->options, this);
        if (dialog.exec() != QDialog::Accepted) return;
        const AppOptions chosen = dialog.values(parts_->options);
        QSettings settings;
        saveSettings(settings, chosen);
        if (chosen.nameExport != parts_->options.nameExport) {
            // This one applies at once: names are written now if it was turned on.
            parts_->options.nameExport = chosen.nameExport;
            parts_->service.setNameExport(chosen.nameExport);
        }
        parts_->message->setText(
            tr("Settings saved. Names for other apps apply now; the "
               "library, workers, backend and thresholds from the next "
               "start."));
    });
    connect(p.pause, &QPushButton::toggled, this, [this](bool paused) {
        paused ? parts_->service.pauseScan() : parts_->service.resumeScan();
        parts_->pause->setText(paused ? tr("Resume") : tr("Pause"));
    });
    connect(p.cancel, &QPushButton::clicked, this, [this] { parts_->service.cancelScan(); });

    auto openPerson = [this](qint64 person) {
        parts_->service.loadPerson(person);
        parts_->sidebar->setCurrentRow(static_cast<int>(kViews.indexOf("person")));
    };
    connect(p.photo, &PhotoPage::personActivated, this, openPerson);
    for (PeoplePage* gallery : {p.people, p.unnamed}) {
        connect(gallery, &PeoplePage::personActivated, this, openPerson);
        connect(gallery, &PeoplePage::renameRequested, &p.service, &LibraryService::rename);
        connect(gallery, &PeoplePage::hideRequested, this,
                [this](const QVector<qint64>& people, bool hidden) {
                    for (qint64 person : people)
                        parts_->service.setHidden(person, hidden);
                });
        connect(gallery, &PeoplePage::mergeRequested, this,
                [this](qint64 into, const QVector<qint64>& from) {
                    for (qint64 other : from)
                        parts_->service.merge(into, other);
                });
    }
    connect(&p.peopleModel, &PeopleModel::mergeDropped, p.people, &PeoplePage::mergeRequested);
    auto openPhoto = [this](qint64 photo, const QVector<qint64>& shown) {
        parts_->photo->setSequence(shown);
        parts_->service.loadPhoto(photo);
        parts_->sidebar->setCurrentRow(parts_->sidebar->rowOf("photo"));
    };
    connect(p.photos, &PhotosPage::photoActivated, this, openPhoto);
    connect(p.person, &PersonPage::photoActivated, this, [this, openPhoto](qint64 photo) {
        openPhoto(photo, photosOf(parts_->person->detail()));
    });
    connect(p.person, &PersonPage::photosRequested, this, [this] {
        const PersonDetail& d = parts_->person->detail();
        const QVector<qint64> photos = photosOf(d);
        parts_->photos->showOnly(
            tr("Photos of %1").arg(d.card.name.isEmpty() ? tr("this person") : d.card.name),
            {photos.begin(), photos.end()});
        parts_->sidebar->setCurrentRow(parts_->sidebar->rowOf("photos"));
    });
    connect(&p.service, &LibraryService::personSplit, p.person, &PersonPage::offerNewPerson);
    connect(p.review, &ReviewPage::remainingChanged, this,
            [this](int n) { parts_->sidebar->setCount("review", n); });

    // What the library says.
    LibraryService& s = p.service;
    connect(&s, &LibraryService::opened, this, [this](const QString& error) {
        if (!error.isEmpty()) {
            // Said in the window, not in a modal box: nothing waits on the user to go on.
            parts_->openError = error;
            parts_->message->setText(tr("Kith cannot open the library: %1").arg(error));
            emit ready();
            return;
        }
        parts_->opened = true;
        if (parts_->modelProblem.isEmpty()) {
            parts_->message->setText(
                tr("Library: %1").arg(QString::fromStdString(parts_->options.library.string())));
        } else {
            parts_->message->setText(
                tr("Kith cannot find its face models, so photos cannot be "
                   "scanned (hover here for where it looked)."));
            parts_->message->setToolTip(parts_->modelProblem);
        }
        QStringList scan;
        for (const auto& f : parts_->options.scanFolders)
            scan << QString::fromStdString(f.string());
        if (!scan.isEmpty()) {
            parts_->service.scan(scan);
        }
    });
    connect(&s, &LibraryService::peopleChanged, this, [this](const PeopleChanges& changes) {
        Parts& p = *parts_;
        p.havePeople = true;
        p.peopleModel.apply(changes);
        const QVector<PersonCard>& people = p.peopleModel.people();
        const auto [shown, unnamed] = countPeople(people);
        p.sidebar->setCount("people", shown);
        p.sidebar->setCount("unnamed", unnamed);
        p.person->setPeople(people);
        QStringList names;
        for (const PersonCard& c : people)
            if (!c.name.isEmpty()) names << c.name;
        p.review->setNames(names);
        p.photo->setNames(names);
        // The photo on screen shows names: as they are now.
        if (p.photo->photo().id) p.service.loadPhoto(p.photo->photo().id);
        // The person on screen may have changed (or gone): show it as it is now.
        if (p.person->person()) {
            p.service.loadPerson(p.person->person());
        }
        if (p.stack->currentIndex() == kViews.indexOf("history")) {
            p.service.loadHistory();
        }
        if (isReady()) emit ready();
    });
    connect(&s, &LibraryService::reviewChanged, this, [this](const QVector<ReviewPrompt>& prompts) {
        parts_->haveReview = true;
        parts_->review->setPrompts(prompts);
        if (isReady()) emit ready();
    });
    connect(&s, &LibraryService::personLoaded, this, [this](const PersonDetail& d) {
        parts_->person->show(d);
        parts_->sidebar->setListed("person", true);
    });
    connect(&s, &LibraryService::photoLoaded, this, [this](const PhotoDetail& d) {
        parts_->photo->show(d);
        parts_->sidebar->setListed("photo", true);
    });
    connect(&s, &LibraryService::photosLoaded, this, [this](const PhotoList& list) {
        parts_->photos->setPhotos(list.photos);
        parts_->folders->setFolders(list.folders);
        parts_->sidebar->setCount("photos", static_cast<int>(list.photos.size()));
    });
    connect(&s, &LibraryService::historyLoaded, this, [this](const QVector<HistoryEntry>& h) {
        parts_->history->clear();
        if (h.isEmpty())
            parts_->history->addItem(
                tr("No decisions yet. Merges, splits, names and every other "
                   "answer you give appear here, newest first, and Ctrl+Z "
                   "undoes the latest."));
        for (const HistoryEntry& e : h) {
            auto* item = new QListWidgetItem(  // the list owns its items
                e.when + "  " + e.what + (e.undone ? tr("  (undone)") : ""), parts_->history);
            item->setData(Qt::UserRole, e.id);
            item->setData(Qt::UserRole + 1, e.undone);
            if (e.undone) item->setForeground(Qt::gray);
        }
    });
    // The first time someone is named, names for other apps are offered, once.
    connect(&s, &LibraryService::naming, this, [this] {
        QSettings settings;
        if (parts_->options.nameExport || settings.value("xmp/offered").toBool()) return;
        settings.setValue("xmp/offered", true);
        parts_->nameExportOffer->show();
    });
    connect(parts_->nameExportOffer, &NameExportOffer::accepted, this, [this] {
        parts_->options.nameExport = metadata::Target::Sidecar;
        QSettings settings;
        saveSettings(settings, parts_->options);
        parts_->service.setNameExport(metadata::Target::Sidecar);
    });
    connect(&s, &LibraryService::decided, this,
            [this](const QString& what) { parts_->message->setText(what); });
    connect(&s, &LibraryService::foldersChanged, this,
            [this](const QStringList& folders, const QStringList& problems) {
                // Photos change with scans and folders, not with decisions about people.
                if (parts_->scanning || folders != parts_->folderNames) {
                    parts_->folderNames = folders;
                    parts_->service.loadPhotos();
                }
                const bool empty = folders.isEmpty() && parts_->peopleModel.people().isEmpty();
                if (empty)
                    showWelcome();
                else if (parts_->stack->currentWidget() == parts_->welcome)
                    parts_->stack->setCurrentIndex(parts_->sidebar->currentRow());
                parts_->folders->setProblems(problems);
            });
    connect(&s, &LibraryService::failed, this,
            [this](const QString& message) { parts_->message->setText(message); });
    connect(&s, &LibraryService::scanProgress, this, [this](const ScanStatus& st) {
        Parts& p = *parts_;
        for (QWidget* w : std::initializer_list<QWidget*>{p.progress, p.pause, p.cancel})
            w->setVisible(st.running);
        if (p.scanning && !st.running) p.service.loadPhotos();  // the scan's last photos
        p.scanning = st.running;
        p.progress->setRange(0, std::max(1, st.total));
        p.progress->setValue(st.done);
        p.progress->setFormat(
            st.eta >= 0
                ? tr("%v/%m photos, %1/s, %2 s left").arg(st.rate, 0, 'f', 1).arg(qRound(st.eta))
                : tr("%v/%m photos"));
    });
    connect(&s, &LibraryService::scanFinished, this,
            [this](const QString& summary) { parts_->message->setText(summary); });

    p.service.open();
    p.sidebar->setCurrentRow(0);
}

MainWindow::~MainWindow() = default;

QStringList MainWindow::viewNames() const {
    return kViews + QStringList{"welcome"};
}

void MainWindow::showWelcome() {
    // Not a sidebar view: no sidebar entry looks chosen while it shows.
    parts_->stack->setCurrentWidget(parts_->welcome);
    parts_->sidebar->selectionModel()->clearSelection();
}

void MainWindow::showView(const QString& name) {
    Parts& p = *parts_;
    if (name == "welcome") {
        showWelcome();
        return;
    }
    const int row = static_cast<int>(kViews.indexOf(name));
    if (row < 0) return;
    const auto& people = p.peopleModel.people();
    if (name == "person" && !people.isEmpty() && !p.person->person()) {
        p.service.loadPerson(people.front().id);
    }
    if (name == "photo" && p.photo->photo().id == 0) {
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
    p.sidebar->setCurrentRow(row);
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
