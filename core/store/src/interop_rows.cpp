// Reading what travels in the photos' XMP: names imported with faces, named faces to export,
// and what the last export wrote.
#include <algorithm>
#include <set>

#include "kith/common/box.h"
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

Result<std::vector<Library::Recollection>> Library::recollections() {
    return impl_->read<std::vector<Recollection>>([&] {
        struct Candidate {
            float overlap;
            Recollection recollection;
        };
        std::vector<Candidate> candidates;
        // Memories by content meet the photos of that content; memories by photo, that photo.
        // Only faces no person holds and no update has seen are candidates. Read on every
        // people update: CROSS JOIN makes SQLite start from the memories (usually none), and
        // NOT EXISTS looks each candidate up instead of listing every assigned face first (80 ms
        // at 100 000 faces, against 1 ms).
        auto query = impl_->db.prepare(
            "SELECT m.id, f.id, m.person_id, m.dismissed, m.x, m.y, m.width, m.height, f.x, f.y, "
            "f.width, f.height FROM face_memories m CROSS JOIN photos p ON p.content_hash = "
            "m.content_hash CROSS JOIN faces f ON f.photo_id = p.id WHERE f.dismissed = 0 "
            "AND NOT EXISTS (SELECT 1 FROM face_person fp WHERE fp.face_id = f.id) "
            "AND NOT EXISTS (SELECT 1 FROM face_pool fq WHERE fq.face_id = f.id) "
            "UNION ALL SELECT m.id, f.id, m.person_id, m.dismissed, m.x, m.y, m.width, m.height, "
            "f.x, f.y, f.width, f.height FROM face_memories m CROSS JOIN faces f ON f.photo_id = "
            "m.photo_id WHERE f.dismissed = 0 "
            "AND NOT EXISTS (SELECT 1 FROM face_person fp WHERE fp.face_id = f.id) "
            "AND NOT EXISTS (SELECT 1 FROM face_pool fq WHERE fq.face_id = f.id)");
        while (query.step()) {
            const Box was{static_cast<float>(query.real(4)), static_cast<float>(query.real(5)),
                          static_cast<float>(query.real(6)), static_cast<float>(query.real(7))};
            const Box is{static_cast<float>(query.real(8)), static_cast<float>(query.real(9)),
                         static_cast<float>(query.real(10)), static_cast<float>(query.real(11))};
            const float o = overlap(was, is);
            if (o >= 0.5f)
                candidates.push_back(
                    {o, {query.int64(0), query.int64(1), query.int64(2), query.int64(3) != 0}});
        }
        std::stable_sort(
            candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.overlap > b.overlap; });
        std::vector<Recollection> result;
        std::set<Id> memories, faces;
        for (const Candidate& c : candidates) {
            const Recollection& r = c.recollection;
            if (memories.count(r.memory) || faces.count(r.face)) continue;
            memories.insert(r.memory);
            faces.insert(r.face);
            result.push_back(r);
        }
        return result;
    });
}

}  // namespace kith::store
