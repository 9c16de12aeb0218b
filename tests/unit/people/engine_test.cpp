// The people engine (issue 6) on synthetic faces in a real library: bootstrap and incremental
// grouping, a person whose look changes, faces that share a photo, and every human decision
// with its undo, also after a restart.
#include <algorithm>

#include "kith/eval.h"
#include "people_fixture.h"

using namespace kith;
using people::Answer;
using people::ReviewId;
using people::ReviewItem;
using people::ReviewKind;
using store::Id;
using test::Embedding;
using test::PeopleFixture;

namespace {

// Identities and their faces' ids, in the order the faces were added.
struct Cast {
    std::vector<Embedding> identities;
    std::vector<std::vector<store::Id>> faces;

    std::vector<store::Id> all() const {
        std::vector<store::Id> ids;
        for (const auto& f : faces)
            ids.insert(ids.end(), f.begin(), f.end());
        return ids;
    }
};

Cast addCast(PeopleFixture& fx, int identities, int facesEach) {
    Cast cast;
    for (int i = 0; i < identities; ++i)
        cast.identities.push_back(fx.faces.identity());
    cast.faces.resize(identities);
    // Interleaved, as photos of several people come in a library.
    for (int n = 0; n < facesEach; ++n)
        for (int i = 0; i < identities; ++i)
            cast.faces[i].push_back(fx.addPhotos({fx.faces.face(cast.identities[i])}).front());
    return cast;
}

eval::ClusteringReport score(const PeopleFixture& fx, const Cast& cast) {
    std::vector<std::int64_t> predicted;
    std::vector<std::string> truth;
    for (std::size_t i = 0; i < cast.faces.size(); ++i)
        for (store::Id face : cast.faces[i]) {
            const store::Id person = fx.engine->personOf(face);
            predicted.push_back(person ? person : -1);
            truth.push_back(std::to_string(i));
        }
    return eval::evaluateClustering(predicted, truth);
}

const ReviewItem* findItem(const std::vector<ReviewItem>& items, ReviewItem::Kind kind) {
    const auto it = std::find_if(items.begin(), items.end(),
                                 [&](const ReviewItem& r) { return r.kind == kind; });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("a first batch is clustered whole, later faces join their people one by one",
          "[people]") {
    PeopleFixture fx;
    Cast cast = addCast(fx, 8, 6);
    const auto first = fx.update();
    CHECK(first.bootstrapped);
    CHECK(first.newFaces == 48);
    auto report = score(fx, cast);
    CHECK(report.pairwisePrecision == 1.0);
    CHECK(report.bcubedF1 >= 0.97);
    CHECK(report.clusters == 8);

    // Two more faces each: placed by their nearest faces, confidently.
    for (int n = 0; n < 2; ++n)
        for (std::size_t i = 0; i < cast.identities.size(); ++i)
            cast.faces[i].push_back(fx.addPhotos({fx.faces.face(cast.identities[i])}).front());
    const auto second = fx.update();
    CHECK_FALSE(second.bootstrapped);
    CHECK(second.newFaces == 16);
    CHECK(second.confident + second.ambiguous == 16);
    for (const auto& faces : cast.faces)
        fx.onePersonOf(faces);
    CHECK(fx.engine->people().size() == 8);
}

TEST_CASE("a deleted photo's faces leave their people, and a face that takes over an id is new",
          "[people]") {
    PeopleFixture fx;
    Cast cast = addCast(fx, 8, 6);
    fx.update();
    const store::Id lastFace = cast.faces.back().back();
    const store::Id lastPerson = fx.engine->personOf(lastFace);
    REQUIRE(lastPerson != 0);
    store::Id lastPhoto = 0;
    for (const auto& f : fx.library->faces().value())
        if (f.id == lastFace) lastPhoto = f.photoId;
    REQUIRE(fx.library
                ->write([&](store::Library::Writer& w) {
                    w.removePhotos(std::vector<store::Id>{lastPhoto});
                })
                .ok());
    // SQLite gives the next row the largest id plus one: the deleted face's id, for a face of
    // somebody else. The engine, open all along, must not take it for the face it knew.
    const store::Id newcomer = fx.addPhotos({fx.faces.face(cast.identities[0])}).front();
    REQUIRE(newcomer == lastFace);
    const auto report = fx.update();
    CHECK(report.goneFaces == 1);
    CHECK(report.newFaces == 1);
    CHECK(fx.engine->personOf(newcomer) == fx.engine->personOf(cast.faces[0].front()));
    CHECK(fx.engine->person(lastPerson)->faces == 5);
}

TEST_CASE("a person whose look changes stays one person, matched by nearest faces", "[people]") {
    PeopleFixture fx(7);
    // Young and old are as far apart as two different people: a mean face would lose them.
    const Embedding young = fx.faces.identity(), old = fx.faces.identity();
    REQUIRE(test::distance(young, old) > 0.5f);
    const Embedding stranger = fx.faces.identity();
    std::vector<store::Id> child, others;
    // The years come in order, a few photos each, with a scan after each year.
    for (int year = 0; year <= 10; ++year) {
        const Embedding now = fx.faces.between(young, old, static_cast<float>(year) / 10);
        for (int n = 0; n < 4; ++n)
            child.push_back(fx.addPhotos({fx.faces.face(now, 0.12f)}).front());
        others.push_back(fx.addPhotos({fx.faces.face(stranger)}).front());
        fx.update();
        INFO("after year " << year);
        fx.onePersonOf(child);
    }
    const store::Id person = fx.onePersonOf(child);
    CHECK(fx.onePersonOf(others) != person);
    // A full re-cluster keeps the chain whole as well.
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.onePersonOf(child) == person);
    CHECK(fx.onePersonOf(others) != person);
}

TEST_CASE("two faces of one photo are different people, unless a person says otherwise",
          "[people]") {
    PeopleFixture fx(3);
    Cast cast = addCast(fx, 4, 6);
    fx.update();
    // A mirror selfie: the same person twice in one photo.
    const auto mirror = test::addPhoto(
        *fx.library, {fx.faces.face(cast.identities[0]), fx.faces.face(cast.identities[0])});
    fx.update();
    CHECK(fx.engine->personOf(mirror[0]) != fx.engine->personOf(mirror[1]));
    const store::Id person = fx.onePersonOf(cast.faces[0]);
    CHECK(fx.personsOf(mirror).count(person) == 1);

    // The user says the other one is that person too: it holds, through a re-cluster.
    const store::Id other = fx.engine->personOf(mirror[0]) == person ? mirror[1] : mirror[0];
    REQUIRE(fx.engine->confirm(other, person).ok());
    CHECK(fx.personsOf(mirror) == std::set<store::Id>{person});
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.personsOf(mirror) == std::set<store::Id>{person});
}

