// Property tests of the people engine (issue 6): random sequences of scans and human decisions,
// checked after every step against the rules no automatic step may break, and against undo.
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "people_fixture.h"

using namespace kith;
using test::Embedding;
using test::PeopleFixture;

namespace {

// What the rules are checked against: the library's people rows as they are.
struct PeopleState {
    std::map<store::Id, store::Assignment> assignment;  // by face
    std::map<store::Id, store::Person> persons;
    std::vector<store::Constraint> constraints;
    std::map<store::Id, store::Id> photoOf;
    std::map<store::Id, Embedding> embeddingOf;  // tells a face from a new one given its id
    std::set<store::Id> dismissed;

    static PeopleState read(store::Library& library) {
        PeopleState s;
        for (const auto& a : library.assignments().value())
            s.assignment[a.face] = a;
        for (const auto& p : library.persons().value())
            s.persons[p.id] = p;
        s.constraints = library.constraints().value();
        for (const auto& f : library.faces().value()) {
            s.photoOf[f.id] = f.photoId;
            s.embeddingOf[f.id] = f.embedding;
            if (f.dismissed) s.dismissed.insert(f.id);
        }
        return s;
    }

    // Whether a face of `earlier` is still here, as itself (SQLite gives a deleted face's id to
    // the next face added when it was the last), and still a face.
    bool stillHas(const PeopleState& earlier, store::Id face) const {
        const auto it = embeddingOf.find(face);
        return it != embeddingOf.end() && it->second == earlier.embeddingOf.at(face) &&
               !dismissed.count(face);
    }

    store::Id personOf(store::Id face) const {
        const auto it = assignment.find(face);
        return it == assignment.end() ? 0 : it->second.person;
    }

    // The person a face is pinned to: confirmed there, or a member of a locked person.
    store::Id pinnedTo(store::Id face) const {
        const auto it = assignment.find(face);
        if (it == assignment.end()) return 0;
        const auto p = persons.find(it->second.person);
        return it->second.confirmed || (p != persons.end() && p->second.locked) ? it->second.person
                                                                                : 0;
    }

    // A person a human decided about as a whole: named, locked, hidden, or kept apart.
    bool decided(store::Id person) const {
        const auto p = persons.find(person);
        if (p == persons.end()) return false;
        if (!p->second.name.empty() || p->second.locked || p->second.hidden) return true;
        return std::any_of(constraints.begin(), constraints.end(), [&](const store::Constraint& k) {
            return k.kind == store::LinkKind::CannotLink && k.personA && k.personB &&
                   (k.personA == person || k.personB == person);
        });
    }

    std::size_t facesOf(store::Id person) const {
        return static_cast<std::size_t>(
            std::count_if(assignment.begin(), assignment.end(),
                          [&](const auto& row) { return row.second.person == person; }));
    }

    bool mustLinked(store::Id a, store::Id b) const {
        return std::any_of(constraints.begin(), constraints.end(), [&](const store::Constraint& k) {
            return k.kind == store::LinkKind::MustLink &&
                   ((k.faceA == a && k.faceB == b) || (k.faceA == b && k.faceB == a));
        });
    }

