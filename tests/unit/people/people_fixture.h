// A real library in a temporary folder, filled with synthetic faces, and a people engine on it.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "kith/people.h"
#include "library_support.h"
#include "synthetic_faces.h"
#include "test_support.h"

namespace kith::test {

struct PeopleFixture {
    explicit PeopleFixture(unsigned seed = 1, people::Settings settings = {})
        : faces(seed), library(openLibrary(dir / "library.db")), settings(settings) {
        reopen();
    }

    /// Opens the engine afresh, as after a restart.
    void reopen() {
        engine.reset();
        auto opened = people::PeopleEngine::open(*library, settings);
        INFO((opened.ok() ? std::string() : opened.error().describe()));
        REQUIRE(opened.ok());
        engine = std::move(opened.value());
    }

    /// One photo per face (each `side` pixels square).
    std::vector<store::Id> addPhotos(const std::vector<Embedding>& embeddings, float side = 80) {
        std::vector<store::Id> ids;
        for (const Embedding& e : embeddings)
            ids.push_back(addPhoto(*library, {e}, side).front());
        return ids;
    }

    people::UpdateReport update() {
        auto report = engine->update();
        INFO((report.ok() ? std::string() : report.error().describe()));
        REQUIRE(report.ok());
        return report.value();
    }

    /// The persons (0: unassigned) of some faces.
    std::set<store::Id> personsOf(const std::vector<store::Id>& ids) const {
        std::set<store::Id> persons;
        for (store::Id id : ids)
            persons.insert(engine->personOf(id));
        return persons;
    }

    /// The one person all these faces are in; fails when they are split or unassigned.
    store::Id onePersonOf(const std::vector<store::Id>& ids) const {
        const auto persons = personsOf(ids);
        INFO("faces are in " << persons.size() << " persons");
        REQUIRE(persons.size() == 1);
        REQUIRE(*persons.begin() != 0);
        return *persons.begin();
    }

    /// The distance between the closest two faces of two sets.
    float closestDistance(const std::vector<store::Id>& a, const std::vector<store::Id>& b) const {
        std::map<store::Id, Embedding> embeddings;
        for (const auto& f : library->faces().value())
            embeddings[f.id] = f.embedding;
        float closest = 2;
        for (store::Id x : a)
            for (store::Id y : b)
                closest = std::min(closest, distance(embeddings[x], embeddings[y]));
        return closest;
    }

    /// Every face's person, and every person's row: the people state to compare.
    std::map<store::Id, store::Id> assignments() const {
        std::map<store::Id, store::Id> result;
        for (const auto& a : library->assignments().value())
            result[a.face] = a.person;
        return result;
    }

    TempDir dir;
    SyntheticFaces faces;
    std::unique_ptr<store::Library> library;
    people::Settings settings;
    std::unique_ptr<people::PeopleEngine> engine;
};

/// `count` faces of one identity.
inline std::vector<Embedding> facesOf(SyntheticFaces& faces, const Embedding& identity, int count,
                                      float spread = 0.17f) {
    std::vector<Embedding> result;
    for (int i = 0; i < count; ++i)
        result.push_back(faces.face(identity, spread));
    return result;
}

/// One identity seen in two looks far enough apart to come out as two persons, 8 faces each.
struct TwoLooks {
    Embedding a, b;
    std::vector<store::Id> facesA, facesB;
    store::Id personA = 0, personB = 0;
};

inline TwoLooks addTwoLooks(PeopleFixture& fx) {
    TwoLooks t;
    t.a = fx.faces.identity();
    t.b = fx.faces.between(t.a, fx.faces.identity(), 0.7f);
    t.facesA = fx.addPhotos(facesOf(fx.faces, t.a, 8, 0.1f));
    t.facesB = fx.addPhotos(facesOf(fx.faces, t.b, 8, 0.1f));
    fx.update();
    t.personA = fx.onePersonOf(t.facesA);
    t.personB = fx.onePersonOf(t.facesB);
    REQUIRE(t.personA != t.personB);
    return t;
}

}  // namespace kith::test