TEST_CASE("a rejected face never returns to the person it was taken from", "[people]") {
    PeopleFixture fx(4);
    Cast cast = addCast(fx, 3, 8);
    fx.update();
    const store::Id person = fx.onePersonOf(cast.faces[1]);
    const store::Id face = cast.faces[1][2];
    REQUIRE(fx.engine->reject(face).ok());
    CHECK(fx.engine->personOf(face) != person);
    // Not by a re-cluster, nor by new faces of that person arriving.
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.engine->personOf(face) != person);
    fx.addPhotos(test::facesOf(fx.faces, cast.identities[1], 10));
    fx.update();
    CHECK(fx.engine->personOf(face) != person);
    // Undone, it may go back: the next re-cluster puts it with its own again.
    REQUIRE(fx.engine->undo().ok());
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.engine->personOf(face) == fx.engine->personOf(cast.faces[1][0]));
}

TEST_CASE("a face between two persons held apart never joins them", "[people]") {
    PeopleFixture fx(5);
    // Two look-alikes: close enough that faces between them would chain them together.
    const Embedding a = fx.faces.identity();
    const Embedding b = fx.faces.between(a, fx.faces.identity(), 0.8f);
    const auto facesA = fx.addPhotos(test::facesOf(fx.faces, a, 10, 0.12f));
    const auto facesB = fx.addPhotos(test::facesOf(fx.faces, b, 10, 0.12f));
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 10));
    fx.update();
    const store::Id personA = fx.onePersonOf(facesA), personB = fx.onePersonOf(facesB);
    REQUIRE(personA != personB);
    REQUIRE(fx.engine->different(personA, personB).ok());

    // Bridging faces, right between the two, then a re-cluster.
    const Embedding middle = fx.faces.between(a, b, 0.5f);
    const auto bridges = fx.addPhotos(test::facesOf(fx.faces, middle, 8, 0.05f));
    fx.update();
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.personsOf(facesA) == std::set<store::Id>{personA});
    CHECK(fx.personsOf(facesB) == std::set<store::Id>{personB});
    for (store::Id bridge : bridges) {
        INFO("bridge face " << bridge);
        const store::Id p = fx.engine->personOf(bridge);
        CHECK((p == 0 || p == personA || p == personB || fx.engine->person(p)));
    }
}

