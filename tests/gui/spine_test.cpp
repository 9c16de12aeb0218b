// The app's spine (issue 18): one thread owns the library and the people engine while a scan
// runs beside it, and the people gallery is patched row by row from typed change sets. Driven on
// a library scanned from the dev set (Qt Test, QT_QPA_PLATFORM=offscreen).
#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QElapsedTimer>
#include <QLabel>
#include <QListView>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_support.h"
#include "kith/store.h"
#include "kith/ui.h"
#include "people_changes.h"
#include "people_page.h"  // white-box: the gallery's model and its roles
#include "person_page.h"
#include "review_changes.h"
#include "review_page.h"

namespace {

using namespace kith;
using test::waitFor;

ui::PersonCard card(qint64 id, const QString& name, int faces) {
    ui::PersonCard c;
    c.id = id;
    c.name = name;
    c.faces = faces;
    return c;
}

// The ids of a model's rows, in order.
QVector<qint64> ids(const QAbstractItemModel& model) {
    QVector<qint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, 0).data(ui::PeopleModel::IdRole).toLongLong();
    return result;
}

// What the gallery's model announced while it was watched.
struct Announced {
    explicit Announced(QAbstractItemModel* model)
        : resets(model, &QAbstractItemModel::modelReset),
          removed(model, &QAbstractItemModel::rowsRemoved),
          inserted(model, &QAbstractItemModel::rowsInserted),
          changed(model, &QAbstractItemModel::dataChanged) {}
    // The rows dataChanged named, as ids; not a face image that came in from the disk.
    QSet<qint64> changedIds() const {
        QSet<qint64> result;
        for (const QList<QVariant>& args : changed) {
            if (args.at(2).value<QList<int>>() == QList<int>{Qt::DecorationRole}) continue;
            const auto from = args.at(0).value<QModelIndex>(), to = args.at(1).value<QModelIndex>();
            for (int row = from.row(); row <= to.row(); ++row)
                result << from.sibling(row, 0).data(ui::PeopleModel::IdRole).toLongLong();
        }
        return result;
    }
    QSignalSpy resets, removed, inserted, changed;
};

}  // namespace

class SpineTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void theChangesBetweenTwoListsAreWhatWasAddedChangedAndRemoved();
    void theReviewQueueChangesKeepTheEnginesOrder();
    void theGalleryModelAppliesChangesAsRowsAndPassesTheModelTester();
    void aRenameChangesOneRowAndResetsNothing();
    void aRenameChangesOnlyTheQuestionsAboutThatPerson();
    void aHideChangesOneRowAndResetsNothing();
    void aMergeRemovesOneRowAndResetsNothing();
    void aDecisionAboutSomeoneGoneSaysSoInWords();
    void aFaceTakenOutOfAPersonLeavesTheirPageRowByRow();
    void theLibraryAnswersAndDecidesWhileAScanIsPaused();
    void closingTheWindowDuringAScanEndsItAndReleasesTheLibrary();
    void whereNamesGoIsKeptAsAWordAndReadAsTheTarget();
    void cleanupTestCase() { window_.reset(); }

  private:
    void settle() {
        QVERIFY(waitFor([&] { return !window_->isBusy(); }));
    }
    bool open(const ui::AppOptions& options);
    /// The app on a fresh library in `dir`, scanning the dev set as it opens, by one worker so
    /// that the scan runs long enough to act on; the library's options.
    ui::AppOptions openScanning(const QTemporaryDir& dir);
    ui::PeoplePage* gallery() const {
        return qobject_cast<ui::PeoplePage*>(
            window_->findChild<QListView*>("peopleView")->parentWidget());
    }
    // The gallery's own model, under the view's sorting and filtering.
    ui::PeopleModel* peopleModel() const {
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(
            window_->findChild<QListView*>("peopleView")->model());
        return qobject_cast<ui::PeopleModel*>(proxy->sourceModel());
    }
    /// Whether the gallery's model holds what the library's tables say now, card for card
    /// (the change sets, applied, come to the same as reading everyone again).
    void galleryIsTheLibrary() const {
        auto library = store::Library::open(options_.library, store::Access::ReadOnly);
        QVERIFY(library.ok());
        const auto stored = library.value()->personCards();
        QVERIFY(stored.ok());
        QMap<qint64, QString> want, have;
        auto describe = [](const QString& name, qint64 faces, bool locked, bool hidden) {
            return QString("%1/%2/%3/%4").arg(name).arg(faces).arg(locked).arg(hidden);
        };
        for (const store::PersonCard& c : stored.value())
            want[c.person.id] =
                describe(QString::fromStdString(c.person.name), static_cast<qint64>(c.faces),
                         c.person.locked, c.person.hidden);
        for (const ui::PersonCard& c : peopleModel()->people())
            have[c.id] = describe(c.name, c.faces, c.locked, c.hidden);
        QCOMPARE(have, want);
    }
    QString nameOf(qint64 person) const {
        const ui::PeopleModel& model = *peopleModel();
        for (const ui::PersonCard& c : model.people())
            if (c.id == person) return c.name;
        return "(gone)";
    }

    QTemporaryDir dir_;
    ui::AppOptions options_;
    std::unique_ptr<ui::MainWindow> window_;
};

