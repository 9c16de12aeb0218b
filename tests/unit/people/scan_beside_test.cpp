// The people engine beside a scan that writes the same library through a connection of its own
// (as the app runs them, issue 18): a scan that analyses a changed photo again replaces its faces
// while the engine still holds the old ones in memory. A decision or an update worked out on
// them must not fail on the disk, nor write a person onto a face the scan just made.
#include "people_fixture.h"

using namespace kith;
using store::Id;
using test::Embedding;
using test::PeopleFixture;

namespace {

// Two people in a library, grouped, and a scan's own connection to it.
struct TwoPeopleAndAScan {
    PeopleFixture fx;
    std::vector<Id> ann, bob;
    std::unique_ptr<store::Library> scan;

    TwoPeopleAndAScan() {
        const Embedding annLooks = fx.faces.identity(), bobLooks = fx.faces.identity();
        for (int i = 0; i < 12; ++i) {
            ann.push_back(fx.addPhotos({fx.faces.face(annLooks)}).front());
            bob.push_back(fx.addPhotos({fx.faces.face(bobLooks)}).front());
        }
        fx.update();
        auto connection = fx.library->openAnotherWriter();
        REQUIRE(connection.ok());
        scan = std::move(connection.value());
    }
};

/// What a scan does to a photo whose file changed: analysed again through its own connection,
/// its faces replaced (here by one face that looks like `looks`). Returns the new face.
Id analyseAgain(store::Library& scanConnection, Id face, const Embedding& looks) {
    Id photo = 0;
    for (const store::Face& f : scanConnection.faces().value())
        if (f.id == face) photo = f.photoId;
    REQUIRE(photo != 0);
    store::Face replacement;
    replacement.width = replacement.height = 80;
    replacement.score = 0.9f;
    replacement.embedding = looks;
    const store::PhotoInfo info{"changed" + std::to_string(photo), "JPEG", 800, 600, 1, "", "", ""};
    REQUIRE(scanConnection
                .write([&](store::Library::Writer& w) {
                    w.recordAnalysis(photo, 2000, 2, info, {replacement}, "synthetic");
                })
                .ok());
    const auto faces = scanConnection.facesOfPhoto(photo);
    REQUIRE(faces.ok());
    REQUIRE(faces.value().size() == 1);
    return faces.value().front().id;
}

Embedding embeddingOf(store::Library& library, Id face) {
    for (const store::Face& f : library.faces().value())
        if (f.id == face) return f.embedding;
    FAIL("no face " << face);
    return {};
}

}  // namespace

TEST_CASE("a merge worked out on faces a scan has just replaced goes through") {
    TwoPeopleAndAScan t;
    PeopleFixture& fx = t.fx;
    const Id ann = fx.onePersonOf(t.ann), bob = fx.onePersonOf(t.bob);
    REQUIRE(ann != bob);
    const Id replaced = t.bob.back();
    const Id made = analyseAgain(*t.scan, replaced, embeddingOf(*fx.library, replaced));

    const Status merged = fx.engine->merge(ann, bob);
    INFO((merged.ok() ? std::string() : merged.error().describe()));
    REQUIRE(merged.ok());
    const std::vector<Id> bobStill(t.bob.begin(), t.bob.end() - 1);
    CHECK(fx.personsOf(bobStill) == std::set<Id>{ann});
    CHECK(fx.personsOf(t.ann) == std::set<Id>{ann});
    // The scan's new face is the engine's to place, not the merge's to move.
    CHECK(fx.engine->personOf(made) == 0);
    fx.update();
    CHECK(fx.engine->personOf(made) == ann);
}

TEST_CASE("a decision about a face a scan has just replaced says it is gone") {
    TwoPeopleAndAScan t;
    PeopleFixture& fx = t.fx;
    const Id bob = fx.onePersonOf(t.bob);
    const Id replaced = t.ann.front();
    const Id made = analyseAgain(*t.scan, replaced, embeddingOf(*fx.library, t.bob[0]));

    const Status confirmed = fx.engine->confirm(replaced, bob);
    REQUIRE_FALSE(confirmed.ok());
    // When the new face took the old one's id, the confirmation would land on a face nobody
    // has looked at; either way the user hears the face is not there, not a disk failure.
    CHECK(confirmed.error().code == ErrorCode::NotFound);
    if (made != replaced) CHECK(fx.engine->personOf(made) == 0);
    const auto history = fx.engine->history();
    REQUIRE(history.ok());
    CHECK(history.value().empty());
}

TEST_CASE("an update after a scan replaced faces it had placed takes in the new ones") {
    TwoPeopleAndAScan t;
    PeopleFixture& fx = t.fx;
    const Id ann = fx.onePersonOf(t.ann);
    const Id made = analyseAgain(*t.scan, t.ann.back(), embeddingOf(*fx.library, t.ann[0]));
    const people::UpdateReport report = fx.update();
    CHECK(report.goneFaces == 1);
    CHECK(report.newFaces == 1);
    CHECK(fx.engine->personOf(made) == ann);
}