TEST_CASE("merge joins two persons, and undo gives both back as they were, after a restart too",
          "[people]") {
    PeopleFixture fx(6);
    Cast cast = addCast(fx, 3, 6);
    fx.update();
    const store::Id a = fx.onePersonOf(cast.faces[0]), b = fx.onePersonOf(cast.faces[1]);
    REQUIRE(fx.engine->name(b, "Bea").ok());
    const auto before = fx.assignments();
    const auto beforePersons = fx.library->persons().value().size();

    REQUIRE(fx.engine->merge(a, b).ok());
    CHECK(fx.onePersonOf(cast.faces[1]) == a);
    CHECK(fx.engine->person(a)->name == "Bea");  // the name travels
    CHECK_FALSE(fx.engine->person(b));
    // The merge holds through a re-cluster, even though the two look nothing alike.
    REQUIRE(fx.engine->recluster().ok());
    std::vector<store::Id> both = cast.faces[0];
    both.insert(both.end(), cast.faces[1].begin(), cast.faces[1].end());
    CHECK(fx.onePersonOf(both) == a);

    fx.reopen();
    auto undone = fx.engine->undo();  // the merge (the re-cluster was not a decision)
    REQUIRE(undone.ok());
    REQUIRE(undone.value().decisions.size() == 1);
    CHECK(undone.value().decisions.front().kind == "merge");
    CHECK(fx.onePersonOf(cast.faces[1]) == b);
    CHECK(fx.engine->person(b)->name == "Bea");
    CHECK(fx.engine->person(a)->name.empty());
    CHECK(fx.library->persons().value().size() == beforePersons);
    // Faces the merge anchored are as they were, bar confirmation flags.
    CHECK(fx.assignments() == before);
}

