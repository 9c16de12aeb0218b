// Answers are law, also after deletions, locks and re-clusters (issue 16): each case as a user
// met it, on synthetic faces in a real library.
#include <algorithm>

#include "people_fixture.h"

using namespace kith;
using test::Embedding;
using test::PeopleFixture;

namespace {

// Deletes the photos of these faces, as a scan does when their files are gone.
void deletePhotosOf(PeopleFixture& fx, const std::vector<store::Id>& faces) {
    std::vector<store::Id> photos;
    for (const auto& f : fx.library->faces().value())
        if (std::find(faces.begin(), faces.end(), f.id) != faces.end()) photos.push_back(f.photoId);
    REQUIRE(photos.size() == faces.size());
    REQUIRE(fx.library->write([&](store::Library::Writer& w) { w.removePhotos(photos); }).ok());
}

std::vector<store::Id> confirmedFacesOf(const PeopleFixture& fx, store::Id person) {
    std::vector<store::Id> confirmed;
    for (const auto& f : fx.engine->facesOf(person))
        if (f.confirmed) confirmed.push_back(f.face);
    return confirmed;
}

std::vector<store::Id> without(std::vector<store::Id> faces, const std::vector<store::Id>& gone) {
    std::erase_if(
        faces, [&](store::Id f) { return std::find(gone.begin(), gone.end(), f) != gone.end(); });
    return faces;
}

// One person of 16 faces of one identity that a user split in two: the two halves are alike, so
// only the "different" decision keeps them apart.
struct SplitPerson {
    store::Id kept = 0, split = 0;
    std::vector<store::Id> keptFaces, splitFaces;
};

SplitPerson splitOneIdentity(PeopleFixture& fx) {
    const auto faces = fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 16, 0.1f));
    fx.update();
    SplitPerson s;
    s.kept = fx.onePersonOf(faces);
    s.keptFaces.assign(faces.begin(), faces.begin() + 8);
    s.splitFaces.assign(faces.begin() + 8, faces.end());
    auto fresh = fx.engine->split(s.kept, s.splitFaces);
    REQUIRE(fresh.ok());
    s.split = fresh.value();
    return s;
}

}  // namespace

TEST_CASE("different people stay apart after the photos they were told apart on are deleted",
          "[people][decisions]") {
    PeopleFixture fx(31);
    const SplitPerson s = splitOneIdentity(fx);
    // The faces the decision stands on: the one confirmed face left in the kept person.
    const auto anchors = confirmedFacesOf(fx, s.kept);
    REQUIRE(anchors.size() == 1);
    deletePhotosOf(fx, anchors);
    fx.update();
    const auto left = without(s.keptFaces, anchors);
    // Another face stands for the person now, and a re-cluster of any method keeps it apart.
    CHECK(confirmedFacesOf(fx, s.kept).size() == 1);
    for (people::Method method : {people::Method::TwoPass, people::Method::Average,
                                  people::Method::Hdbscan, people::Method::ChineseWhispers}) {
        INFO(people::methodName(method));
        fx.settings.method = method;
        fx.reopen();
        REQUIRE(fx.engine->recluster().ok());
        CHECK(fx.personsOf(left) == std::set<store::Id>{s.kept});
        CHECK(fx.personsOf(s.splitFaces) == std::set<store::Id>{s.split});
    }
    // After a restart too, with the anchor of the other side deleted as well.
    deletePhotosOf(fx, confirmedFacesOf(fx, s.split));
    fx.reopen();
    fx.update();
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.personsOf(left) == std::set<store::Id>{s.kept});
    CHECK_FALSE(fx.personsOf(s.splitFaces).count(s.kept));
}

