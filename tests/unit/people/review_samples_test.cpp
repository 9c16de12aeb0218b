// What a review question shows and what its answer keeps (issue 19): each side shows a picture
// once, copies of a photo included; yes to "same person?" on two named people keeps the name
// the user chose, and undo gives both names back.
#include <algorithm>

#include "people_fixture.h"

using namespace kith;
using people::Answer;
using people::ReviewItem;
using people::ReviewKind;
using store::Id;
using test::Embedding;
using test::PeopleFixture;

namespace {

const ReviewItem* itemAbout(const std::vector<ReviewItem>& items, ReviewKind kind, Id person) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const ReviewItem& item) {
        return item.kind == kind && item.person == person;
    });
    return it == items.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE(
    "a review side shows each picture once, however many copies of a photo the library "
    "holds (issue 19)",
    "[people][review]") {
    PeopleFixture fx(31);
    const Embedding identity = fx.faces.identity();
    // Three photos of one person, and four more copies of the first (an album exported twice,
    // a phone's backup): seven faces, three pictures.
    const auto pictures = test::facesOf(fx.faces, identity, 3, 0.12f);
    std::vector<Id> faces = fx.addPhotos(pictures);
    const auto copies = fx.addPhotos({pictures[0], pictures[0], pictures[0], pictures[0]});
    faces.insert(faces.end(), copies.begin(), copies.end());
    fx.update();
    const Id person = fx.onePersonOf(faces);

    const auto items = fx.engine->review();
    const ReviewItem* who = itemAbout(items, ReviewKind::WhoIsThis, person);
    REQUIRE(who);
    // Three tiles: the three pictures, none twice (the copies' embeddings agree exactly, so they
    // were the surest faces of all and filled the side).
    CHECK(who->facesA.size() == 3);
    std::map<Id, Embedding> embeddingOf;
    for (const auto& f : fx.library->faces().value())
        embeddingOf[f.id] = f.embedding;
    for (std::size_t i = 0; i < who->facesA.size(); ++i)
        for (std::size_t j = i + 1; j < who->facesA.size(); ++j) {
            INFO("faces " << who->facesA[i] << " and " << who->facesA[j]);
            CHECK(test::distance(embeddingOf[who->facesA[i]], embeddingOf[who->facesA[j]]) > 0.05f);
        }
}

TEST_CASE(
    "yes to same person on two named people keeps the name the user chose, and undo "
    "gives both names back (issue 19)",
    "[people][review]") {
    PeopleFixture fx(12);
    const test::TwoLooks looks = test::addTwoLooks(fx);
    REQUIRE(fx.engine->name(looks.personA, "Ann").ok());
    REQUIRE(fx.engine->name(looks.personB, "Bea").ok());
    const auto items = fx.engine->review();
    const auto same = std::find_if(items.begin(), items.end(), [](const ReviewItem& item) {
        return item.kind == ReviewKind::SamePerson;
    });
    REQUIRE(same != items.end());

    // The name of the person that does not stay (the engine keeps the larger or first one).
    auto answered = fx.engine->answer(same->id, Answer::Yes, std::string("Bea"));
    REQUIRE(answered.ok());
    const Id merged = answered.value().person;
    CHECK(fx.onePersonOf(looks.facesA) == merged);
    CHECK(fx.onePersonOf(looks.facesB) == merged);
    CHECK(fx.engine->person(merged)->name == "Bea");

    REQUIRE(fx.engine->undo().ok());
    CHECK(fx.engine->person(looks.personA)->name == "Ann");
    CHECK(fx.engine->person(looks.personB)->name == "Bea");

    // A name neither had, typed by the user.
    REQUIRE(fx.engine->merge(looks.personA, looks.personB, std::string("  Ann Bea ")).ok());
    CHECK(fx.engine->person(looks.personA)->name == "Ann Bea");
    CHECK_FALSE(fx.engine->person(looks.personB));
}