TEST_CASE("different people are never merged again, and say so in the review", "[people]") {
    PeopleFixture fx(8);
    // One identity seen in two looks far enough apart to come out as two persons.
    const Embedding look1 = fx.faces.identity();
    const Embedding look2 = fx.faces.between(look1, fx.faces.identity(), 0.7f);
    const auto first = fx.addPhotos(test::facesOf(fx.faces, look1, 8, 0.1f));
    const auto second = fx.addPhotos(test::facesOf(fx.faces, look2, 8, 0.1f));
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 8));
    fx.update();
    const store::Id p1 = fx.onePersonOf(first), p2 = fx.onePersonOf(second);
    REQUIRE(p1 != p2);
    // Not close enough to be grouped, close enough to ask about.
    const float closest = fx.closestDistance(first, second);
    REQUIRE(closest > fx.settings.strictLink);
    REQUIRE(closest <= fx.settings.askUpTo);

    const auto items = fx.engine->review();
    const ReviewItem* merge = findItem(items, ReviewItem::Kind::SamePerson);
    REQUIRE(merge);
    CHECK(std::set<store::Id>{merge->person, merge->otherPerson} == std::set<store::Id>{p1, p2});
    REQUIRE_FALSE(merge->evidence.empty());
    for (std::size_t i = 1; i < merge->evidence.size(); ++i)
        CHECK(merge->evidence[i - 1].distance <= merge->evidence[i].distance);
    CHECK(merge->evidence[0].distance < fx.settings.askUpTo);
    // Ordered by expected gain.
    for (std::size_t i = 1; i < items.size(); ++i)
        CHECK(items[i - 1].gain >= items[i].gain);

    auto answered = fx.engine->answer(merge->id, Answer::No);
    REQUIRE(answered.ok());
    const auto after = fx.engine->review();
    CHECK(std::none_of(after.begin(), after.end(),
                       [&](const ReviewItem& r) { return r.id == merge->id; }));
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.onePersonOf(first) != fx.onePersonOf(second));
    // An answer to a question no longer asked is a clear error.
    CHECK_FALSE(fx.engine->answer(merge->id, Answer::Yes).ok());
}

TEST_CASE("yes to a merge prompt merges at once, into the named person", "[people]") {
    PeopleFixture fx(8);
    const Embedding look1 = fx.faces.identity();
    const Embedding look2 = fx.faces.between(look1, fx.faces.identity(), 0.7f);
    const auto first = fx.addPhotos(test::facesOf(fx.faces, look1, 8, 0.1f));
    const auto second = fx.addPhotos(test::facesOf(fx.faces, look2, 8, 0.1f));
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 8));
    fx.update();
    const store::Id p2 = fx.onePersonOf(second);
    REQUIRE(fx.engine->name(p2, "Cleo").ok());
    const auto items = fx.engine->review();  // kept: findItem points into it
    const ReviewItem* merge = findItem(items, ReviewItem::Kind::SamePerson);
    REQUIRE(merge);
    const ReviewId id = merge->id;
    REQUIRE(fx.engine->answer(id, Answer::Yes).ok());
    std::vector<store::Id> both = first;
    both.insert(both.end(), second.begin(), second.end());
    CHECK(fx.onePersonOf(both) == p2);
    CHECK(fx.engine->person(p2)->name == "Cleo");
}

TEST_CASE("a skipped question goes to the back of the queue", "[people]") {
    PeopleFixture fx(9);
    addCast(fx, 6, 5);
    fx.update();
    auto items = fx.engine->review();
    // Every unnamed person of three faces or more is worth a "who is this?".
    const auto who = std::count_if(items.begin(), items.end(), [](const ReviewItem& r) {
        return r.kind == ReviewItem::Kind::WhoIsThis;
    });
    CHECK(who == 6);
    REQUIRE(items.size() >= 2);
    const ReviewId first = items.front().id;
    REQUIRE(fx.engine->answer(first, Answer::Skip).ok());
    items = fx.engine->review();
    CHECK(items.back().id == first);
    CHECK(items.front().id != first);
    // Still skipped after a restart; undone, back in front.
    fx.reopen();
    CHECK(fx.engine->review().back().id == first);
    REQUIRE(fx.engine->undo().ok());
    CHECK(fx.engine->review().front().id == first);
}

