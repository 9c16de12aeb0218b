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

Result<std::vector<Assignment>> Library::assignments() {
    return impl_->read<std::vector<Assignment>>([&] {
        std::vector<Assignment> result;
        auto query = impl_->db.prepare(
            "SELECT face_id, person_id, confidence, confirmed FROM face_person ORDER BY face_id");
        while (query.step())
            result.push_back({query.int64(0), query.int64(1), static_cast<float>(query.real(2)),
                              query.int64(3) != 0});
        return result;
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
        while (query.step())
            result.push_back(
                {query.int64(0), query.int64(1), query.text(2), query.text(3), query.int64(4)});
        return result;
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

}  // namespace kith::store
