// Browsing the library as photo-app users expect (issue 19), driven with keys and clicks on a
// library scanned from the dev set (Qt Test, QT_QPA_PLATFORM=offscreen): Photos by month, the
// photo viewer's arrows and details, a person's photos, several people chosen in the gallery
// and merged or hidden, a split's new person named, thumbnail sizes, and library folders.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "gui_support.h"
#include "kith/pipeline.h"
#include "kith/ui.h"
#include "kith/vision.h"
#include "people_page.h"  // white-box: the views' data roles
#include "person_page.h"
#include "photo_page.h"
#include "photos_page.h"

namespace {

using namespace kith;
using test::devImages;
using test::waitFor;

// Where a row of a grid is on screen, once the view has laid it out and scrolled to it.
QPoint centreOf(QListView* view, int row) {
    const QModelIndex index = view->model()->index(row, 0);
    view->scrollTo(index);
    waitFor([&] { return view->viewport()->rect().contains(view->visualRect(index).center()); },
            5'000);
    return view->visualRect(index).center();
}

// Clicks a tile, then presses Enter on it, as a person opens it from the keyboard.
void openWithEnter(QListView* view, const QPoint& at) {
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QTest::keyClick(view, Qt::Key_Return);
}

// Answers the next message box with Yes, as a person clicking it would.
void answerYesToTheNextQuestion() {
    QTimer::singleShot(0, [] {
        waitFor([] { return qobject_cast<QMessageBox*>(QApplication::activeModalWidget()); },
                5'000);
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
            QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    });
}

}  // namespace

class BrowseTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void photosAreListedNewestFirstUnderEachMonth();
    void aPhotoOpensWithItsDetailsAndTheArrowsStepThroughTheList();
    void aPhotoWithoutFacesCanBeOpenedToDrawOne();
    void aPersonsPhotosShowInPhotos();
    void thePlacesShowCountsAndPersonAndPhotoOnceOpened();
    void severalPeopleChosenWithCtrlClickAreMergedFromTheMenu();
    void aPersonDroppedOnAnotherIsMergedIntoIt();
    void aHiddenPersonLooksHiddenAndCanBeUnhidden();
    void suggestedFacesShowOnceAndChosenFacesAreChecked();
    void aSplitOffersTheNewPersonForNaming();
    void thumbnailsScaleWithTheSliderAndCtrlWheelAndFillTheWidth();
    void aFolderInsideAnotherIsListedOnceWithItsPhotoCount();
    void aFolderIsRescannedAndRemovedFromTheApp();
    void facesLostFromTheCacheComeBackAfterARescan();

  private:
    void settle() {
        QVERIFY(waitFor([&] { return !window_->isBusy(); }));
    }
    QListView* view(const char* name) const { return window_->findChild<QListView*>(name); }
    QStringList names() const;
    int peopleCount() const { return view("peopleView")->model()->rowCount(); }
    // Opens window_ on `options`, as the user starts it.
    bool open(const ui::AppOptions& options);
    // The row of a photo in Photos (the first one when `withoutFaces` is false).
    int photoRow(bool withoutFaces);

    QTemporaryDir dir_;
    ui::AppOptions options_;
    std::unique_ptr<ui::MainWindow> window_;
};

void BrowseTest::initTestCase() {
    // Scanned beforehand, as kith-cli would, then opened by the app.
    const QString problem = test::scannedDevLibrary(dir_, options_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(open(options_));
}

bool BrowseTest::open(const ui::AppOptions& options) {
    window_.reset();
    window_ = std::make_unique<ui::MainWindow>(options);
    window_->resize(1280, 820);
    window_->show();
    if (!QTest::qWaitForWindowActive(window_.get())) return false;
    if (!waitFor([&] { return window_->isReady(); }, 120'000)) return false;
    return waitFor([&] { return !window_->isBusy(); });
}

QStringList BrowseTest::names() const {
    QStringList result;
    const auto* model = view("peopleView")->model();
    for (int row = 0; row < model->rowCount(); ++row)
        result << model->index(row, 0).data().toString().section('\n', 0, 0);
    return result;
}

int BrowseTest::photoRow(bool withoutFaces) {
    auto library = store::Library::open(options_.library, store::Access::ReadOnly);
    if (!library.ok()) return -1;
    const auto* model = view("photosView")->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row, 0);
        if (i.data(ui::PhotosModel::HeadingRole).toBool()) continue;
        if (!withoutFaces) return row;
        const auto faces =
            library.value()->facesOfPhoto(i.data(ui::PhotosModel::IdRole).toLongLong());
        if (faces.ok() && faces.value().empty()) return row;
    }
    return -1;
}

void BrowseTest::photosAreListedNewestFirstUnderEachMonth() {
    window_->showView("photos");
    settle();
    auto* photos = view("photosView");
    QVERIFY(photos && photos->isVisible());
    QAbstractItemModelTester tester(photos->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto library = store::Library::open(options_.library, store::Access::ReadOnly);
    QVERIFY(library.ok());
    const auto files = library.value()->photoFiles();
    QVERIFY(files.ok());
    int analysed = 0;
    for (const auto& f : files.value())
        analysed += f.status == store::PhotoStatus::Done;
    const auto& model = window_->findChild<ui::PhotosPage*>()->model();
    QCOMPARE(model.shownPhotos().size(), analysed);
    // A heading first; each heading is a month, the photos under it are of that month, and
    // months go back in time.
    QVERIFY(model.index(0, 0).data(ui::PhotosModel::HeadingRole).toBool());
    QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsSelectable));
    QStringList months;
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, 0).data(ui::PhotosModel::HeadingRole).toBool())
            months << model.index(row, 0).data().toString();
    QVERIFY(!months.isEmpty());
    QCOMPARE(QSet<QString>(months.begin(), months.end()).size(), months.size());
    const QDate first = QLocale().toDate(months.front(), "MMMM yyyy");
    const QDate last = QLocale().toDate(months.back(), "MMMM yyyy");
    QVERIFY2(!first.isValid() || !last.isValid() || first >= last, qPrintable(months.join(", ")));
    QVERIFY(window_->findChild<QLabel*>("photosTitle")->text().contains(QString::number(analysed)));
}