TEST_CASE("who is this is answered by naming or skipping, never by yes or no (issue 16)",
          "[people]") {
    PeopleFixture fx(9);
    addCast(fx, 2, 5);
    fx.update();
    const auto items = fx.engine->review();
    const auto who = std::find_if(items.begin(), items.end(), [](const ReviewItem& r) {
        return r.kind == ReviewItem::Kind::WhoIsThis;
    });
    REQUIRE(who != items.end());
    for (const Answer answer : {Answer::No, Answer::Yes}) {
        const auto answered = fx.engine->answer(who->id, answer);
        REQUIRE_FALSE(answered.ok());
        CHECK(answered.error().code == ErrorCode::InvalidArgument);
    }
    // Nothing was recorded, not even a skip: the question is still first in line.
    CHECK(fx.engine->history().value().empty());
    CHECK(fx.engine->review().front().id == items.front().id);
}

TEST_CASE("split takes faces out into a new person kept apart from the old one", "[people]") {
    PeopleFixture fx(10);
    Cast cast = addCast(fx, 3, 8);
    fx.update();
    const store::Id person = fx.onePersonOf(cast.faces[2]);
    const std::vector<store::Id> taken(cast.faces[2].begin(), cast.faces[2].begin() + 3);
    auto fresh = fx.engine->split(person, taken);
    REQUIRE(fresh.ok());
    CHECK(fx.onePersonOf(taken) == fresh.value());
    // Held apart, even though they look the same.
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.onePersonOf(taken) == fresh.value());
    CHECK(fx.onePersonOf({cast.faces[2].begin() + 3, cast.faces[2].end()}) == person);
    // Faces not in that person, or all of them, are refused.
    CHECK_FALSE(fx.engine->split(person, {cast.faces[0][0]}).ok());
    CHECK_FALSE(fx.engine->split(fresh.value(), taken).ok());
    REQUIRE(fx.engine->undo().ok());
    CHECK(fx.onePersonOf(cast.faces[2]) == person);
}

TEST_CASE("names may repeat with a warning and are trimmed and undone like anything else",
          "[people]") {
    PeopleFixture fx(11);
    Cast cast = addCast(fx, 2, 5);
    fx.update();
    const store::Id a = fx.onePersonOf(cast.faces[0]), b = fx.onePersonOf(cast.faces[1]);
    auto first = fx.engine->name(a, "  Ann  ");
    REQUIRE(first.ok());
    CHECK_FALSE(first.value());
    CHECK(fx.engine->person(a)->name == "Ann");
    auto second = fx.engine->name(b, "ann");
    REQUIRE(second.ok());
    CHECK(second.value() == a);  // also called Ann
    CHECK(fx.engine->person(b)->name == "ann");
    REQUIRE(fx.engine->undo().ok());
    CHECK(fx.engine->person(b)->name.empty());
    CHECK_FALSE(fx.engine->name(999999, "Nobody").ok());
}

TEST_CASE("a locked person's faces stay, and two locked persons are never merged", "[people]") {
    PeopleFixture fx(12);
    const test::TwoLooks looks = test::addTwoLooks(fx);
    const Embedding &a = looks.a, &b = looks.b;
    const auto &facesA = looks.facesA, &facesB = looks.facesB;
    const store::Id pa = looks.personA, pb = looks.personB;
    REQUIRE(fx.engine->lock(pa, true).ok());
    REQUIRE(fx.engine->lock(pb, true).ok());
    CHECK(fx.engine->person(pa)->locked);
    // Faces in between would chain them: they still stay two.
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.between(a, b, 0.5f), 10, 0.05f));
    fx.update();
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.personsOf(facesA) == std::set<store::Id>{pa});
    CHECK(fx.personsOf(facesB) == std::set<store::Id>{pb});
}

TEST_CASE("hide keeps a person out of the gallery, not out of the library", "[people]") {
    PeopleFixture fx(13);
    Cast cast = addCast(fx, 3, 5);
    fx.update();
    const store::Id person = fx.onePersonOf(cast.faces[0]);
    REQUIRE(fx.engine->hide(person, true).ok());
    const auto visible = fx.engine->people(false);
    CHECK(std::none_of(visible.begin(), visible.end(),
                       [&](const auto& p) { return p.id == person; }));
    CHECK(fx.engine->people(true).size() == 3);
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.engine->person(person)->hidden);
    CHECK(fx.onePersonOf(cast.faces[0]) == person);
}

