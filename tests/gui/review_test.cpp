// The review queue driven as a person would (issue 19), with keys and clicks, on the dev set
// scanned together with copies of three of its photos (Qt Test, QT_QPA_PLATFORM=offscreen):
// each side shows a picture once; N keeps two people apart and the next "Who is this?" takes
// the name typed at once; S and Esc skip; "Is this X?" is answered yes, or "it is someone else"
// with their name; two named people merge only under the name the user chose; a sample opens its
// photo and leads back; no ids or raw data anywhere on screen; the history reads as sentences
// with the faces involved. Every check is on the library's state or the models, not on words.
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <map>
#include <set>

#include "gui_support.h"
#include "history_page.h"  // white-box: the history's roles
#include "kith/ui.h"
#include "photo_page.h"
#include "review_page.h"

namespace {

using namespace kith;
using test::waitFor;
using Kind = people::ReviewItem::Kind;

// Text that gives away an id or a raw record: "#13", "person 5", "{", "face:69:4".
const QRegularExpression kRawData(R"(#\d|\{|\}|\b(face|merge|name|split):\d|person \d)");

}  // namespace

class ReviewTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void eachSideShowsAPictureOnce();
    void noThenTheNameOfTheNextPersonTypedAtOnce();
    void sAndEscSkip();
    void yesToIsThisConfirmsTheFace();
    void someoneElseNamesTheFace();
    void twoNamedPeopleMergeOnlyUnderTheNameChosen();
    void aSampleOpensItsPhotoAndLeadsBackToTheQuestion();
    void theScreenShowsNoIdsOrRawData();
    void theHistoryReadsAsSentencesWithTheFacesInvolved();

  private:
    void settle() {
        QVERIFY(waitFor([&] { return !window_->isBusy(); }));
    }
    std::unique_ptr<store::Library> library() const { return test::readLibrary(options_); }
    ui::ReviewPage* review() const { return window_->findChild<ui::ReviewPage*>("reviewPage"); }
    // Puts the first prompt of `kind` (passing `also`) first, on screen; false if there is none.
    bool bringForward(Kind kind, const std::function<bool(const ui::ReviewPrompt&)>& also = {});
    std::pair<store::Id, bool> assignmentOf(store::Id face) const {
        return test::assignmentOf(options_, face);
    }
    // A person's name; empty when unnamed or gone.
    QString nameOf(store::Id person) const {
        const auto row = test::personRow(options_, person);
        return row ? QString::fromStdString(row->name) : QString();
    }

    QTemporaryDir dir_;
    ui::AppOptions options_;
    std::unique_ptr<ui::MainWindow> window_;
    ui::ReviewPrompt keptApart_;  // the "same person?" answered no
};