void BrowseTest::aPhotoOpensWithItsDetailsAndTheArrowsStepThroughTheList() {
    window_->showView("photos");
    settle();
    auto* photos = view("photosView");
    const int row = photoRow(false);
    QVERIFY(row > 0);
    const QModelIndex index = photos->model()->index(row, 0);
    openWithEnter(photos, centreOf(photos, row));
    settle();
    auto* page = window_->findChild<ui::PhotoPage*>();
    QVERIFY(page->isVisible());
    const auto shown = window_->findChild<ui::PhotosPage*>()->model().shownPhotos();
    QCOMPARE(page->photo().id, index.data(ui::PhotosModel::IdRole).toLongLong());
    auto* info = window_->findChild<QLabel*>("photoInfo");
    QVERIFY(info->isVisible());
    QVERIFY2(info->text().contains(QFileInfo(page->photo().path).fileName()),
             qPrintable(info->text()));
    QVERIFY2(info->text().contains(tr("1 of %1").arg(shown.size())), qPrintable(info->text()));
    // The keys go where the app put the focus: the photo page.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Right);
    settle();
    QCOMPARE(page->photo().id, shown.at(1));
    QVERIFY2(info->text().contains(tr("2 of %1").arg(shown.size())), qPrintable(info->text()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left);
    settle();
    QCOMPARE(page->photo().id, shown.at(0));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left);  // the first: nowhere to go
    settle();
    QCOMPARE(page->photo().id, shown.at(0));
}

void BrowseTest::aPhotoWithoutFacesCanBeOpenedToDrawOne() {
    window_->showView("photos");
    settle();
    const int row = photoRow(true);
    if (row < 0) QSKIP("every dev photo has a face found in it");
    auto* photos = view("photosView");
    const QModelIndex index = photos->model()->index(row, 0);
    QTest::mouseClick(photos->viewport(), Qt::LeftButton, {}, centreOf(photos, row));
    QTest::keyClick(photos, Qt::Key_Return);
    settle();
    auto* page = window_->findChild<ui::PhotoPage*>();
    QCOMPARE(page->photo().id, index.data(ui::PhotosModel::IdRole).toLongLong());
    QVERIFY(page->photo().faces.isEmpty());
    QVERIFY(window_->findChild<QPushButton*>("drawFace")->isVisible());
}