TEST_CASE("a face nobody is becomes a person of its own, and back when undone", "[people]") {
    PeopleFixture fx;
    Cast cast = addCast(fx, 2, 6);
    fx.update();
    const store::Id stranger = fx.addPhotos({fx.faces.face(fx.faces.identity())}).front();
    fx.update();
    REQUIRE(fx.engine->personOf(stranger) == 0);
    const auto fresh = fx.engine->newPersonFrom(stranger);
    REQUIRE(fresh.ok());
    CHECK(fx.engine->personOf(stranger) == fresh.value());
    CHECK(fx.engine->person(fresh.value())->confirmed == 1);
    // A face of a person with others: split off.
    const store::Id member = cast.faces[0].front();
    const store::Id before = fx.engine->personOf(member);
    const auto alone = fx.engine->newPersonFrom(member);
    REQUIRE(alone.ok());
    CHECK(alone.value() != before);
    CHECK(fx.engine->person(before)->faces == 5);
    REQUIRE(fx.engine->undo().ok());
    REQUIRE(fx.engine->undo().ok());
    CHECK(fx.engine->personOf(member) == before);
    CHECK(fx.engine->personOf(stranger) == 0);
}

TEST_CASE("the library's person cards agree with the engine's people, covers included",
          "[people]") {
    PeopleFixture fx(5);
    Cast cast = addCast(fx, 5, 6);
    fx.update();
    auto agree = [&] {
        const auto cards = fx.library->personCards();
        REQUIRE(cards.ok());
        std::map<store::Id, std::pair<std::int64_t, store::Id>> fromTables, fromEngine;
        for (const auto& c : cards.value())
            fromTables[c.person.id] = {c.faces, c.cover.id};
        for (const auto& p : fx.engine->people())
            fromEngine[p.id] = {static_cast<std::int64_t>(p.faces), p.cover};
        CHECK(fromTables == fromEngine);
    };
    agree();
    const store::Id a = fx.onePersonOf(cast.faces[0]), b = fx.onePersonOf(cast.faces[1]);
    REQUIRE(fx.engine->confirm(cast.faces[2][3], fx.onePersonOf(cast.faces[2])).ok());
    agree();
    REQUIRE(fx.engine->setCover(a, cast.faces[0][4]).ok());
    agree();
    REQUIRE(fx.engine->merge(a, b).ok());
    agree();
    REQUIRE(fx.engine->reject(cast.faces[3][0]).ok());
    agree();
}

TEST_CASE("a chosen cover face stands for its person until undone", "[people]") {
    PeopleFixture fx;
    Cast cast = addCast(fx, 2, 6);
    fx.update();
    const store::Id person = fx.onePersonOf(cast.faces[0]);
    const store::Id before = fx.engine->person(person)->cover;
    const store::Id chosen =
        cast.faces[0].back() == before ? cast.faces[0].front() : cast.faces[0].back();
    REQUIRE(fx.engine->setCover(person, chosen).ok());
    CHECK(fx.engine->person(person)->cover == chosen);
    fx.reopen();
    CHECK(fx.engine->person(person)->cover == chosen);
    // Only a face of the person's own.
    CHECK_FALSE(fx.engine->setCover(person, cast.faces[1].front()).ok());
    REQUIRE(fx.engine->undo().ok());
    CHECK(fx.engine->person(person)->cover == before);
}