void ReviewTest::initTestCase() {
    const QString problem = test::scannedDevLibrary(dir_, options_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Copies of three photos in a second folder (an album exported twice): the same pictures.
    const QDir copies(dir_.filePath("copies"));
    QVERIFY(QDir().mkpath(copies.path()));
    for (const char* photo : {"img1.jpg", "img2.jpg", "img4.jpg"})
        QVERIFY(QFile::copy(QString::fromStdString((test::devImages() / photo).string()),
                            copies.filePath(photo)));
    const auto scanned = test::scanFolders(options_, {copies.path().toStdString()});
    QVERIFY2(scanned.ok(), scanned.ok() ? "" : scanned.error().describe().c_str());
    window_ = test::openWindow(options_);
    QVERIFY(window_);
    window_->showView("review");
    settle();
}

bool ReviewTest::bringForward(Kind kind, const std::function<bool(const ui::ReviewPrompt&)>& also) {
    // The engine's order decides what comes first; here the test puts the prompt it needs first.
    const QVector<ui::ReviewPrompt> all = review()->prompts();
    for (const ui::ReviewPrompt& p : all)
        if (p.kind == kind && (!also || also(p))) {
            review()->askFirst(p.id);
            window_->showView("review");
            QCoreApplication::processEvents();  // new tiles show once the loop runs
            // One answered here already (a skip) stays answered: the next one then.
            if (review()->current() && review()->current()->id == p.id) return true;
        }
    return false;
}

void ReviewTest::eachSideShowsAPictureOnce() {  // issue 19, item 1
    // A picture: a photo's content and a box in it. Copies share both.
    std::map<store::Id, QString> pictureOf;
    auto lib = library();
    for (const store::Face& f : lib->faces().value()) {
        const auto info = lib->photoInfo(f.photoId).value();
        pictureOf[f.id] = QString("%1 %2 %3")
                              .arg(QString::fromStdString(info->contentHash))
                              .arg(qRound(f.x))
                              .arg(qRound(f.y));
    }
    std::set<QString> seen;
    int sidesWithCopies = 0;
    for (const ui::ReviewPrompt& p : review()->prompts()) {
        std::set<QString> sideA;
        for (const auto* side : {&p.sideA, &p.sideB}) {
            std::set<QString> pictures;
            for (const ui::FaceTile& t : *side)
                pictures.insert(pictureOf[t.face]);
            QVERIFY2(pictures.size() == static_cast<size_t>(side->size()), qPrintable(p.question));
            // Copies of a photo in the library: a side drew from a person that holds them.
            std::set<QString> inPerson;
            for (const store::Assignment& a : lib->assignments().value())
                if (a.person == side->value(0).person && !inPerson.insert(pictureOf[a.face]).second)
                    ++sidesWithCopies;
            if (side == &p.sideA) sideA = pictures;
        }
        // "Is this X?": X's side holds no copy of the face asked about.
        if (p.kind == Kind::IsThisPerson)
            for (const ui::FaceTile& t : p.sideB)
                QVERIFY(!sideA.count(pictureOf[t.face]));
    }
    QVERIFY(sidesWithCopies > 0);  // the copies were asked about
    // On screen: the tiles of the prompt shown, each once.
    QStringList shown;
    for (const QLabel* tile : review()->findChildren<QLabel*>())
        if (tile->isVisible() && tile->property("face").toLongLong())
            shown << pictureOf[tile->property("face").toLongLong()];
    QVERIFY(!shown.isEmpty());
    QCOMPARE(QSet<QString>(shown.begin(), shown.end()).size(), shown.size());
}

void ReviewTest::noThenTheNameOfTheNextPersonTypedAtOnce() {  // items 4 and 6
    ui::ReviewPrompt same, who;
    for (const ui::ReviewPrompt& p : review()->prompts())
        if (p.kind == Kind::SamePerson && !same.person) same = p;
    for (const ui::ReviewPrompt& p : review()->prompts())
        if (p.kind == Kind::WhoIsThis && p.person != same.person && p.person != same.otherPerson)
            who = p;
    QVERIFY(same.person && who.person);
    review()->askFirst(who.id);
    review()->askFirst(same.id);  // then `who` next
    settle();
    // The guess is in words: no distance, no threshold.
    const QString guess = review()->findChild<QLabel*>("guess")->text();
    QVERIFY(!guess.isEmpty() && !guess.contains(QRegularExpression("\\d")));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_N);
    // The name field has the focus now, without a click: typing goes into it, "s" included.
    QCOMPARE(QApplication::focusWidget(), review()->nameEdit());
    QTest::keyClicks(QApplication::focusWidget(), "Sasha Smith");
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    settle();
    QCOMPARE(nameOf(who.person), QString("Sasha Smith"));
    bool apart = false;
    for (const store::Constraint& k : library()->constraints().value())
        apart = apart || (k.kind == store::LinkKind::CannotLink &&
                          std::set<store::Id>{k.personA, k.personB} ==
                              std::set<store::Id>{same.person, same.otherPerson});
    QVERIFY(apart);
    keptApart_ = same;
}

