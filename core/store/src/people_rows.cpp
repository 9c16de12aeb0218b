// Reading the people engine's rows: persons, who each face is, constraints and decisions.
#include "library_impl.h"

namespace kith::store {

Result<std::vector<Person>> Library::persons() {
    return impl_->read<std::vector<Person>>([&] {
        std::vector<Person> result;
        auto query = impl_->db.prepare(
            "SELECT id, name, locked, hidden, cover_face_id FROM persons ORDER BY id");
        while (query.step())
            result.push_back({query.int64(0), query.text(1), query.int64(2) != 0,
                              query.int64(3) != 0, query.int64(4)});
        return result;
    });
}

namespace {

std::vector<Assignment> readAssignments(Statement& query) {
    std::vector<Assignment> result;
    while (query.step())
        result.push_back({query.int64(0), query.int64(1), static_cast<float>(query.real(2)),
                          query.int64(3) != 0});
    return result;
}

}  // namespace

Result<std::vector<Assignment>> Library::assignments() {
    return impl_->read<std::vector<Assignment>>([&] {
        auto query = impl_->db.prepare(
            "SELECT face_id, person_id, confidence, confirmed FROM face_person ORDER BY face_id");
        return readAssignments(query);
    });
}

Result<std::vector<Assignment>> Library::assignmentsOfPerson(Id person) {
    return impl_->read<std::vector<Assignment>>([&] {
        auto query = impl_->db.prepare(
            "SELECT face_id, person_id, confidence, confirmed FROM face_person WHERE person_id = ? "
            "ORDER BY face_id");
        query.bind(1, person);
        return readAssignments(query);
    });
}

Result<std::vector<Assignment>> Library::assignmentsOfPhoto(Id photo) {
    return impl_->read<std::vector<Assignment>>([&] {
        auto query = impl_->db.prepare(
            "SELECT fp.face_id, fp.person_id, fp.confidence, fp.confirmed FROM face_person fp "
            "JOIN faces f ON f.id = fp.face_id WHERE f.photo_id = ? ORDER BY fp.face_id");
        query.bind(1, photo);
        return readAssignments(query);
    });
}

Result<std::vector<Id>> Library::pooledFaces() {
    return impl_->read<std::vector<Id>>([&] {
        std::vector<Id> result;
        auto query = impl_->db.prepare("SELECT face_id FROM face_pool ORDER BY face_id");
        while (query.step())
            result.push_back(query.int64(0));
        return result;
    });
}

Result<std::vector<Constraint>> Library::constraints() {
    return impl_->read<std::vector<Constraint>>([&] {
        std::vector<Constraint> result;
        auto query = impl_->db.prepare(
            "SELECT id, kind, face_a, person_a, face_b, person_b, decision_id FROM constraints "
            "ORDER BY id");
        while (query.step())
            result.push_back({query.int64(0), static_cast<LinkKind>(query.int64(1)), query.int64(2),
                              query.int64(3), query.int64(4), query.int64(5), query.int64(6)});
        return result;
    });
}

Result<std::vector<Decision>> Library::decisions() {
    return impl_->read<std::vector<Decision>>([&] {
        std::vector<Decision> result;
        auto query = impl_->db.prepare(
            "SELECT id, made_at, kind, payload, undone_at FROM decisions ORDER BY id");
        while (query.step()) {
            const std::string kind = query.text(2);
            result.push_back({query.int64(0), query.int64(1), query.int64(4), kind,
                              decodeDecision(kind, query.text(3))});
        }
        return result;
    });
}

namespace {

// Persons with faces, each with its count and cover face (the people engine's rule: the chosen
// cover, else the confirmed face with the best confidence, else the best confidence), largest
// first; `filter` narrows the persons (a condition on fp.person_id, or nothing).
std::string personCardsQuery(const std::string& filter) {
    return R"sql(
WITH members AS (
    SELECT fp.person_id AS person, fp.face_id AS face,
           ROW_NUMBER() OVER (PARTITION BY fp.person_id
               ORDER BY fp.face_id = p.cover_face_id DESC, fp.confirmed DESC,
                        fp.confidence DESC, fp.face_id) AS rank,
           COUNT(*) OVER (PARTITION BY fp.person_id) AS faces
    FROM face_person fp JOIN persons p ON p.id = fp.person_id )sql" +
           filter + R"sql()
SELECT p.id, p.name, p.locked, p.hidden, p.cover_face_id, m.faces,
       f.id, f.photo_id, f.x, f.y, f.width, f.height, ph.content_hash
FROM persons p JOIN members m ON m.person = p.id AND m.rank = 1
JOIN faces f ON f.id = m.face JOIN photos ph ON ph.id = f.photo_id
ORDER BY m.faces DESC, p.id)sql";
}

std::vector<PersonCard> readPersonCards(Statement& query) {
    std::vector<PersonCard> cards;
    while (query.step()) {
        PersonCard c;
        c.person.id = query.int64(0);
        c.person.name = query.isNull(1) ? std::string() : query.text(1);
        c.person.locked = query.int64(2) != 0;
        c.person.hidden = query.int64(3) != 0;
        c.person.coverFace = query.isNull(4) ? 0 : query.int64(4);
        c.faces = query.int64(5);
        c.cover.id = query.int64(6);
        c.cover.photoId = query.int64(7);
        c.cover.x = static_cast<float>(query.real(8));
        c.cover.y = static_cast<float>(query.real(9));
        c.cover.width = static_cast<float>(query.real(10));
        c.cover.height = static_cast<float>(query.real(11));
        c.coverContentHash = query.isNull(12) ? std::string() : query.text(12);
        cards.push_back(std::move(c));
    }
    return cards;
}

}  // namespace