TEST_CASE("not a face leaves people for good, until undone", "[people]") {
    PeopleFixture fx(14);
    Cast cast = addCast(fx, 3, 6);
    fx.update();
    const store::Id face = cast.faces[0][0];
    REQUIRE(fx.engine->notAFace(face).ok());
    CHECK(fx.engine->personOf(face) == 0);
    REQUIRE(fx.engine->recluster().ok());
    fx.addPhotos(test::facesOf(fx.faces, cast.identities[0], 3));
    fx.update();
    CHECK(fx.engine->personOf(face) == 0);
    const auto stored = fx.library->faces().value();
    CHECK(std::any_of(stored.begin(), stored.end(),
                      [&](const auto& f) { return f.id == face && f.dismissed; }));
    REQUIRE(fx.engine->undo().ok());
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.engine->personOf(face) == fx.engine->personOf(cast.faces[0][1]));
}

TEST_CASE("a re-cluster can be previewed without changing anything, and keeps every decision",
          "[people]") {
    PeopleFixture fx(15);
    Cast cast = addCast(fx, 5, 6);
    fx.update();
    const store::Id a = fx.onePersonOf(cast.faces[0]);
    REQUIRE(fx.engine->name(a, "Ada").ok());
    // A wrong confirmation on purpose: a face of b confirmed as a.
    REQUIRE(fx.engine->confirm(cast.faces[1][0], a).ok());
    const auto dump = fx.library->canonicalDump();
    REQUIRE(dump.ok());
    auto preview = fx.engine->previewRecluster();
    REQUIRE(preview.ok());
    CHECK(fx.library->canonicalDump().value() == dump.value());
    auto moves = fx.engine->recluster();
    REQUIRE(moves.ok());
    CHECK(moves.value().size() == preview.value().size());
    CHECK(fx.engine->person(a)->name == "Ada");
    CHECK(fx.engine->personOf(cast.faces[1][0]) == a);  // the human said so
    const auto faces = fx.engine->facesOf(a);
    CHECK(std::any_of(faces.begin(), faces.end(),
                      [&](const auto& f) { return f.face == cast.faces[1][0] && f.confirmed; }));
}

TEST_CASE("faces that agree in the unassigned pool become a person, and then a question",
          "[people]") {
    PeopleFixture fx(16);
    Cast cast = addCast(fx, 4, 6);
    fx.update();
    const Embedding newcomer = fx.faces.identity();
    const auto one = fx.addPhotos({fx.faces.face(newcomer, 0.1f)});
    fx.update();
    CHECK(fx.engine->personOf(one[0]) == 0);  // alone: pooled
    const auto more = fx.addPhotos(test::facesOf(fx.faces, newcomer, 2, 0.1f));
    const auto report = fx.update();
    CHECK(report.newPersons == 1);
    std::vector<store::Id> all = one;
    all.insert(all.end(), more.begin(), more.end());
    const store::Id person = fx.onePersonOf(all);
    const auto items = fx.engine->review();
    CHECK(std::any_of(items.begin(), items.end(), [&](const ReviewItem& r) {
        return r.kind == ReviewItem::Kind::WhoIsThis && r.person == person;
    }));
}

TEST_CASE("the same photos and decisions give the same people", "[people]") {
    auto build = [](PeopleFixture& fx) {
        Cast cast = addCast(fx, 6, 5);
        fx.update();
        REQUIRE(fx.engine->reject(cast.faces[2][1]).ok());
        fx.addPhotos(test::facesOf(fx.faces, cast.identities[3], 4));
        fx.update();
        REQUIRE(fx.engine->recluster().ok());
        return fx.assignments();
    };
    PeopleFixture one(21), two(21);
    CHECK(build(one) == build(two));
}