void ReviewTest::sAndEscSkip() {
    const auto skips = [&] {
        int n = 0;
        for (const store::Decision& d : library()->decisions().value())
            n += d.kind == "skip" && !d.undoneAt;
        return n;
    };
    const int before = skips();
    QVERIFY(bringForward(Kind::IsThisPerson));
    const QString asked = review()->current()->id;
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_S);
    settle();
    QCOMPARE(skips(), before + 1);
    QVERIFY(!review()->current() || review()->current()->id != asked);
    // While a name is asked for, S is a letter and Esc skips.
    QVERIFY(bringForward(Kind::WhoIsThis));
    QCOMPARE(QApplication::focusWidget(), review()->nameEdit());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_S);
    QCOMPARE(review()->nameEdit()->text(), QString("s"));
    review()->nameEdit()->clear();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    settle();
    QCOMPARE(skips(), before + 2);
}

void ReviewTest::yesToIsThisConfirmsTheFace() {
    QVERIFY(bringForward(Kind::IsThisPerson));
    const ui::ReviewPrompt asked = *review()->current();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Y);
    settle();
    QCOMPARE(assignmentOf(asked.face), std::make_pair(store::Id(asked.person), true));
}

void ReviewTest::someoneElseNamesTheFace() {  // item 3
    QVERIFY(bringForward(Kind::IsThisPerson));
    const ui::ReviewPrompt asked = *review()->current();
    QTest::mouseClick(review()->findChild<QPushButton*>("someoneElse"), Qt::LeftButton);
    QCOMPARE(QApplication::focusWidget(), review()->nameEdit());
    QTest::keyClicks(QApplication::focusWidget(), "Zoe Example");
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    settle();
    const auto [person, confirmed] = assignmentOf(asked.face);
    QVERIFY(person && person != asked.person && confirmed);
    QCOMPARE(nameOf(person), QString("Zoe Example"));
}