TEST_CASE("undo goes on when what a decision touched was deleted, and says what it left out",
          "[people][decisions]") {
    PeopleFixture fx(32);
    const test::TwoLooks looks = test::addTwoLooks(fx);
    const store::Id pa = looks.personA, pb = looks.personB;
    REQUIRE(fx.engine->name(pb, "Bea").ok());
    REQUIRE(fx.engine->different(pa, pb).ok());
    const auto anchors = confirmedFacesOf(fx, pa);
    REQUIRE_FALSE(anchors.empty());
    deletePhotosOf(fx, anchors);
    fx.update();

    auto undone = fx.engine->undo();
    INFO((undone.ok() ? std::string() : undone.error().describe()));
    REQUIRE(undone.ok());
    CHECK(undone.value().notPutBack > 0);
    CHECK_FALSE(fx.engine->review().empty());  // "same person?" may be asked again
    // The decision before it can be undone too: nothing jams.
    auto older = fx.engine->undo();
    INFO((older.ok() ? std::string() : older.error().describe()));
    REQUIRE(older.ok());
    CHECK(fx.engine->person(pb)->name.empty());
}

TEST_CASE("a damaged history entry is set aside, and older ones can still be undone",
          "[people][decisions]") {
    PeopleFixture fx(33);
    const auto faces = fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 6, 0.1f));
    fx.update();
    const store::Id person = fx.onePersonOf(faces);
    REQUIRE(fx.engine->name(person, "Cleo").ok());
    REQUIRE(fx.engine->hide(person, true).ok());
    const auto history = fx.library->decisions().value();
    const store::Id last = history.back().id;
    for (const std::string& damaged : {std::string("{not json"), std::string(R"({"before":7})")}) {
        INFO(damaged);
        test::damageDecision(fx.dir / "library.db", last, damaged);
        REQUIRE(fx.library->decisions().value().back().undoneAt == 0);
        auto undone = fx.engine->undo();
        REQUIRE(undone.ok());
        CHECK(undone.value().damaged == 1);
        CHECK(undone.value().decisions.front().id == last);
    }
    auto older = fx.engine->undo();
    REQUIRE(older.ok());
    CHECK(fx.engine->person(person)->name.empty());
}

TEST_CASE(
    "a named person is never emptied or merged by a re-cluster, and never loses faces to a "
    "locked one",
    "[people][decisions]") {
    PeopleFixture fx(34);
    const test::TwoLooks looks = test::addTwoLooks(fx);
    const Embedding &a = looks.a, &b = looks.b;
    const auto &facesA = looks.facesA, &facesB = looks.facesB;
    const store::Id pa = looks.personA, pb = looks.personB;
    REQUIRE(fx.engine->lock(pa, true).ok());
    REQUIRE(fx.engine->name(pb, "Dee").ok());
    // Faces in between make the two one group for every method.
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.between(a, b, 0.5f), 12, 0.05f));
    fx.update();
    for (people::Method method : {people::Method::TwoPass, people::Method::Average,
                                  people::Method::Hdbscan, people::Method::ChineseWhispers}) {
        INFO(people::methodName(method));
        fx.settings.method = method;
        fx.reopen();
        const auto preview = fx.engine->previewRecluster();
        REQUIRE(preview.ok());
        for (const people::Move& move : preview.value())
            CHECK_FALSE((move.from == pb && move.to == pa));
        REQUIRE(fx.engine->recluster().ok());
        CHECK(fx.personsOf(facesA) == std::set<store::Id>{pa});
        CHECK(fx.personsOf(facesB) == std::set<store::Id>{pb});
        CHECK(fx.engine->person(pb)->name == "Dee");
    }
}

TEST_CASE("a locked person keeps its faces and takes in new faces of it, as the seed says",
          "[people][decisions]") {
    PeopleFixture fx(35);
    const Embedding a = fx.faces.identity();
    const auto faces = fx.addPhotos(test::facesOf(fx.faces, a, 8, 0.1f));
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 8, 0.1f));
    fx.update();
    const store::Id person = fx.onePersonOf(faces);
    REQUIRE(fx.engine->lock(person, true).ok());
    const auto later = fx.addPhotos(test::facesOf(fx.faces, a, 2, 0.1f));
    fx.update();
    CHECK(fx.personsOf(later) == std::set<store::Id>{person});
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.personsOf(faces) == std::set<store::Id>{person});
}