void BrowseTest::aPersonsPhotosShowInPhotos() {
    window_->showView("person");
    settle();
    auto* person = window_->findChild<ui::PersonPage*>();
    QVERIFY(person->person());
    QSet<qint64> expected;
    for (const auto& f : person->detail().faces)
        expected.insert(f.photo);
    QTest::mouseClick(window_->findChild<QPushButton*>("personPhotos"), Qt::LeftButton);
    settle();
    auto* page = window_->findChild<ui::PhotosPage*>();
    QVERIFY(page->isVisible());
    const auto shown = page->model().shownPhotos();
    QCOMPARE(QSet<qint64>(shown.begin(), shown.end()), expected);
    QVERIFY(window_->findChild<QLabel*>("photosTitle")->text().startsWith("Photos of"));
    QTest::mouseClick(window_->findChild<QPushButton*>("showAllPhotos"), Qt::LeftButton);
    QVERIFY(page->model().shownPhotos().size() > shown.size());
}

void BrowseTest::thePlacesShowCountsAndPersonAndPhotoOnceOpened() {
    auto* sidebar = window_->findChild<QListWidget*>("sidebar");
    QVERIFY(sidebar->item(0)->text().startsWith(QString("People (%1)").arg(peopleCount())));
    QVERIFY(!sidebar->item(0)->icon().isNull());
    // A fresh window: nothing opened yet, so no Person or Photo place.
    QVERIFY(open(options_));
    sidebar = window_->findChild<QListWidget*>("sidebar");
    QVERIFY(sidebar->item(4)->text().startsWith("Person") && sidebar->item(4)->isHidden());
    QVERIFY(sidebar->item(5)->text().startsWith("Photo") && sidebar->item(5)->isHidden());
    auto* people = view("peopleView");
    openWithEnter(people, centreOf(people, 0));
    settle();
    QVERIFY(!sidebar->item(4)->isHidden());
    QVERIFY(window_->findChild<ui::PersonPage*>()->isVisible());
    QVERIFY(window_->findChild<QProgressBar*>("scanProgress")->minimumWidth() >= 300);
}

void BrowseTest::severalPeopleChosenWithCtrlClickAreMergedFromTheMenu() {
    window_->showView("people");
    settle();
    auto* people = view("peopleView");
    auto* model = people->model();
    const int before = peopleCount();
    QTest::mouseClick(people->viewport(), Qt::LeftButton, {}, centreOf(people, 1));
    QTest::mouseClick(people->viewport(), Qt::LeftButton, Qt::ControlModifier, centreOf(people, 3));
    QTest::mouseClick(people->viewport(), Qt::LeftButton, Qt::ControlModifier, centreOf(people, 2));
    auto* page = qobject_cast<ui::PeoplePage*>(view("peopleView")->parentWidget());
    const auto chosen = page->selectedPeople();
    QCOMPARE(chosen.size(), 3);
    QCOMPARE(chosen.front(), model->index(2, 0).data(ui::PeopleModel::IdRole).toLongLong());
    // Shift-click takes in the ones between.
    QTest::mouseClick(people->viewport(), Qt::LeftButton, Qt::ShiftModifier, centreOf(people, 5));
    QVERIFY(page->selectedPeople().size() >= 4);
    // Back to the three, and merged from the menu the gallery opens on a right click.
    people->selectionModel()->clearSelection();
    for (int row : {1, 3, 2})
        QTest::mouseClick(people->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          centreOf(people, row));
    const auto menu = page->contextMenu();
    QVERIFY(menu);
    QAction* merge = nullptr;
    for (QAction* a : menu->actions())
        if (a->text().startsWith("Merge 2 people into")) merge = a;
    QVERIFY(merge);
    merge->trigger();
    settle();
    QCOMPARE(peopleCount(), before - 2);
    QStringList ids;
    for (int row = 0; row < model->rowCount(); ++row)
        ids << model->index(row, 0).data(ui::PeopleModel::IdRole).toString();
    QVERIFY(ids.contains(QString::number(chosen.front())));
    QVERIFY(!ids.contains(QString::number(chosen.at(1))));
}

void BrowseTest::aPersonDroppedOnAnotherIsMergedIntoIt() {
    window_->showView("people");
    settle();
    auto* people = view("peopleView");
    auto* model = people->model();
    const int before = peopleCount();
    const QModelIndex dragged = model->index(before - 1, 0), target = model->index(0, 0);
    const qint64 into = target.data(ui::PeopleModel::IdRole).toLongLong();
    const qint64 gone = dragged.data(ui::PeopleModel::IdRole).toLongLong();
    // What the view does on a drop (the drag itself needs a window system's drag loop).
    std::unique_ptr<QMimeData> data(model->mimeData({dragged}));
    QVERIFY(model->canDropMimeData(data.get(), Qt::CopyAction, -1, -1, target));
    QVERIFY(!model->canDropMimeData(data.get(), Qt::CopyAction, 0, 0, {}));  // not between cards
    model->dropMimeData(data.get(), Qt::CopyAction, -1, -1, target);
    settle();
    QCOMPARE(peopleCount(), before - 1);
    bool intoThere = false, goneThere = false;
    for (int row = 0; row < model->rowCount(); ++row) {
        const qint64 id = model->index(row, 0).data(ui::PeopleModel::IdRole).toLongLong();
        intoThere |= id == into;
        goneThere |= id == gone;
    }
    QVERIFY(intoThere && !goneThere);
}