Result<std::vector<PersonCard>> Library::personCards() {
    return impl_->read<std::vector<PersonCard>>([&] {
        auto query = impl_->db.prepare(personCardsQuery(""));
        return readPersonCards(query);
    });
}

Result<std::vector<PersonCard>> Library::personCards(std::span<const Id> persons) {
    return impl_->read<std::vector<PersonCard>>([&] {
        // The ids as one JSON array: any number of them in one statement.
        std::string ids = "[";
        for (Id id : persons) {
            if (ids.size() > 1) ids += ',';
            ids += std::to_string(id);
        }
        ids += "]";
        auto query = impl_->db.prepare(
            personCardsQuery("WHERE fp.person_id IN (SELECT value FROM json_each(?))"));
        query.bind(1, ids);
        return readPersonCards(query);
    });
}

Result<std::vector<std::pair<Id, std::filesystem::path>>> Library::photoPaths() {
    return impl_->read<std::vector<std::pair<Id, std::filesystem::path>>>([&] {
        std::vector<std::pair<Id, std::filesystem::path>> result;
        auto query = impl_->db.prepare("SELECT id, path FROM photos ORDER BY id");
        while (query.step())
            result.emplace_back(query.int64(0), pathFrom(query.blob(1)));
        return result;
    });
}

Result<std::vector<PhotoListing>> Library::photoListing() {
    return impl_->read<std::vector<PhotoListing>>([&] {
        std::vector<PhotoListing> result;
        // The file's time in the form of taken_at, so that one string orders both.
        auto query = impl_->db.prepare(
            "SELECT id, coalesce(folder_id, 0), path, content_hash, coalesce(taken_at, ''), "
            "coalesce(camera, ''), mtime_ns FROM photos WHERE status = 1 ORDER BY "
            "coalesce(taken_at, strftime('%Y-%m-%dT%H:%M:%S', mtime_ns / 1000000000, "
            "'unixepoch')) DESC, path");
        while (query.step())
            result.push_back({query.int64(0), query.int64(1), pathFrom(query.blob(2)),
                              query.text(3), query.text(4), query.text(5), query.int64(6)});
        return result;
    });
}

}  // namespace kith::store