TEST_CASE("a re-cluster is in the history, and undo takes it back", "[people][decisions]") {
    PeopleFixture fx(36);
    const Embedding a = fx.faces.identity();
    const Embedding b = fx.faces.between(a, fx.faces.identity(), 0.7f);
    fx.addPhotos(test::facesOf(fx.faces, a, 8, 0.1f));
    fx.addPhotos(test::facesOf(fx.faces, b, 8, 0.1f));
    fx.update();
    // Faces in between, placed one by one: a re-cluster sees them otherwise.
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.between(a, b, 0.5f), 3, 0.05f));
    fx.update();
    const auto before = fx.assignments();
    fx.settings.method = people::Method::Hdbscan;
    fx.reopen();
    auto moves = fx.engine->recluster();
    REQUIRE(moves.ok());
    REQUIRE_FALSE(moves.value().empty());
    const auto history = fx.library->decisions().value();
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().kind == "recluster");
    auto undone = fx.engine->undo();
    REQUIRE(undone.ok());
    REQUIRE(undone.value().decisions.size() == 1);
    const auto& record = undone.value().decisions.front().record;
    REQUIRE(record.ok());
    const auto* recluster = std::get_if<store::decided::Recluster>(&record.value().arguments);
    REQUIRE(recluster);
    CHECK(recluster->method == "hdbscan");
    CHECK(recluster->moved == static_cast<std::int64_t>(moves.value().size()));
    CHECK(fx.assignments() == before);
}

TEST_CASE("two faces of one photo named alike in its XMP stay one person", "[people][decisions]") {
    PeopleFixture fx(37);
    const Embedding a = fx.faces.identity();
    fx.addPhotos(test::facesOf(fx.faces, a, 6, 0.1f));
    // A mirror selfie: the person twice in one photo, both named in the photo's XMP (as Kith's
    // own export writes two faces confirmed alike).
    const auto twice =
        test::addPhoto(*fx.library, {fx.faces.face(a, 0.1f), fx.faces.face(a, 0.1f)});
    REQUIRE(fx.library
                ->write([&](store::Library::Writer& w) {
                    for (store::Id face : twice)
                        w.importName(face, "Eve");
                })
                .ok());
    fx.update();
    const store::Id eve = fx.onePersonOf(twice);
    CHECK(fx.engine->person(eve)->name == "Eve");
    CHECK(confirmedFacesOf(fx, eve).size() >= 2);
    REQUIRE(fx.engine->recluster().ok());
    CHECK(fx.onePersonOf(twice) == eve);
}

TEST_CASE("every new face is counted once in what an update reports", "[people][decisions]") {
    PeopleFixture fx(38);
    std::vector<Embedding> identities;
    for (int i = 0; i < 6; ++i)
        identities.push_back(fx.faces.identity());
    for (int round = 0; round < 4; ++round) {
        INFO("round " << round);
        // Known people, strangers alone, and strangers seen twice in the same batch.
        for (int i = 0; i < 6; ++i)
            fx.addPhotos(test::facesOf(fx.faces, identities[static_cast<std::size_t>(i)],
                                       round == 0 ? 4 : 1, 0.1f));
        const Embedding stranger = fx.faces.identity();
        fx.addPhotos({fx.faces.face(stranger, 0.05f), fx.faces.face(stranger, 0.05f)});
        fx.addPhotos({fx.faces.face(fx.faces.identity())});
        const people::UpdateReport r = fx.update();
        CHECK(r.newFaces > 0);
        CHECK(r.newFaces == r.confident + r.ambiguous + r.paired + r.pooled);
        if (round > 0) CHECK(r.paired >= 2);
    }
}

TEST_CASE("the library counts the people that have faces, as the gallery shows them",
          "[people][decisions]") {
    PeopleFixture fx(39);
    const auto faces = fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 6, 0.1f));
    fx.addPhotos(test::facesOf(fx.faces, fx.faces.identity(), 6, 0.1f));
    fx.update();
    const store::Id person = fx.onePersonOf(faces);
    REQUIRE(fx.engine->name(person, "Fay").ok());
    CHECK(fx.library->counts().value().persons == 2);
    // Every photo of the named person gone: the person waits (its name and decisions stay), but
    // there is nobody to show.
    deletePhotosOf(fx, faces);
    fx.update();
    REQUIRE(fx.engine->person(person));
    CHECK(fx.library->counts().value().persons ==
          static_cast<std::int64_t>(fx.engine->people().size()));
    CHECK(fx.library->counts().value().persons == 1);
}