void ReviewTest::twoNamedPeopleMergeOnlyUnderTheNameChosen() {  // item 2
    // A "same person?" between two people, both named first.
    ui::ReviewPrompt q;
    for (const ui::ReviewPrompt& p : review()->prompts())
        if (p.kind == Kind::SamePerson && p.id != keptApart_.id) q = p;
    QVERIFY(q.person);
    QVERIFY(test::namePerson(*window_, q.person, "Ann Example"));
    QVERIFY(test::namePerson(*window_, q.otherPerson, "Bea Example"));
    QVERIFY(bringForward(Kind::SamePerson, [&](const auto& p) { return p.id == q.id; }));
    // The name the engine would not keep by itself: the smaller person's.
    std::map<store::Id, int> size;
    for (const store::Assignment& a : library()->assignments().value())
        ++size[a.person];
    const store::Id smaller = size[q.person] < size[q.otherPerson] ? q.person : q.otherPerson;
    const QString chosen = nameOf(smaller);

    // Cancelled: nothing merges, the question stays.
    test::whenADialogOpens([](QDialog* d) {
        QTest::mouseClick(d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel),
                          Qt::LeftButton);
    });
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Y);
    settle();
    QCOMPARE(review()->current()->id, q.id);
    QVERIFY(!nameOf(q.person).isEmpty() && !nameOf(q.otherPerson).isEmpty());
    // The window has the keys again once the dialog is gone.
    QVERIFY(waitFor([] { return QApplication::focusWidget(); }, 5'000));

    test::whenADialogOpens([chosen](QDialog* d) {
        for (QRadioButton* b : d->findChildren<QRadioButton*>("keepName"))
            if (b->property("name").toString() == chosen)  // on its circle
                QTest::mouseClick(b, Qt::LeftButton, {}, QPoint(6, b->height() / 2));
        QTest::mouseClick(d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
    });
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Y);
    settle();
    QVERIFY(nameOf(q.person).isEmpty() != nameOf(q.otherPerson).isEmpty());  // one is gone
    const store::Id kept = nameOf(q.person).isEmpty() ? q.otherPerson : q.person;
    QCOMPARE(nameOf(kept), chosen);
    for (const store::Assignment& a : library()->assignments().value())
        QVERIFY(a.person != (kept == q.person ? q.otherPerson : q.person));
}

void ReviewTest::aSampleOpensItsPhotoAndLeadsBackToTheQuestion() {  // item 3
    QVERIFY(bringForward(Kind::WhoIsThis));
    const QString asked = review()->current()->id;
    QLabel* tile = nullptr;
    for (QLabel* label : review()->findChildren<QLabel*>())
        if (label->isVisible() && label->property("face").toLongLong()) tile = label;
    QVERIFY(tile);
    const qint64 photo = tile->property("photo").toLongLong();
    const qint64 face = tile->property("face").toLongLong();
    QTest::mouseClick(tile, Qt::LeftButton);
    settle();
    auto* page = window_->findChild<ui::PhotoPage*>("photoPage");
    QVERIFY(page->isVisible());
    QCOMPARE(page->photo().id, photo);
    QCOMPARE(page->photo().faces.value(page->canvas()->selected()).face, face);
    auto* back = window_->findChild<QPushButton*>("returnFromPhoto");
    QVERIFY(back->isVisible());
    QTest::mouseClick(back, Qt::LeftButton);
    QVERIFY(review()->isVisible());
    QCOMPARE(review()->current()->id, asked);
}

void ReviewTest::theScreenShowsNoIdsOrRawData() {  // item 5
    // Undo, so that the status bar says what was undone.
    QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);
    settle();
    QVERIFY(!window_->statusBar()->findChild<QLabel*>()->text().isEmpty());
    for (const QString& view : window_->viewNames()) {
        window_->showView(view);
        settle();
        QStringList said;
        for (const QLabel* label : window_->findChildren<QLabel*>())
            if (label->isVisible()) said << label->text();
        for (const QAbstractButton* button : window_->findChildren<QAbstractButton*>())
            if (button->isVisible()) said << button->text();
        for (const QAbstractItemView* list : window_->findChildren<QAbstractItemView*>())
            if (list->isVisible() && list->model())
                for (int row = 0; row < list->model()->rowCount(); ++row)
                    said << list->model()->index(row, 0).data().toString()
                         << list->model()->index(row, 0).data(Qt::ToolTipRole).toString();
        for (const QString& text : said)
            QVERIFY2(!text.contains(kRawData), qPrintable(view + ": " + text));
    }
}

void ReviewTest::theHistoryReadsAsSentencesWithTheFacesInvolved() {  // item 5
    window_->showView("history");
    settle();
    auto* history = window_->findChild<QListView*>("history");
    QVERIFY(history && history->model()->rowCount() > 0);
    std::map<qint64, std::string> kindOf;
    for (const store::Decision& d : library()->decisions().value())
        kindOf[d.id] = d.kind;
    bool sawApart = false;
    for (int row = 0; row < history->model()->rowCount(); ++row) {
        const QModelIndex i = history->model()->index(row, 0);
        const auto kind = kindOf[i.data(ui::HistoryModel::IdRole).toLongLong()];
        QVERIFY2(!i.data().toString().contains(kRawData), qPrintable(i.data().toString()));
        // Every decision here was about people: each row shows their faces.
        QVERIFY2(!i.data(ui::HistoryModel::FacesRole).toList().isEmpty(), kind.c_str());
        if (kind != "different") continue;
        // "Kept apart": a face of each of the two people.
        std::set<store::Id> persons;
        for (const QVariant& face : i.data(ui::HistoryModel::FacesRole).toList())
            persons.insert(assignmentOf(face.toLongLong()).first);
        QCOMPARE(persons, (std::set<store::Id>{keptApart_.person, keptApart_.otherPerson}));
        sawApart = true;
    }
    QVERIFY(sawApart);
    window_.reset();
}

QTEST_MAIN(ReviewTest)
#include "review_test.moc"
