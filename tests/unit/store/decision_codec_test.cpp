// The decision log's one codec: every kind written and read back alike, the payloads older Kith
// wrote read as they are, and a damaged row read as an error value, never an exception.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "kith/store.h"
#include "test_support.h"

using namespace kith;
using namespace kith::store;

namespace {

std::vector<DecisionArguments> everyKind() {
    return {decided::Confirm{5, 2},
            decided::Reject{6, 2},
            decided::RejectFaces{{7, 8}, {2, 3}},
            decided::MoveFaces{{9, 10}, 4},
            decided::Merge{2, 4},
            decided::Different{2, 3},
            decided::Split{2, {11, 12}},
            decided::NewPerson{13},
            decided::Name{2, "Zoë Ångström"},
            decided::Lock{2, true},
            decided::Lock{2, false},
            decided::Hide{3, true},
            decided::Hide{3, false},
            decided::Cover{2, 5},
            decided::NotAFace{14},
            decided::OnePerson{2},
            decided::Skip{"merge:2:3"},
            decided::ImportNames{4},
            decided::Recluster{"hdbscan", 17, true}};
}

DecisionRecord recordOf(DecisionArguments arguments) {
    DecisionRecord record;
    record.arguments = std::move(arguments);
    record.by = "ada";
    record.faces = {{5, 2, 0.75f, false, false, false}, {6, 0, 0, false, true, true}};
    record.persons = {{2, "Ann", true, false, 5}};
    record.constraints = {{21, LinkKind::CannotLink, 5, 0, 0, 3, 9},
                          {22, LinkKind::MustLink, 5, 0, 6, 0, 9}};
    record.createdPersons = {30};
    record.createdConstraints = {23, 24};
    return record;
}

// Two records as the codec sees them: written alike.
bool same(const DecisionRecord& a, const DecisionRecord& b) {
    return kindName(a.arguments) == kindName(b.arguments) && encodePayload(a) == encodePayload(b);
}

}  // namespace

TEST_CASE("every kind of decision is read back as it was written", "[store][decisions]") {
    for (const DecisionArguments& arguments : everyKind()) {
        const DecisionRecord written = recordOf(arguments);
        INFO(kindName(arguments));
        const auto read = decodeDecision(kindName(arguments), encodePayload(written));
        REQUIRE(read.ok());
        CHECK(read.value().arguments.index() == arguments.index());
        CHECK(kindOf(read.value().arguments) == kindOf(arguments));
        CHECK(same(read.value(), written));
        CHECK(read.value().by == "ada");
        REQUIRE(read.value().faces.size() == 2);
        CHECK(read.value().faces[0].confidence == 0.75f);
        CHECK(read.value().faces[1].dismissed);
        CHECK(read.value().persons.at(0).name == "Ann");
        CHECK(read.value().constraints.at(1).kind == LinkKind::MustLink);
        CHECK(read.value().createdConstraints == std::vector<Id>{23, 24});
    }
    CHECK(kindName(decided::Lock{2, false}) == "unlock");
    CHECK(kindName(decided::Hide{2, false}) == "show");
}

TEST_CASE("a payload as earlier Kith versions wrote it is read", "[store][decisions]") {
    const std::string payload =
        R"({"arguments":{"from":4,"into":2},"before":{"constraints":[],"faces":[{"confidence":)"
        R"(0.5,"confirmed":false,"dismissed":false,"face":12,"person":4,"pooled":false}],)"
        R"("persons":[{"cover":0,"hidden":false,"id":4,"locked":false,"name":""}]},"by":"ada",)"
        R"("createdConstraints":[],"createdPersons":[]})";
    const auto read = decodeDecision("merge", payload);
    REQUIRE(read.ok());
    const auto* merge = std::get_if<decided::Merge>(&read.value().arguments);
    REQUIRE(merge);
    CHECK(merge->into == 2);
    CHECK(merge->from == 4);
    REQUIRE(read.value().faces.size() == 1);
    CHECK(read.value().faces[0].person == 4);
}

TEST_CASE("a damaged decision row is an error value, not an exception", "[store][decisions]") {
    const std::string whole = encodePayload(recordOf(decided::Merge{2, 4}));
    const std::vector<std::pair<std::string, std::string>> damaged = {
        {"merge", "{not json"},
        {"merge", "[1,2]"},
        {"merge", R"({"before":7})"},
        {"merge", R"({"arguments":{"into":2},"before":{}})"},               // a field missing
        {"merge", R"({"arguments":{"into":"two","from":4},"before":{}})"},  // a field mistyped
        {"merge", R"({"arguments":{"into":2,"from":4},"before":{"faces":[{"face":1}]}})"},
        {"merge",
         R"({"arguments":{"into":2,"from":4},"before":{"constraints":[{"id":1,"kind":7,)"
         R"("faceA":1,"personA":0,"faceB":0,"personB":2,"decision":1}]}})"},  // no such link
        {"merge", R"({"arguments":{"into":2,"from":4}})"},  // nothing to undo it by
        {"teleport", whole},                                // a kind Kith never wrote
    };
    for (const auto& [kind, payload] : damaged) {
        INFO(kind << " " << payload);
        const auto read = decodeDecision(kind, payload);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().code == ErrorCode::CorruptData);
    }
}

TEST_CASE("the library reads a history with a damaged row, the row as an error",
          "[store][decisions]") {
    test::TempDir dir;
    const auto file = dir.path() / "library.db";
    auto library = Library::open(file, Access::ReadWrite);
    REQUIRE(library.ok());
    Id first = 0, second = 0;
    REQUIRE(library.value()
                ->write([&](Library::Writer& w) {
                    first = w.addDecision(recordOf(decided::Name{2, "Ann"}));
                    second = w.addDecision(recordOf(decided::Lock{2, false}));
                })
                .ok());
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE decisions SET payload = '{\"arguments\":' WHERE id = 1",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    const auto history = library.value()->decisions();
    REQUIRE(history.ok());
    REQUIRE(history.value().size() == 2);
    CHECK(history.value()[0].id == first);
    CHECK(history.value()[0].kind == "name");
    REQUIRE_FALSE(history.value()[0].record.ok());
    CHECK(history.value()[0].record.error().code == ErrorCode::CorruptData);
    CHECK(history.value()[1].id == second);
    CHECK(history.value()[1].kind == "unlock");
    REQUIRE(history.value()[1].record.ok());
    CHECK(std::get<decided::Lock>(history.value()[1].record.value().arguments).locked == false);
}