    // Faces of one photo that share a person.
    std::set<std::pair<store::Id, store::Id>> photoMatesTogether() const {
        std::set<std::pair<store::Id, store::Id>> pairs;
        for (const auto& [a, rowA] : assignment)
            for (const auto& [b, rowB] : assignment)
                if (a < b && rowA.person == rowB.person && photoOf.at(a) == photoOf.at(b))
                    pairs.insert({a, b});
        return pairs;
    }
};

// Rules that hold after every step, whoever made it.
void checkAlways(const PeopleState& s) {
    for (const store::Constraint& k : s.constraints) {
        if (k.kind != store::LinkKind::CannotLink) continue;
        if (k.faceA && k.personB) {
            INFO("face " << k.faceA << " was rejected from person " << k.personB);
            CHECK(s.personOf(k.faceA) != k.personB);
        }
        if (k.faceA && k.faceB && s.personOf(k.faceA)) {
            INFO("faces " << k.faceA << " and " << k.faceB << " are different people");
            CHECK(s.personOf(k.faceA) != s.personOf(k.faceB));
        }
    }
    for (store::Id face : s.dismissed) {
        INFO("face " << face << " is not a face");
        CHECK(s.personOf(face) == 0);
    }
    for (const auto& [face, row] : s.assignment) {
        INFO("face " << face << " is in person " << row.person);
        CHECK(s.persons.count(row.person) == 1);
    }
}

// Rules for automatic steps: what humans pinned stays, and no photo gets a person twice.
void checkAutomatic(const PeopleState& before, const PeopleState& after) {
    for (const auto& [face, row] : before.assignment) {
        const store::Id pinned = before.pinnedTo(face);
        if (!pinned || !after.stillHas(before, face)) continue;
        INFO("face " << face << " was pinned to person " << pinned);
        CHECK(after.personOf(face) == pinned);
        if (row.confirmed) CHECK(after.assignment.at(face).confirmed);
    }
    // A person a human decided about is never emptied, nor merged away, nor loses faces to
    // another such person, whatever happened to the faces it was decided on.
    for (const auto& [person, row] : before.persons) {
        if (!before.decided(person)) continue;
        bool facesLeft = false;  // faces of it that still exist and are faces
        for (const auto& [face, a] : before.assignment)
            facesLeft = facesLeft || (a.person == person && after.stillHas(before, face));
        INFO("person " << person << " (" << row.name << ") was decided about");
        CHECK(after.persons.count(person) == 1);
        if (facesLeft) CHECK(after.facesOf(person) > 0);
    }
    for (const auto& [face, a] : before.assignment) {
        const store::Id now = after.personOf(face);
        if (!now || !after.stillHas(before, face) || now == a.person || !before.decided(a.person) ||
            !before.decided(now))
            continue;
        INFO("face " << face << " moved from person " << a.person << " to " << now
                     << ", both decided about");
        CHECK(now == a.person);
    }
    const auto together = before.photoMatesTogether();
    for (const auto& [a, b] : after.photoMatesTogether()) {
        if (together.count({a, b}) || after.mustLinked(a, b)) continue;
        const store::Id p = after.personOf(a);
        INFO("faces " << a << " and " << b << " of one photo were put together in person " << p);
        CHECK((after.pinnedTo(a) == p && after.pinnedTo(b) == p));
    }
}

// The people rows of a canonical dump, without the history.
std::vector<std::string> peopleRows(store::Library& library) {
    std::vector<std::string> rows;
    for (const std::string& line : library.canonicalDump().value())
        if (line.rfind("decision ", 0) != 0) rows.push_back(line);
    return rows;
}

class RandomSession {
  public:
    explicit RandomSession(unsigned seed) : fx_(seed), random_(seed * 7919u) {
        // Identities, some of them look-alikes, and points right between look-alikes.
        for (int i = 0; i < 6; ++i)
            identities_.push_back(fx_.faces.identity());
        for (int i = 0; i < 3; ++i)
            identities_.push_back(fx_.faces.between(identities_[i], fx_.faces.identity(), 0.7f));
        for (int i = 0; i < 3; ++i)
            bridges_.push_back(fx_.faces.between(identities_[i], identities_[6 + i], 0.5f));
    }

    void run(int steps) {
        for (int step = 0; step < steps; ++step) {
            const PeopleState before = PeopleState::read(*fx_.library);
            const std::string what = act();
            INFO("step " << step << ": " << what);
            const PeopleState after = PeopleState::read(*fx_.library);
            checkAlways(after);
            if (automatic_) checkAutomatic(before, after);
        }
    }

  private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

    template <typename T>
    const T& any(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(pick(static_cast<int>(v.size())))];
    }

