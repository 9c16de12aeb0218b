// Fixing people as a person would (issue 19), with keys and clicks on a library scanned from the
// dev set (Qt Test, QT_QPA_PLATFORM=offscreen): search and sort in the gallery, Merge with… by
// face, Not this person (Delete) and Move to…, Lock, two named people merged from the gallery
// under the name chosen, and Add a folder. Every check is on the library's state or the models.
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "gui_support.h"
#include "kith/ui.h"

namespace {

using namespace kith;
using test::waitFor;

// Chooses `person` in the person chooser that is about to open, and confirms.
void chooseInTheNextChooser(qint64 person, QStringList* shown = nullptr) {
    test::whenADialogOpens([person, shown](QDialog* dialog) {
        auto* list = dialog->findChild<QListView*>("choosePerson");
        for (int row = 0; list && row < list->model()->rowCount(); ++row) {
            const QModelIndex i = list->model()->index(row, 0);
            if (shown) shown->push_back(i.data().toString());
            // Each offered by their face.
            if (shown && i.data(Qt::DecorationRole).value<QPixmap>().isNull()) shown->push_back("");
            // Nothing is dragged here: the gallery's hint about dragging does not apply.
            if (shown && i.data(Qt::ToolTipRole).toString().contains("Drag"))
                shown->push_back("(a drag hint)");
            if (i.data(ui::PeopleModel::IdRole).toLongLong() == person) list->setCurrentIndex(i);
        }
        QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
    });
}

}  // namespace

class PeopleTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void searchFindsByNameAndSortOrders();
    void mergeWithChoosesTheOtherByFace();
    void notThisPersonAndMoveTo();
    void lockAndUnlock();
    void twoNamedPeopleMergedFromTheGalleryKeepTheNameChosen();
    void aFolderAddedIsScanned();

  private:
    void settle() {
        QVERIFY(waitFor([&] { return !window_->isBusy(); }));
    }
    // The people in the gallery, largest first, as the library has them.
    std::vector<store::PersonCard> people() const {
        return test::readLibrary(options_)->personCards().value();
    }
    ui::PersonPage* personPage() const { return window_->findChild<ui::PersonPage*>("personPage"); }
    std::set<store::Id> facesOf(store::Id person) const {
        std::set<store::Id> faces;
        for (const auto& a : test::readLibrary(options_)->assignmentsOfPerson(person).value())
            faces.insert(a.face);
        return faces;
    }

    QTemporaryDir dir_;
    ui::AppOptions options_;
    std::unique_ptr<ui::MainWindow> window_;
};

void PeopleTest::initTestCase() {
    const QString problem = test::scannedDevLibrary(dir_, options_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    window_ = test::openWindow(options_);
    QVERIFY(window_);
}

void PeopleTest::searchFindsByNameAndSortOrders() {
    const auto all = people();
    QVERIFY(all.size() >= 4);
    QVERIFY(test::namePerson(*window_, all[1].person.id, "Marta Example"));
    QVERIFY(test::namePerson(*window_, all[2].person.id, "Anna Example"));
    window_->showView("people");
    settle();
    auto* gallery = window_->findChild<QListView*>("peopleView");
    auto* model = gallery->model();
    auto* search = gallery->parentWidget()->findChild<QLineEdit*>();
    QTest::mouseClick(search, Qt::LeftButton);
    QTest::keyClicks(search, "marta");
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data(ui::PeopleModel::IdRole).toLongLong(), all[1].person.id);
    search->clear();
    QCOMPARE(model->rowCount(), static_cast<int>(all.size()));
    // Most photos first: the counts never grow down the grid.
    for (int row = 1; row < model->rowCount(); ++row)
        QVERIFY(model->index(row - 1, 0).data(ui::PeopleModel::FacesRole).toInt() >=
                model->index(row, 0).data(ui::PeopleModel::FacesRole).toInt());
    // By name: Anna before Marta, whatever their sizes.
    auto* sort = gallery->parentWidget()->findChild<QComboBox*>();
    sort->setCurrentIndex(1);
    int anna = -1, marta = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        const qint64 id = model->index(row, 0).data(ui::PeopleModel::IdRole).toLongLong();
        if (id == all[2].person.id) anna = row;
        if (id == all[1].person.id) marta = row;
    }
    QVERIFY(anna >= 0 && anna < marta);
    sort->setCurrentIndex(0);
}

void PeopleTest::mergeWithChoosesTheOtherByFace() {
    const auto all = people();
    const store::Id into = all[3].person.id, from = all.back().person.id;
    const auto both = [&] {
        auto faces = facesOf(into);
        const auto more = facesOf(from);
        faces.insert(more.begin(), more.end());
        return faces;
    }();
    QVERIFY(test::openPerson(*window_, into));
    QStringList offered;
    chooseInTheNextChooser(from, &offered);
    QTest::mouseClick(window_->findChild<QPushButton*>("mergeWith"), Qt::LeftButton);
    settle();
    QVERIFY(!test::personRow(options_, from));
    QCOMPARE(facesOf(into), both);
    // Everyone else was offered, each with a face, none by a number.
    QCOMPARE(offered.size(), static_cast<int>(all.size()) - 1);
    for (const QString& text : offered)
        QVERIFY2(!text.isEmpty() && !text.contains('#'), qPrintable(text));
}

