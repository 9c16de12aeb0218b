// Decisions about several faces at once, and undo back to a decision: each one transaction and
// one entry of the history, undone as one.
#include <sqlite3.h>

#include "people_fixture.h"
#include "review.h"

using namespace kith;
using people::ReviewId;
using people::ReviewKind;
using store::Id;
using test::PeopleFixture;

namespace {

// The people tables as rows, without the history (which an undo marks, not removes).
std::vector<std::string> peopleState(PeopleFixture& fx) {
    auto dump = fx.library->canonicalDump().value();
    std::erase_if(dump, [](const std::string& line) { return line.rfind("decision ", 0) == 0; });
    return dump;
}

std::size_t decisionsInForce(PeopleFixture& fx) {
    const auto all = fx.library->decisions().value();
    return static_cast<std::size_t>(
        std::count_if(all.begin(), all.end(), [](const auto& d) { return !d.undoneAt; }));
}

// Two persons of eight faces each, far apart, and the people and history they start with.
struct TwoPeople {
    std::vector<Id> a, b;
    Id personA = 0, personB = 0;
    std::vector<std::string> before;  // peopleState()
    std::size_t inForce = 0;          // decisions in force
};

TwoPeople twoPeople(PeopleFixture& fx) {
    TwoPeople two;
    two.a = fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 8, 0.1f));
    two.b = fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 8, 0.1f));
    fx.update();
    two.personA = fx.onePersonOf(two.a);
    two.personB = fx.onePersonOf(two.b);
    REQUIRE(two.personA != two.personB);
    two.before = peopleState(fx);
    two.inForce = decisionsInForce(fx);
    return two;
}

// Makes every later write of a decision's record fail, as a full disk would: the transaction it
// is in must leave nothing behind.
void failDecisionWrites(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    const int made = sqlite3_exec(db,
                                  "CREATE TRIGGER fail_decisions BEFORE UPDATE ON decisions "
                                  "BEGIN SELECT RAISE(ABORT, 'disk full'); END",
                                  nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(made == SQLITE_OK);
}

}  // namespace

TEST_CASE("faces rejected together are one decision, and one undo puts them all back",
          "[people][batch]") {
    PeopleFixture fx(41);
    const TwoPeople two = twoPeople(fx);
    const std::vector<Id> rejected(two.a.begin(), two.a.begin() + 3);

    REQUIRE(fx.engine->rejectFaces(rejected).ok());
    for (Id face : rejected)
        CHECK(fx.engine->personOf(face) != two.personA);
    CHECK(fx.engine->facesOf(two.personA).size() == 5);
    REQUIRE(decisionsInForce(fx) == two.inForce + 1);
    const auto last = fx.library->decisions().value().back();
    CHECK(last.kind == "reject-faces");
    REQUIRE(last.record.ok());
    const auto& record = std::get<store::decided::RejectFaces>(last.record.value().arguments);
    CHECK(record.faces == rejected);
    CHECK(record.persons == std::vector<Id>(3, two.personA));
    // Said for good: an update does not bring them back.
    fx.update();
    for (Id face : rejected)
        CHECK(fx.engine->personOf(face) != two.personA);

    const auto undone = fx.engine->undo();
    REQUIRE(undone.ok());
    CHECK(undone.value().decisions.size() == 1);
    CHECK(peopleState(fx) == two.before);
    CHECK(fx.onePersonOf(two.a) == two.personA);
}

TEST_CASE("faces moved together are one decision, confirmed, and one undo moves them back",
          "[people][batch]") {
    PeopleFixture fx(42);
    const TwoPeople two = twoPeople(fx);
    const std::vector<Id> moved(two.b.begin(), two.b.begin() + 4);

    REQUIRE(fx.engine->moveFaces(moved, two.personA).ok());
    for (const auto& f : fx.engine->facesOf(two.personA))
        if (std::find(moved.begin(), moved.end(), f.face) != moved.end()) CHECK(f.confirmed);
    CHECK(fx.engine->facesOf(two.personA).size() == 12);
    CHECK(fx.engine->facesOf(two.personB).size() == 4);
    REQUIRE(decisionsInForce(fx) == two.inForce + 1);
    CHECK(fx.library->decisions().value().back().kind == "move-faces");
    // Confirmed: a re-cluster leaves them where they were put.
    REQUIRE(fx.engine->recluster().ok());
    for (Id face : moved)
        CHECK(fx.engine->personOf(face) == two.personA);
    // The re-cluster (if it moved anything) and the move: undone back to the move, as one step.
    const Id move = [&] {
        for (const auto& d : fx.library->decisions().value())
            if (d.kind == "move-faces") return d.id;
        return Id{0};
    }();
    REQUIRE(fx.engine->undoThrough(move).ok());
    CHECK(peopleState(fx) == two.before);
}

TEST_CASE("a batch with one face it cannot take changes nothing", "[people][batch]") {
    PeopleFixture fx(43);
    const TwoPeople two = twoPeople(fx);
    const auto dump = fx.library->canonicalDump().value();
    CHECK(fx.engine->rejectFaces({two.a[0], 424242}).error().code == ErrorCode::InvalidArgument);
    CHECK(fx.engine->moveFaces({two.b[0], 424242}, two.personA).error().code ==
          ErrorCode::NotFound);
    CHECK(fx.engine->moveFaces({two.b[0]}, 424242).error().code == ErrorCode::NotFound);
    CHECK_FALSE(fx.engine->rejectFaces({}).ok());
    CHECK(fx.library->canonicalDump().value() == dump);
    CHECK(fx.engine->personOf(two.a[0]) == two.personA);
}