    std::vector<store::Id> faceIds() {
        std::vector<store::Id> ids;
        for (const auto& f : fx_.library->faces().value())
            if (!f.dismissed) ids.push_back(f.id);
        return ids;
    }

    std::vector<store::Id> personIds() {
        std::vector<store::Id> ids;
        for (const auto& p : fx_.engine->people())
            ids.push_back(p.id);
        return ids;
    }

    Embedding someFace() {
        if (pick(6) == 0) return fx_.faces.face(any(bridges_), 0.05f);
        return fx_.faces.face(any(identities_), 0.14f);
    }

    // One random step; says what it was. Sets automatic_ for automatic steps.
    std::string act() {
        automatic_ = false;
        const int choice = pick(120);
        const auto persons = personIds();
        const auto faces = faceIds();
        std::ostringstream what;
        if (choice < 25 || faces.empty()) {
            const int photos = 1 + pick(4);
            for (int i = 0; i < photos; ++i) {
                std::vector<Embedding> inPhoto;
                const int count = 1 + (pick(4) == 0 ? pick(3) : 0);
                for (int k = 0; k < count; ++k)
                    inPhoto.push_back(someFace());
                test::addPhoto(*fx_.library, inPhoto);
            }
            automatic_ = true;
            REQUIRE(fx_.engine->update().ok());
            what << "scan of " << photos << " photos";
        } else if (choice < 30) {
            automatic_ = true;
            what << "photo " << deletePhoto() << " deleted, then a scan";
            REQUIRE(fx_.engine->update().ok());
        } else if (choice < 34) {
            automatic_ = true;
            what << "photo " << changePhoto() << " changed, then a scan";
            REQUIRE(fx_.engine->update().ok());
        } else if (choice < 41) {
            automatic_ = true;
            fx_.settings.method = any(std::vector<people::Method>{
                people::Method::TwoPass, people::Method::Average, people::Method::Hdbscan,
                people::Method::ChineseWhispers});
            fx_.reopen();
            // Anchors a deletion made necessary are upkeep, not part of the re-cluster.
            REQUIRE(fx_.engine->update().ok());
            const auto rows = peopleRows(*fx_.library);
            const std::size_t inForce = decisionsInForce();
            REQUIRE(fx_.engine->recluster().ok());
            what << "re-cluster (" << people::methodName(fx_.settings.method) << ")";
            if (decisionsInForce() > inForce) undoRightAway(rows, what);
        } else if (choice < 46) {
            fx_.reopen();
            what << "restart";
        } else if (persons.empty()) {
            what << "nothing to decide";
        } else {
            const auto rows = peopleRows(*fx_.library);
            const std::size_t inForce = decisionsInForce();
            decide(choice, persons, faces, what);
            if (decisionsInForce() > inForce && what.str().rfind("undo", 0) != 0)
                undoRightAway(rows, what);
        }
        return what.str();
    }

