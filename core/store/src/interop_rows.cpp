// Reading what travels in the photos' XMP: names imported with faces, named faces to export,
// and what the last export wrote.
#include "library_impl.h"

namespace kith::store {

Result<std::vector<std::pair<Id, std::string>>> Library::pendingImports() {
    return impl_->read<std::vector<std::pair<Id, std::string>>>([&] {
        std::vector<std::pair<Id, std::string>> result;
        auto query = impl_->db.prepare(
            "SELECT face_id, name FROM face_imports WHERE taken = 0 ORDER BY face_id");
        while (query.step())
            result.emplace_back(query.int64(0), query.text(1));
        return result;
    });
}

Result<std::vector<NamedFace>> Library::namedFaces() {
    return impl_->read<std::vector<NamedFace>>([&] {
        std::vector<NamedFace> result;
        auto query = impl_->db.prepare(
            "SELECT f.photo_id, f.id, f.x, f.y, f.width, f.height, p.name FROM faces f "
            "JOIN face_person fp ON fp.face_id = f.id JOIN persons p ON p.id = fp.person_id "
            "WHERE p.name IS NOT NULL AND p.name <> '' AND f.dismissed = 0 "
            "ORDER BY f.photo_id, f.id");
        while (query.step())
            result.push_back({query.int64(0), query.int64(1), static_cast<float>(query.real(2)),
                              static_cast<float>(query.real(3)), static_cast<float>(query.real(4)),
                              static_cast<float>(query.real(5)), query.text(6)});
        return result;
    });
}

Result<std::unordered_map<Id, std::string>> Library::exportSignatures() {
    return impl_->read<std::unordered_map<Id, std::string>>([&] {
        std::unordered_map<Id, std::string> result;
        auto query = impl_->db.prepare("SELECT photo_id, signature FROM xmp_exports");
        while (query.step())
            result.emplace(query.int64(0), query.text(1));
        return result;
    });
}

}  // namespace kith::store