void PeopleTest::notThisPersonAndMoveTo() {
    const auto all = people();
    const store::Id person = all.front().person.id, other = all[1].person.id;
    QVERIFY(test::openPerson(*window_, person));
    auto* faces = personPage()->faces();
    QTest::mouseClick(faces->viewport(), Qt::LeftButton, {},
                      faces->visualRect(faces->model()->index(0, 0)).center());
    const store::Id rejected = personPage()->selectedFaces().value(0);
    QVERIFY(rejected);
    // Delete, to the list the click gave the keys: the button's shortcut (an animated click).
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Delete);
    QVERIFY(waitFor([&] { return test::assignmentOf(options_, rejected).first != person; }));
    bool notThis = false;
    for (const store::Constraint& k : test::readLibrary(options_)->constraints().value())
        notThis = notThis || (k.faceA == rejected && k.personB == person);
    QVERIFY(notThis);

    faces->setCurrentIndex(faces->model()->index(0, 0));
    const store::Id moved = personPage()->selectedFaces().value(0);
    chooseInTheNextChooser(other);
    QTest::mouseClick(window_->findChild<QPushButton*>("moveTo"), Qt::LeftButton);
    settle();
    QCOMPARE(test::assignmentOf(options_, moved), std::make_pair(other, true));
}

void PeopleTest::lockAndUnlock() {
    const store::Id person = people().front().person.id;
    QVERIFY(test::openPerson(*window_, person));
    auto* lock = window_->findChild<QPushButton*>("lockPerson");
    QTest::mouseClick(lock, Qt::LeftButton);
    settle();
    QVERIFY(test::personRow(options_, person)->locked);
    QTest::mouseClick(lock, Qt::LeftButton);
    settle();
    QVERIFY(!test::personRow(options_, person)->locked);
}

void PeopleTest::twoNamedPeopleMergedFromTheGalleryKeepTheNameChosen() {  // item 2
    std::vector<store::Id> named;
    for (const auto& p : people())
        if (!p.person.name.empty()) named.push_back(p.person.id);
    QVERIFY(named.size() >= 2);
    window_->showView("people");
    settle();
    auto* gallery = window_->findChild<QListView*>("peopleView");
    auto* page = qobject_cast<ui::PeoplePage*>(gallery->parentWidget());
    auto* model = gallery->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row, 0);
        const auto id = i.data(ui::PeopleModel::IdRole).toLongLong();
        if (id == named[0]) gallery->selectionModel()->select(i, QItemSelectionModel::Select);
        if (id == named[1])
            gallery->selectionModel()->setCurrentIndex(i, QItemSelectionModel::Select);
    }
    const QString chosen = QString::fromStdString(test::personRow(options_, named[0])->name);
    const auto menu = page->contextMenu();
    QAction* merge = nullptr;
    for (QAction* a : menu->actions())
        if (a->text().startsWith("Merge")) merge = a;
    QVERIFY(merge);
    // Merged into the current one (named[1]), under the other one's name.
    test::whenADialogOpens([chosen](QDialog* d) {
        for (QRadioButton* b : d->findChildren<QRadioButton*>("keepName"))
            if (b->property("name").toString() == chosen)
                QTest::mouseClick(b, Qt::LeftButton, {}, QPoint(6, b->height() / 2));
        QTest::mouseClick(d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
    });
    merge->trigger();
    settle();
    QVERIFY(!test::personRow(options_, named[0]));
    QCOMPARE(QString::fromStdString(test::personRow(options_, named[1])->name), chosen);
}

void PeopleTest::aFolderAddedIsScanned() {
    const QDir photos(dir_.filePath("more"));
    QVERIFY(QDir().mkpath(photos.path()));
    QVERIFY(QFile::copy(QString::fromStdString((test::devImages() / "img1.jpg").string()),
                        photos.filePath("again.jpg")));
    const auto before = test::readLibrary(options_)->photoFiles().value().size();
    window_->showView("folders");
    settle();
    // The folder chosen in the file dialog, as a person picks it.
    test::whenADialogOpens([path = photos.path()](QDialog* d) {
        auto* files = qobject_cast<QFileDialog*>(d);
        if (!files) return d->reject();
        files->setDirectory(path);
        files->selectFile(path);
        d->accept();  // QFileDialog::accept: what its Choose button does
    });
    QTest::mouseClick(window_->findChild<QPushButton*>("addFolder"), Qt::LeftButton);
    QVERIFY(waitFor(
        [&] {
            return !window_->isBusy() &&
                   test::readLibrary(options_)->photoFiles().value().size() == before + 1;
        },
        120'000));
    bool listed = false;
    for (const store::Folder& f : test::readLibrary(options_)->folders().value())
        listed = listed || QDir(QString::fromStdString(f.path.string())) == QDir(photos.path());
    QVERIFY(listed);
    window_.reset();
}

QTEST_MAIN(PeopleTest)
#include "people_test.moc"