    // A human decision (or an undo).
    void decide(int choice, const std::vector<store::Id>& persons,
                const std::vector<store::Id>& faces, std::ostringstream& what) {
        if (choice < 54) {
            const store::Id face = any(faces), person = any(persons);
            what << "confirm " << face << " as " << person;
            CHECK(fx_.engine->confirm(face, person).ok());
        } else if (choice < 62) {
            const store::Id face = any(faces);
            what << "reject " << face;
            const bool inPerson = fx_.engine->personOf(face) != 0;
            CHECK(fx_.engine->reject(face).ok() == inPerson);
        } else if (choice < 68 && persons.size() > 1) {
            const store::Id a = any(persons), b = any(persons);
            what << "merge " << b << " into " << a;
            CHECK(fx_.engine->merge(a, b).ok() == (a != b));
        } else if (choice < 75 && persons.size() > 1) {
            const store::Id a = any(persons), b = any(persons);
            what << "different " << a << " " << b;
            CHECK(fx_.engine->different(a, b).ok() == (a != b));
        } else if (choice < 80) {
            const store::Id person = any(persons);
            const auto members = fx_.engine->facesOf(person);
            std::vector<store::Id> taken;
            for (const auto& f : members)
                if (pick(2)) taken.push_back(f.face);
            what << "split " << taken.size() << " of " << members.size() << " faces off " << person;
            const bool valid = !taken.empty() && taken.size() < members.size();
            CHECK(fx_.engine->split(person, taken).ok() == valid);
        } else if (choice < 84) {
            const store::Id person = any(persons);
            what << "lock " << person;
            CHECK(fx_.engine->lock(person, pick(3) != 0).ok());
        } else if (choice < 87) {
            const store::Id person = any(persons);
            what << "hide " << person;
            CHECK(fx_.engine->hide(person, pick(2) != 0).ok());
        } else if (choice < 90) {
            const store::Id face = any(faces);
            what << "not a face: " << face;
            CHECK(fx_.engine->notAFace(face).ok());
        } else if (choice < 95) {
            const store::Id person = any(persons);
            what << "name " << person;
            CHECK(fx_.engine->name(person, "Someone " + std::to_string(pick(4))).ok());
        } else if (choice < 105) {
            const auto items = fx_.engine->review(5);
            if (items.empty()) {
                what << "empty review";
                return;
            }
            const auto& item = any(items);
            const auto answer = item.kind == people::ReviewItem::Kind::WhoIsThis
                                    ? people::Answer::Skip
                                    : static_cast<people::Answer>(pick(3));
            what << "answer " << item.id.toString() << " " << static_cast<int>(answer);
            CHECK(fx_.engine->answer(item.id, answer).ok());
        } else {
            what << "undo";
            const std::size_t inForce = decisionsInForce();
            const auto undone = fx_.engine->undo();
            INFO((undone.ok() ? std::string() : undone.error().describe()));
            // Whatever was deleted since, undo goes on while there is something to undo.
            CHECK(undone.ok() == (inForce > 0));
        }
    }

    std::size_t decisionsInForce() {
        const auto all = fx_.library->decisions();
        REQUIRE(all.ok());
        return static_cast<std::size_t>(std::count_if(all.value().begin(), all.value().end(),
                                                      [](const auto& d) { return !d.undoneAt; }));
    }

    // Now and then, the step just taken is undone at once: people are exactly as before it.
    void undoRightAway(const std::vector<std::string>& rowsBefore, std::ostringstream& what) {
        if (pick(4) != 0) return;
        what << ", undone right away";
        const auto undone = fx_.engine->undo();
        INFO(what.str() << ": " << (undone.ok() ? std::string() : undone.error().describe()));
        REQUIRE(undone.ok());
        CHECK(peopleRows(*fx_.library) == rowsBefore);
    }

    // Deletes a photo, as a scan does when its file is gone: now and then the one holding a
    // confirmed face of a person a human decided about (the face its decisions were stated on).
    store::Id deletePhoto() {
        const PeopleState state = PeopleState::read(*fx_.library);
        std::vector<store::Id> anchors, photos;
        for (const auto& [face, a] : state.assignment)
            if (a.confirmed && state.decided(a.person)) anchors.push_back(state.photoOf.at(face));
        for (const auto& [id, path] : fx_.library->photoPaths().value())
            photos.push_back(id);
        if (photos.empty()) return 0;
        const store::Id photo = !anchors.empty() && pick(2) ? any(anchors) : any(photos);
        REQUIRE(
            fx_.library
                ->write([&](store::Library::Writer& w) { w.removePhotos(std::span(&photo, 1)); })
                .ok());
        return photo;
    }