void BrowseTest::aHiddenPersonLooksHiddenAndCanBeUnhidden() {
    window_->showView("people");
    settle();
    auto* people = view("peopleView");
    auto* model = people->model();
    const int before = peopleCount();
    const QModelIndex last = model->index(before - 1, 0);
    const qint64 id = last.data(ui::PeopleModel::IdRole).toLongLong();
    QTest::mouseClick(people->viewport(), Qt::LeftButton, {}, centreOf(people, before - 1));
    auto* page = qobject_cast<ui::PeoplePage*>(view("peopleView")->parentWidget());
    const auto menu = page->contextMenu();
    QVERIFY(menu);
    QAction* hide = nullptr;
    for (QAction* a : menu->actions())
        if (a->text() == "Hide") hide = a;
    QVERIFY(hide);
    hide->trigger();
    settle();
    QCOMPARE(peopleCount(), before - 1);
    QTest::mouseClick(page->findChild<QCheckBox*>(), Qt::LeftButton);  // Show hidden
    QCOMPARE(peopleCount(), before);
    int row = 0;
    while (row < model->rowCount() &&
           model->index(row, 0).data(ui::PeopleModel::IdRole).toLongLong() != id)
        ++row;
    const QModelIndex hidden = model->index(row, 0);
    QVERIFY(hidden.data().toString().contains("hidden"));
    QVERIFY(hidden.data(Qt::ForegroundRole).isValid());  // greyed
    openWithEnter(people, centreOf(people, row));
    settle();
    auto* button = window_->findChild<QPushButton*>("hidePerson");
    QCOMPARE(button->text(), QString("Unhide"));
    QTest::mouseClick(button, Qt::LeftButton);
    settle();
    QCOMPARE(button->text(), QString("Hide"));
    window_->showView("people");
    QTest::mouseClick(page->findChild<QCheckBox*>(), Qt::LeftButton);  // Show hidden off
    QCOMPARE(peopleCount(), before);
}

void BrowseTest::suggestedFacesShowOnceAndChosenFacesAreChecked() {
    // The person with suggestions, if any: none of their suggested faces is in the main grid.
    auto* person = window_->findChild<ui::PersonPage*>();
    const auto* gallery = view("peopleView")->model();
    bool found = false;
    for (int row = 0; row < gallery->rowCount() && !found; ++row) {
        window_->showView("people");
        auto* people = view("peopleView");
        openWithEnter(people, centreOf(people, row));
        settle();
        found = !person->detail().suggested.isEmpty();
    }
    if (found) {
        QSet<qint64> inGrid;
        for (int row = 0; row < person->faces()->model()->rowCount(); ++row)
            inGrid.insert(person->faces()
                              ->model()
                              ->index(row, 0)
                              .data(ui::FacesModel::FaceRole)
                              .toLongLong());
        for (const auto& s : person->detail().suggested)
            QVERIFY(!inGrid.contains(s.face));
        QCOMPARE(person->faces()->model()->rowCount() + person->detail().suggested.size(),
                 person->detail().faces.size());
    }
    // A chosen face is drawn with its check mark: the tile's pixels change where it sits.
    auto* faces = person->faces();
    centreOf(faces, 0);
    const QRect tile = faces->visualRect(faces->model()->index(0, 0));
    const QImage plain = faces->viewport()->grab(tile).toImage();
    QTest::mouseClick(faces->viewport(), Qt::LeftButton, {}, tile.center());
    const QImage chosen = faces->viewport()->grab(tile).toImage();
    // The badge's middle, top left: the highlight colour (of an active or inactive window).
    const QPoint badge(6 + 12, 6 + 5);  // above the tick, inside the circle
    const QRgb shown = chosen.pixelColor(badge).rgb();
    QVERIFY(shown == faces->palette().color(QPalette::Active, QPalette::Highlight).rgb() ||
            shown == faces->palette().color(QPalette::Inactive, QPalette::Highlight).rgb());
    QVERIFY(plain.pixelColor(badge).rgb() != shown);
}