TEST_CASE("decisions about unknown faces and persons are clear errors that change nothing",
          "[people]") {
    PeopleFixture fx(17);
    Cast cast = addCast(fx, 2, 5);
    fx.update();
    const auto dump = fx.library->canonicalDump().value();
    CHECK_FALSE(fx.engine->confirm(424242, fx.onePersonOf(cast.faces[0])).ok());
    CHECK_FALSE(fx.engine->merge(1, 1).ok());
    CHECK_FALSE(fx.engine->merge(fx.onePersonOf(cast.faces[0]), 424242).ok());
    CHECK_FALSE(fx.engine->different(424242, 1).ok());
    CHECK_FALSE(fx.engine->lock(424242, true).ok());
    CHECK_FALSE(fx.engine->notAFace(424242).ok());
    const Id known = fx.onePersonOf(cast.faces[0]);
    CHECK_FALSE(fx.engine->answer({ReviewKind::SamePerson, known, 424242}, Answer::Yes).ok());
    CHECK_FALSE(fx.engine->answer({ReviewKind::SamePerson, known, known}, Answer::Yes).ok());
    CHECK_FALSE(fx.engine->answer({ReviewKind::IsThisPerson, known, 0, 424242}, Answer::No).ok());
    CHECK_FALSE(fx.engine->answer({ReviewKind::WhoIsThis, 424242}, Answer::Skip).ok());
    CHECK(fx.library->canonicalDump().value() == dump);
    // Nothing decided yet: nothing to undo.
    CHECK_FALSE(fx.engine->undo().ok());
}

TEST_CASE("the engine says which persons and faces each step changed") {
    PeopleFixture fx;
    const Cast cast = addCast(fx, 3, 8);
    fx.update();
    CHECK(fx.engine->takeChanges().everything);  // read from the library: anything changed
    CHECK(fx.engine->takeChanges().empty());     // and nothing since
    const Id ann = fx.onePersonOf(cast.faces[0]), bob = fx.onePersonOf(cast.faces[1]);

    REQUIRE(fx.engine->name(ann, "Ann").ok());
    auto said = fx.engine->takeChanges();
    CHECK(said.changed == std::set<Id>{ann});
    CHECK((said.added.empty() && said.removed.empty() && said.moved.empty()));

    REQUIRE(fx.engine->merge(ann, bob).ok());
    said = fx.engine->takeChanges();
    CHECK(said.changed == std::set<Id>{ann});
    CHECK(said.removed == std::set<Id>{bob});
    CHECK(said.moved.size() == cast.faces[1].size());
    for (const people::Move& m : said.moved)
        CHECK((m.from == bob && m.to == ann));

    const Id leaving = cast.faces[1].front();
    auto made = fx.engine->split(ann, {leaving});
    REQUIRE(made.ok());
    said = fx.engine->takeChanges();
    CHECK(said.added == std::set<Id>{made.value()});
    CHECK(said.changed == std::set<Id>{ann});
    REQUIRE(said.moved.size() == 1);
    CHECK(said.moved.front().face == leaving);

    REQUIRE(fx.engine->undo().ok());
    CHECK(fx.engine->takeChanges().everything);  // an undo reads the library again
}

TEST_CASE("a person's suggestions are the review's is-this questions about them, whole") {
    PeopleFixture fx(5);
    const test::TwoLooks looks = test::addTwoLooks(fx);
    // Faces between the two looks: doubtful wherever they go.
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.between(looks.a, looks.b, 0.5f), 4, 0.05f));
    fx.update();
    std::map<Id, std::vector<ReviewItem>> asked;
    for (const ReviewItem& item : fx.engine->review())
        if (item.kind == ReviewKind::IsThisPerson) asked[item.person].push_back(item);
    REQUIRE_FALSE(asked.empty());
    for (const auto& [person, items] : asked) {
        const auto suggested = fx.engine->suggestionsFor(person);
        REQUIRE(suggested.size() == items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            CHECK(suggested[i].id == items[i].id);
            CHECK(suggested[i].facesB == items[i].facesB);
            CHECK_FALSE(suggested[i].facesB.empty());  // X's faces, to compare with
        }
    }
    // A short queue is whole too: its questions show X's faces.
    for (const ReviewItem& item : fx.engine->review(2))
        if (item.kind == ReviewKind::IsThisPerson) CHECK_FALSE(item.facesB.empty());
}