TEST_CASE("a batch whose write fails half-way leaves the library and the engine as they were",
          "[people][batch]") {
    PeopleFixture fx(44);
    const TwoPeople two = twoPeople(fx);
    const auto dump = fx.library->canonicalDump().value();
    failDecisionWrites(fx.dir / "library.db");
    const Status rejected = fx.engine->rejectFaces({two.a[0], two.a[1], two.a[2]});
    REQUIRE_FALSE(rejected.ok());
    CHECK(rejected.error().code == ErrorCode::StorageError);
    const Status moved = fx.engine->moveFaces({two.b[0], two.b[1]}, two.personA);
    REQUIRE_FALSE(moved.ok());
    CHECK(fx.library->canonicalDump().value() == dump);
    // The engine did not take the changes either.
    CHECK(fx.onePersonOf(two.a) == two.personA);
    CHECK(fx.onePersonOf(two.b) == two.personB);
}

TEST_CASE("undo back to a decision undoes it and every later one in one step", "[people][batch]") {
    PeopleFixture fx(45);
    const TwoPeople two = twoPeople(fx);
    REQUIRE(fx.engine->name(two.personA, "Ann").ok());
    const Id first = fx.library->decisions().value().back().id;
    REQUIRE(fx.engine->lock(two.personB, true).ok());
    REQUIRE(fx.engine->rejectFaces({two.a[0], two.a[1]}).ok());
    REQUIRE(fx.engine->merge(two.personA, two.personB).ok());
    REQUIRE(decisionsInForce(fx) == two.inForce + 4);

    const auto undone = fx.engine->undoThrough(first);
    REQUIRE(undone.ok());
    REQUIRE(undone.value().decisions.size() == 4);
    CHECK(undone.value().decisions.front().kind == "merge");  // latest first
    CHECK(undone.value().decisions.back().id == first);
    CHECK(undone.value().damaged == 0);
    CHECK(decisionsInForce(fx) == two.inForce);
    CHECK(peopleState(fx) == two.before);
    CHECK(fx.engine->person(two.personA)->name.empty());
    // Undone already: not in force, so not found.
    CHECK(fx.engine->undoThrough(first).error().code == ErrorCode::NotFound);
    CHECK(fx.engine->undoThrough(424242).error().code == ErrorCode::NotFound);
}

TEST_CASE("undo back past a damaged row sets the row aside and undoes the rest",
          "[people][batch]") {
    PeopleFixture fx(46);
    const TwoPeople two = twoPeople(fx);
    REQUIRE(fx.engine->name(two.personA, "Ann").ok());
    const Id first = fx.library->decisions().value().back().id;
    REQUIRE(fx.engine->hide(two.personB, true).ok());
    const Id damaged = fx.library->decisions().value().back().id;
    REQUIRE(fx.engine->lock(two.personA, true).ok());
    test::damageDecision(fx.dir / "library.db", damaged, "{\"arguments\":");

    const auto undone = fx.engine->undoThrough(first);
    REQUIRE(undone.ok());
    CHECK(undone.value().decisions.size() == 3);
    CHECK(undone.value().damaged == 1);
    CHECK(fx.engine->person(two.personA)->name.empty());
    CHECK_FALSE(fx.engine->person(two.personA)->locked);
    // The damaged row's change stays: nothing says how to take it back.
    CHECK(fx.engine->person(two.personB)->hidden);
    CHECK(peopleState(fx) != two.before);
}

TEST_CASE("a review item's id is written and read back by one codec", "[people][review]") {
    const std::vector<ReviewId> ids = {{ReviewKind::SamePerson, 12, 34},
                                       {ReviewKind::IsThisPerson, 12, 0, 567},
                                       {ReviewKind::WhoIsThis, 12},
                                       {ReviewKind::TwoPeople, 9}};
    const std::vector<std::string> texts = {"merge:12:34", "face:567:12", "name:12", "split:9"};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CHECK(ids[i].toString() == texts[i]);
        const auto read = ReviewId::parse(texts[i]);
        REQUIRE(read);
        CHECK(*read == ids[i]);
    }
    // Questions of equal gain are ordered by the ids' text, as when ids were strings.
    CHECK(people::writtenBefore({ReviewKind::WhoIsThis, 17}, {ReviewKind::WhoIsThis, 2}));
    CHECK_FALSE(people::writtenBefore({ReviewKind::WhoIsThis, 2}, {ReviewKind::WhoIsThis, 17}));
    CHECK(people::writtenBefore({ReviewKind::IsThisPerson, 1, 0, 9}, ids[0]));
    for (const char* bad : {"", "merge", "merge:", "merge:1", "merge:1:x", "merge:1:2:3", "who:1",
                            "name:-1", "name:0", "name:1 ", "face:1", "split:1:2",
                            "name:1234567890123456789", "merge::2", "mergex:1:2"})
        CHECK_FALSE(ReviewId::parse(bad));
}