void BrowseTest::aSplitOffersTheNewPersonForNaming() {
    window_->showView("people");
    settle();
    auto* people = view("peopleView");
    openWithEnter(people, centreOf(people, 0));
    settle();
    auto* faces = view("faces");
    QVERIFY(faces->model()->rowCount() >= 3);
    QTest::mouseClick(faces->viewport(), Qt::LeftButton, {}, centreOf(faces, 0));
    QTest::mouseClick(faces->viewport(), Qt::LeftButton, Qt::ControlModifier, centreOf(faces, 1));
    const int before = peopleCount();
    QTest::mouseClick(window_->findChild<QPushButton*>("split"), Qt::LeftButton);
    settle();
    QCOMPARE(peopleCount(), before + 1);
    QVERIFY(window_->findChild<QWidget*>("newPerson")->isVisible());
    // The app put the focus in the name field: typed as a person would.
    QCOMPARE(QApplication::focusWidget(), window_->findChild<QLineEdit*>("newPersonName"));
    QTest::keyClicks(QApplication::focusWidget(), "Grace Hopper");
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    settle();
    QVERIFY2(names().contains("Grace Hopper"), qPrintable(names().join(", ")));
    QVERIFY(!window_->findChild<QWidget*>("newPerson")->isVisible());
}

void BrowseTest::thumbnailsScaleWithTheSliderAndCtrlWheelAndFillTheWidth() {
    window_->resize(1600, 900);
    window_->showView("people");
    settle();
    auto* people = view("peopleView");
    auto* slider = qobject_cast<ui::PeoplePage*>(view("peopleView")->parentWidget())
                       ->findChild<QSlider*>("thumbnailSize");
    QVERIFY(slider);
    const int side = people->iconSize().width();
    QTest::keyClick(slider, Qt::Key_PageUp);
    QVERIFY(people->iconSize().width() > side);
    const int larger = people->iconSize().width();
    const QPointF at = people->viewport()->rect().center();
    QWheelEvent wheel(at, people->viewport()->mapToGlobal(at), {}, {0, -120}, Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(people->viewport(), &wheel);
    QVERIFY(people->iconSize().width() < larger);
    // Whole columns fill the width: what is left on the right is the view's margin and less
    // than a pixel a column, never a column's worth.
    const int width = people->viewport()->width() - 2 * people->spacing();
    const int cell = people->gridSize().width();
    const int columns = width / cell;
    QVERIFY2(width - columns * cell <= columns + 1,
             qPrintable(QString("%1 px, %2 columns of %3").arg(width).arg(columns).arg(cell)));
    const int last = people->model()->rowCount() - 1;
    QVERIFY(last >= columns);  // a full first row to measure
    QVERIFY(people->visualRect(people->model()->index(columns - 1, 0)).right() >
            people->viewport()->width() - cell);
    window_->resize(1280, 820);
}

void BrowseTest::aFolderInsideAnotherIsListedOnceWithItsPhotoCount() {
    QTemporaryDir fresh;
    ui::AppOptions options = options_;
    options.library = fresh.filePath("library.db").toStdString();
    {
        auto library = store::Library::open(options.library, store::Access::ReadWrite);
        QVERIFY(library.ok());
        QVERIFY(library.value()
                    ->write([](store::Library::Writer& w) {
                        w.addFolder("/home/me/Pictures/2023");
                        w.addFolder("/home/me/Pictures");
                        w.addFolder("/home/me/Pictures 2");  // beside it, not inside
                    })
                    .ok());
    }
    QVERIFY(open(options));
    window_->showView("folders");
    settle();
    auto* folders = window_->findChild<QListWidget*>("folders");
    QCOMPARE(folders->count(), 2);
    QVERIFY(folders->item(0)->text().startsWith("/home/me/Pictures  —  0 photos"));
    QVERIFY(folders->item(1)->text().startsWith("/home/me/Pictures 2"));
    QVERIFY(open(options_));
}

void BrowseTest::aFolderIsRescannedAndRemovedFromTheApp() {
    QTemporaryDir fresh;
    const QDir photos(fresh.filePath("photos"));
    QVERIFY(QDir().mkpath(photos.path()));
    int copied = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(devImages()))
        if (entry.is_regular_file() && copied < 2 &&
            QFile::copy(QString::fromStdString(entry.path().string()),
                        photos.filePath(QString("p%1.jpg").arg(copied))))
            ++copied;
    QCOMPARE(copied, 2);
    ui::AppOptions options = options_;
    options.library = fresh.filePath("library.db").toStdString();
    options.scanFolders = {photos.path().toStdString()};
    QVERIFY(open(options));
    QVERIFY(waitFor([&] { return !window_->isBusy(); }, 120'000));
    window_->showView("folders");
    settle();
    auto* folders = window_->findChild<QListWidget*>("folders");
    QCOMPARE(folders->count(), 1);
    QVERIFY2(folders->item(0)->text().contains("2 photos"), qPrintable(folders->item(0)->text()));
    // A third photo, then Rescan on the folder.
    QVERIFY(QFile::copy(photos.filePath("p0.jpg"), photos.filePath("copy.png")) ||
            QFile::copy(photos.filePath("p0.jpg"), photos.filePath("p2.jpg")));
    QTest::mouseClick(folders->viewport(), Qt::LeftButton, {},
                      folders->visualItemRect(folders->item(0)).center());
    QTest::mouseClick(window_->findChild<QPushButton*>("rescanFolder"), Qt::LeftButton);
    QVERIFY(waitFor([&] { return folders->item(0)->text().contains("3 photos"); }, 120'000));
    // Remove, answering Yes to the question.
    QTest::mouseClick(folders->viewport(), Qt::LeftButton, {},
                      folders->visualItemRect(folders->item(0)).center());
    answerYesToTheNextQuestion();
    QTest::mouseClick(window_->findChild<QPushButton*>("removeFolder"), Qt::LeftButton);
    QVERIFY(waitFor([&] { return folders->item(0)->text().contains("No folders"); }));
    settle();
    QVERIFY(QFile::exists(photos.filePath("p0.jpg")));  // the photos themselves stay
    window_->showView("photos");
    QCOMPARE(window_->findChild<ui::PhotosPage*>()->model().shownPhotos().size(), 0);
    QVERIFY(window_->findChild<QPushButton*>("photosAddFolder")->isVisible());  // the next step
    QCOMPARE(peopleCount(), 0);  // their faces left with them
    window_.reset();
}

// The cache of thumbnails and crops cleared (cleaning tools do), or another one used: the people
// show as grey placeholders until a rescan, which makes them again, and then their faces.
void BrowseTest::facesLostFromTheCacheComeBackAfterARescan() {
    QTemporaryDir fresh;
    const QDir photos(fresh.filePath("photos"));
    QVERIFY(QDir().mkpath(photos.path()));
    for (const char* name : {"img1.jpg", "img2.jpg", "img3.jpg"})
        QVERIFY(QFile::copy(QString::fromStdString((devImages() / name).string()),
                            photos.filePath(name)));
    ui::AppOptions options = options_;
    options.library = fresh.filePath("library.db").toStdString();
    options.cacheDir = fresh.filePath("cache").toStdString();
    options.scanFolders = {photos.path().toStdString()};
    QVERIFY(open(options));
    QVERIFY(waitFor([&] { return !window_->isBusy(); }, 120'000));
    const int people = peopleCount();
    QVERIFY(people >= 1);
    window_.reset();
    QVERIFY(QDir(fresh.filePath("cache")).removeRecursively());

    options.scanFolders.clear();
    QVERIFY(open(options));
    window_->showView("people");
    // The centre of a card's face: the placeholder's grey, or a face.
    const auto faceShown = [&](int row) {
        const QPixmap cover =
            view("peopleView")->model()->index(row, 0).data(Qt::DecorationRole).value<QPixmap>();
        return !cover.isNull() &&
               cover.toImage().pixelColor(cover.width() / 2, cover.height() / 2) !=
                   QColor(0xe4, 0xe6, 0xea);
    };
    const auto everyFaceShown = [&] {
        for (int row = 0; row < people; ++row)
            if (!faceShown(row)) return false;
        return true;
    };
    settle();
    QCOMPARE(peopleCount(), people);
    for (int row = 0; row < people; ++row)
        QVERIFY(!faceShown(row));

    window_->showView("folders");
    settle();
    auto* folders = window_->findChild<QListWidget*>("folders");
    QTest::mouseClick(folders->viewport(), Qt::LeftButton, {},
                      folders->visualItemRect(folders->item(0)).center());
    QTest::mouseClick(window_->findChild<QPushButton*>("rescanFolder"), Qt::LeftButton);
    window_->showView("people");
    QVERIFY(waitFor(everyFaceShown, 120'000));
    window_.reset();
}

QTEST_MAIN(BrowseTest)
#include "browse_test.moc"