void SpineTest::initTestCase() {
    const QString problem = test::scannedDevLibrary(dir_, options_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(open(options_));
    QVERIFY(peopleModel()->rowCount() >= 5);
}

bool SpineTest::open(const ui::AppOptions& options) {
    window_.reset();
    window_ = std::make_unique<ui::MainWindow>(options);
    window_->show();
    if (!waitFor([&] { return window_->isReady(); }, 120'000)) return false;
    return waitFor([&] { return !window_->isBusy(); });
}

ui::AppOptions SpineTest::openScanning(const QTemporaryDir& dir) {
    ui::AppOptions options = options_;
    options.library = dir.filePath("library.db").toStdString();
    options.cacheDir = dir.filePath("cache").toStdString();
    options.scanFolders = {test::devImages()};
    options.jobs = 1;
    window_ = std::make_unique<ui::MainWindow>(options);
    window_->show();
    return options;
}

void SpineTest::theChangesBetweenTwoListsAreWhatWasAddedChangedAndRemoved() {
    const QVector<ui::PersonCard> before = {card(1, "", 5), card(2, "Ada", 3), card(3, "", 2)};
    QVector<ui::PersonCard> after = {card(2, "Ada", 8), card(4, "", 1), card(3, "", 2)};
    const ui::PeopleChanges changes = ui::peopleChanges(before, after);
    QCOMPARE(changes.removed, QVector<qint64>{1});
    QCOMPARE(changes.changed.size(), 1);
    QCOMPARE(changes.changed.front().id, 2);
    QCOMPARE(changes.changed.front().faces, 8);
    QCOMPARE(changes.added.size(), 1);
    QCOMPARE(changes.added.front().id, 4);
    // Applied, the list holds what `after` holds (kept ones in place, new ones at the end).
    QVector<ui::PersonCard> patched = before;
    changes.applyTo(patched);
    QCOMPARE(patched, (QVector<ui::PersonCard>{card(2, "Ada", 8), card(3, "", 2), card(4, "", 1)}));
    QVERIFY(ui::peopleChanges(after, after).empty());
}

void SpineTest::theReviewQueueChangesKeepTheEnginesOrder() {
    auto prompt = [](const QString& id, const QString& name) {
        ui::ReviewPrompt p;
        p.id = id;
        p.name = name;
        return p;
    };
    const QVector<ui::ReviewPrompt> before = {prompt("name:1", ""), prompt("merge:2:3", ""),
                                              prompt("name:4", "")};
    const QVector<ui::ReviewPrompt> after = {prompt("name:4", "Ada"), prompt("name:1", ""),
                                             prompt("face:9:1", "")};
    const ui::ReviewChanges changes = ui::reviewChanges(before, after);
    QCOMPARE(changes.removed, QVector<QString>{"merge:2:3"});
    QCOMPARE(changes.changed.size(), 1);
    QCOMPARE(changes.changed.front().name, QString("Ada"));
    QCOMPARE(changes.added.size(), 1);
    QCOMPARE(changes.added.front().id, QString("face:9:1"));
    QVector<ui::ReviewPrompt> patched = before;
    changes.applyTo(patched);
    QCOMPARE(patched, after);
    // Nothing changed: nothing but the order is sent.
    const ui::ReviewChanges none = ui::reviewChanges(after, after);
    QCOMPARE(none.size(), 0);
}

void SpineTest::theGalleryModelAppliesChangesAsRowsAndPassesTheModelTester() {
    ui::FaceImages images;
    ui::PeopleModel model(images);
    QAbstractItemModelTester modelTester(&model,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    ui::PeopleFilter filter;
    filter.setSourceModel(&model);
    filter.setSortRole(ui::PeopleModel::FacesRole);
    filter.sort(0, Qt::DescendingOrder);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVector<ui::PersonCard> shown;
    for (int id = 1; id <= 50; ++id)
        shown << card(id, id % 2 ? QString() : QString("P%1").arg(id), 100 - id);
    model.apply(ui::peopleChanges({}, shown));  // the first set: one reset
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(filter.index(0, 0).data(ui::PeopleModel::IdRole).toLongLong(), 1);

    Announced announced(&model);
    QVector<ui::PersonCard> next = shown;
    next[9].name = "Renamed";  // person 10
    next[19].faces = 1000;     // person 20, now the largest
    next.removeAt(29);         // person 30, merged away
    next << card(51, "", 7);   // a split's new person
    model.apply(ui::peopleChanges(shown, next));
    QCOMPARE(announced.resets.size(), 0);
    QCOMPARE(announced.removed.size(), 1);
    QCOMPARE(announced.inserted.size(), 1);
    QCOMPARE(announced.changedIds(), (QSet<qint64>{10, 20}));
    QVector<qint64> want;
    for (const ui::PersonCard& c : next)
        want << c.id;
    QVector<qint64> have = ids(model);
    std::sort(want.begin(), want.end());
    std::sort(have.begin(), have.end());
    QCOMPARE(have, want);
    QCOMPARE(filter.index(0, 0).data(ui::PeopleModel::IdRole).toLongLong(), 20);  // sorted again

    // Many changes at once (a scan's batch) are one reset.
    QVector<ui::PersonCard> many;
    for (int id = 100; id < 100 + ui::PeopleModel::kMostRowChanges + 1; ++id)
        many << card(id, "", 1);
    model.apply(ui::peopleChanges(next, next + many));
    QCOMPARE(announced.resets.size(), 1);
    QCOMPARE(model.rowCount(), next.size() + many.size());
    // So is a set sent as a reload (a scan's batch taken in), however small.
    QVector<ui::PersonCard> renamed = next + many;
    renamed[0].name = "Once more";
    ui::PeopleChanges batch = ui::peopleChanges(next + many, renamed);
    batch.reload = true;
    model.apply(batch);
    QCOMPARE(announced.resets.size(), 2);
    QCOMPARE(model.people().front().name, QString("Once more"));
}

void SpineTest::aRenameChangesOneRowAndResetsNothing() {
    ui::PeopleModel* model = peopleModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int rows = model->rowCount();
    const qint64 person = model->people().at(1).id;
    Announced announced(model);
    emit gallery()->renameRequested(person, "Spine Rename");
    settle();
    QCOMPARE(nameOf(person), QString("Spine Rename"));
    QCOMPARE(announced.resets.size(), 0);
    QCOMPARE(announced.removed.size(), 0);
    QCOMPARE(announced.changedIds(), QSet<qint64>{person});
    QCOMPARE(model->rowCount(), rows);
    galleryIsTheLibrary();
}

void SpineTest::aRenameChangesOnlyTheQuestionsAboutThatPerson() {
    auto* review = window_->findChild<ui::ReviewPage*>("reviewPage");
    const QVector<ui::ReviewPrompt> before = review->prompts();
    auto about = [](const ui::ReviewPrompt& p, qint64 person) {
        return p.person == person || p.otherPerson == person;
    };
    const auto asked = std::find_if(before.begin(), before.end(), [](const ui::ReviewPrompt& p) {
        return p.kind == people::ReviewKind::WhoIsThis;
    });
    QVERIFY(asked != before.end());
    const qint64 person = asked->person;
    emit gallery()->renameRequested(person, "Spine Question");
    settle();
    const QVector<ui::ReviewPrompt> after = review->prompts();
    QVERIFY(!after.isEmpty());
    for (const ui::ReviewPrompt& p : after) {
        QVERIFY2(p.id != asked->id, "a person with a name is not asked who they are");
        if (about(p, person)) {
            QVERIFY(p.name == "Spine Question" || p.otherName == "Spine Question");
            continue;
        }
        // A question about others is the one sent before, untouched.
        const auto was = std::find_if(before.begin(), before.end(),
                                      [&](const ui::ReviewPrompt& b) { return b.id == p.id; });
        if (was != before.end()) QVERIFY2(*was == p, qPrintable(p.id));
    }
}

void SpineTest::aHideChangesOneRowAndResetsNothing() {
    ui::PeopleModel* model = peopleModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 person = model->people().at(2).id;
    const int shownBefore = gallery()->visibleCount();
    Announced announced(model);
    emit gallery()->hideRequested({person}, true);
    settle();
    QCOMPARE(announced.resets.size(), 0);
    QCOMPARE(announced.changedIds(), QSet<qint64>{person});
    QCOMPARE(gallery()->visibleCount(), shownBefore - 1);  // the filter took the row out
    emit gallery()->hideRequested({person}, false);
    settle();
    QCOMPARE(gallery()->visibleCount(), shownBefore);
    QCOMPARE(announced.resets.size(), 0);
    galleryIsTheLibrary();
}

void SpineTest::aMergeRemovesOneRowAndResetsNothing() {
    ui::PeopleModel* model = peopleModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int rows = model->rowCount();
    const qint64 into = model->people().at(0).id, from = model->people().at(3).id;
    Announced announced(model);
    emit gallery()->mergeRequested(into, {from});
    settle();
    QCOMPARE(announced.resets.size(), 0);
    QCOMPARE(announced.removed.size(), 1);
    QCOMPARE(model->rowCount(), rows - 1);
    QVERIFY(!ids(*model).contains(from));
    QVERIFY(announced.changedIds().contains(into));  // more faces now
    galleryIsTheLibrary();
}

void SpineTest::aDecisionAboutSomeoneGoneSaysSoInWords() {
    const QVector<ui::PersonCard>& people = peopleModel()->people();
    QVERIFY(people.size() >= 3);
    const qint64 into = people.at(0).id, from = people.at(2).id;
    emit gallery()->mergeRequested(into, {from});
    settle();
    // The same merge again, as from a view not refreshed yet: `from` is gone.
    emit gallery()->mergeRequested(into, {from});
    settle();
    const QString said = window_->findChild<QLabel*>("statusMessage")->text();
    QVERIFY2(said.startsWith("Nothing was changed"), qPrintable(said));
    QVERIFY2(!said.contains(QRegularExpression("\\d")), qPrintable(said));  // no ids
    galleryIsTheLibrary();
}

void SpineTest::aFaceTakenOutOfAPersonLeavesTheirPageRowByRow() {
    // The largest person, whose page has faces enough to lose one.
    window_->showView("people");
    settle();
    const QVector<ui::PersonCard>& people = peopleModel()->people();
    const auto largest = std::max_element(
        people.begin(), people.end(),
        [](const ui::PersonCard& a, const ui::PersonCard& b) { return a.faces < b.faces; });
    QVERIFY(largest != people.end() && largest->faces >= 3);
    emit gallery()->personActivated(largest->id);
    settle();
    auto* faces = window_->findChild<QListView*>("faces");
    QAbstractItemModel* model = faces->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int rows = model->rowCount();
    QVERIFY(rows >= 2);
    const qint64 face = model->index(1, 0).data(ui::FacesModel::FaceRole).toLongLong();
    faces->selectionModel()->select(model->index(1, 0), QItemSelectionModel::ClearAndSelect);
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    QTest::mouseClick(window_->findChild<QPushButton*>("notThisPerson"), Qt::LeftButton);
    settle();
    QCOMPARE(resets.size(), 0);
    // One row for the face taken out, and one for each face the page now lists below as
    // suggested instead (the engine may ask "is this X?" about others after a rejection).
    QVERIFY(removed.size() >= 1);
    const ui::PersonDetail& now = window_->findChild<ui::PersonPage*>("personPage")->detail();
    QVector<qint64> listed;
    for (const ui::FaceTile& f : now.faces)
        if (std::none_of(now.suggested.begin(), now.suggested.end(),
                         [&](const ui::FaceTile& s) { return s.face == f.face; }))
            listed << f.face;
    QVector<qint64> shown;
    for (int row = 0; row < model->rowCount(); ++row)
        shown << model->index(row, 0).data(ui::FacesModel::FaceRole).toLongLong();
    QCOMPARE(shown, listed);  // patched row by row into what a reset would show
    QVERIFY(!shown.contains(face));
    galleryIsTheLibrary();
}

void SpineTest::theLibraryAnswersAndDecidesWhileAScanIsPaused() {
    QTemporaryDir fresh;
    openScanning(fresh);
    auto* progress = window_->findChild<QProgressBar*>("scanProgress");
    QVERIFY(waitFor([&] { return progress->isVisible(); }, 120'000));
    QVERIFY(
        waitFor([&] { return peopleModel()->rowCount() > 0 || !progress->isVisible(); }, 120'000));
    QVERIFY2(progress->isVisible(), "the scan ended before people formed: nothing to hold");
    auto* pause = window_->findChild<QPushButton*>("pauseScan");
    QTest::mouseClick(pause, Qt::LeftButton);
    // The library's own thread is free while the scan is held: a decision is made and shown, and
    // the history (which only that thread reads) lists it, though the scan has not ended.
    const qint64 person = peopleModel()->people().front().id;
    emit gallery()->renameRequested(person, "Named While Scanning");
    QVERIFY(waitFor([&] { return nameOf(person) == "Named While Scanning"; }, 20'000));
    // Any item view: the history is a list of decisions, whatever widget shows it.
    window_->showView("history");
    auto* history = window_->findChild<QAbstractItemView*>("history");
    QVERIFY(history);
    QVERIFY(waitFor([&] { return history->model()->rowCount() > 0; }, 20'000));
    QVERIFY(progress->isVisible());
    QVERIFY(window_->isBusy());  // the scan is still counted
    // Cancelled, it ends; what it analysed stays, and so does the name.
    QPushButton* cancel = nullptr;
    for (auto* b : window_->findChildren<QPushButton*>())
        if (b->text() == "Cancel") cancel = b;
    QVERIFY(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);
    settle();
    QVERIFY(!progress->isVisible());
    QVERIFY(peopleModel()->rowCount() > 0);
    QCOMPARE(nameOf(person), QString("Named While Scanning"));
    window_.reset();
}

void SpineTest::closingTheWindowDuringAScanEndsItAndReleasesTheLibrary() {
    QTemporaryDir fresh;
    const ui::AppOptions options = openScanning(fresh);
    auto* progress = window_->findChild<QProgressBar*>("scanProgress");
    QVERIFY(waitFor([&] { return progress->isVisible() && progress->value() > 0; }, 120'000));
    QElapsedTimer closing;
    closing.start();
    window_.reset();  // the scan is cancelled and waited for, with both its threads
    QVERIFY2(closing.elapsed() < 30'000, "closing waited for the whole scan");
    // Both connections are closed: the library can be written again, and what the scan
    // committed is there, the rest pending for the next scan.
    auto library = store::Library::open(options.library, store::Access::ReadWrite);
    QVERIFY2(library.ok(), library.ok() ? "" : library.error().describe().c_str());
    const auto counts = library.value()->counts();
    QVERIFY(counts.ok());
    QVERIFY(counts.value().photos > 0);
    QVERIFY(counts.value().pending > 0);
}

void SpineTest::whereNamesGoIsKeptAsAWordAndReadAsTheTarget() {
    QTemporaryDir dir;
    QSettings file(dir.filePath("kith.conf"), QSettings::IniFormat);
    ui::AppOptions chosen;
    chosen.nameExport = metadata::Target::Embedded;
    ui::saveSettings(file, chosen);
    QCOMPARE(file.value("xmp/export").toString(), QString("embedded"));  // as older Kiths wrote
    ui::AppOptions read;
    ui::applySettings(file, read, /*keepLibrary=*/true);
    QVERIFY(read.nameExport == metadata::Target::Embedded);
    file.setValue("xmp/export", "off");
    ui::applySettings(file, read, true);
    QVERIFY(!read.nameExport);
    // A word this version does not know keeps what was there.
    file.setValue("xmp/export", "cloud");
    read.nameExport = metadata::Target::Sidecar;
    ui::applySettings(file, read, true);
    QVERIFY(read.nameExport == metadata::Target::Sidecar);
}

QTEST_MAIN(SpineTest)
#include "spine_test.moc"