    // A photo's file changed (edited, re-saved): analysed again, its faces are new faces, a
    // little different from before.
    store::Id changePhoto() {
        const auto paths = fx_.library->photoPaths().value();
        if (paths.empty()) return 0;
        const store::Id photo = any(paths).first;
        auto faces = fx_.library->facesOfPhoto(photo).value();
        for (store::Face& f : faces)
            f.embedding = fx_.faces.face(f.embedding, 0.05f);
        ++changes_;
        const store::PhotoInfo info{
            "changed" + std::to_string(changes_), "JPEG", 800, 600, 1, "", "", ""};
        REQUIRE(fx_.library
                    ->write([&](store::Library::Writer& w) {
                        w.recordAnalysis(photo, 2000, changes_, info, faces, "synthetic");
                    })
                    .ok());
        return photo;
    }

    PeopleFixture fx_;
    std::mt19937 random_;
    std::vector<Embedding> identities_, bridges_;
    bool automatic_ = false;
    int changes_ = 0;
};

}  // namespace

TEST_CASE("random scans and decisions never break a human decision", "[people][property]") {
    // KITH_PROPERTY_SEEDS=N tries more sequences than the default 40.
    const char* seeds = std::getenv("KITH_PROPERTY_SEEDS");
    const unsigned last = seeds ? static_cast<unsigned>(std::atoi(seeds)) : 40u;
    for (unsigned seed = 1; seed <= last; ++seed) {
        INFO("seed " << seed);
        RandomSession(seed).run(120);
    }
}

TEST_CASE("every decision undone right away leaves people exactly as before",
          "[people][property]") {
    for (unsigned seed = 100; seed <= 104; ++seed) {
        INFO("seed " << seed);
        PeopleFixture fx(seed);
        std::vector<Embedding> identities;
        for (int i = 0; i < 5; ++i)
            identities.push_back(fx.faces.identity());
        for (int i = 0; i < 30; ++i)
            test::addPhoto(*fx.library,
                           {fx.faces.face(identities[static_cast<std::size_t>(i % 5)])});
        test::addPhoto(*fx.library, {fx.faces.face(identities[0]), fx.faces.face(identities[1])});
        fx.update();
        std::mt19937 random(seed);
        auto pick = [&](std::size_t n) {
            return static_cast<std::size_t>(
                std::uniform_int_distribution<int>(0, static_cast<int>(n) - 1)(random));
        };
        for (int step = 0; step < 40; ++step) {
            const auto people = fx.engine->people();
            REQUIRE(people.size() >= 2);
            const auto& a = people[pick(people.size())];
            const auto& b = people[pick(people.size())];
            const auto facesA = fx.engine->facesOf(a.id);
            const store::Id face = facesA[pick(facesA.size())].face;
            const auto before = peopleRows(*fx.library);
            std::string what;
            bool done = false;
            switch (pick(9)) {
                case 0:
                    what = "confirm";
                    done = fx.engine->confirm(face, b.id).ok();
                    break;
                case 1:
                    what = "reject";
                    done = fx.engine->reject(face).ok();
                    break;
                case 2:
                    what = "merge";
                    done = fx.engine->merge(a.id, b.id).ok();
                    break;
                case 3:
                    what = "different";
                    done = fx.engine->different(a.id, b.id).ok();
                    break;
                case 4:
                    what = "split";
                    done = fx.engine->split(a.id, {face}).ok();
                    break;
                case 5:
                    what = "name";
                    done = fx.engine->name(a.id, "Someone").ok();
                    break;
                case 6:
                    what = "lock";
                    done = fx.engine->lock(a.id, !a.locked).ok();
                    break;
                case 7:
                    what = "hide";
                    done = fx.engine->hide(a.id, !a.hidden).ok();
                    break;
                default:
                    what = "not a face";
                    done = fx.engine->notAFace(face).ok();
                    break;
            }
            INFO("step " << step << ": " << what);
            if (!done) continue;
            if (step % 3 == 0) fx.reopen();
            REQUIRE(fx.engine->undo().ok());
            CHECK(peopleRows(*fx.library) == before);
            // Then decided again for good, so that later steps start from somewhere new.
            if (step % 2 == 0) REQUIRE(fx.engine->recluster().ok());
        }
    }
}
