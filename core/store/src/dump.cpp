// The library as text that does not depend on row ids or write order: two libraries with the
// same photos, faces and people give the same lines. Tests compare libraries by it.
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "library_impl.h"

namespace kith::store {
namespace {

// Faces named by their photo and place in it ("path#0"), persons by their faces.
struct Names {
    std::map<Id, std::string> face;
    std::map<Id, std::string> person;
};

std::vector<std::string> photoLines(Database& db, Names& names) {
    std::vector<std::string> lines;
    auto photos = db.prepare(
        "SELECT id, path, size, mtime_ns, content_hash, format, width, height, orientation, "
        "taken_at, camera, status, error_code, error FROM photos ORDER BY path");
    auto faces = db.prepare(
        "SELECT f.id, x, y, width, height, score, landmarks, embedding, model, origin, dismissed, "
        "i.name FROM faces f LEFT JOIN face_imports i ON i.face_id = f.id WHERE photo_id = ? "
        "ORDER BY f.id");
    while (photos.step()) {
        const std::string path = pathFrom(photos.blob(1)).string();
        std::ostringstream line;
        line << "photo " << path;
        for (int c = 2; c <= 13; ++c)
            line << " | " << photos.text(c);
        lines.push_back(line.str());
        faces.bind(1, photos.int64(0));
        for (int k = 0; faces.step(); ++k) {
            names.face[faces.int64(0)] = path + "#" + std::to_string(k);
            char numbers[128];
            std::snprintf(numbers, sizeof numbers, "%.3f %.3f %.3f %.3f %.5f", faces.real(1),
                          faces.real(2), faces.real(3), faces.real(4), faces.real(5));
            const auto landmarks = faces.blob(6), embedding = faces.blob(7);
            std::ostringstream face;
            face << "  face " << numbers << " landmarks " << std::hex
                 << XXH64(landmarks.data(), landmarks.size(), 0) << " embedding "
                 << XXH64(embedding.data(), embedding.size(), 0) << std::dec << " " << faces.text(8)
                 << " " << faces.int64(9) << (faces.int64(10) ? " dismissed" : "");
            if (const std::string imported = faces.text(11); !imported.empty())
                face << " imported-name " << imported;
            lines.push_back(face.str());
        }
        faces.reset();
    }
    return lines;
}

std::vector<std::string> peopleLines(Database& db, Names& names) {
    // Each person's faces: (name, confidence and confirmation).
    std::map<Id, std::vector<std::pair<std::string, std::string>>> members;
    auto assigned = db.prepare("SELECT face_id, person_id, confidence, confirmed FROM face_person");
    while (assigned.step()) {
        char state[48];
        std::snprintf(state, sizeof state, "%.3f%s", assigned.real(2),
                      assigned.int64(3) ? " confirmed" : "");
        members[assigned.int64(1)].emplace_back(names.face[assigned.int64(0)], state);
    }
    for (auto& [person, faces] : members)
        std::sort(faces.begin(), faces.end());
    std::vector<std::string> lines;
    auto persons = db.prepare("SELECT id, name, locked, hidden, cover_face_id FROM persons");
    while (persons.step()) {
        const Id id = persons.int64(0);
        const auto& faces = members[id];
        names.person[id] = faces.empty() ? "(no faces)" : "[" + faces.front().first + "]";
        std::ostringstream line;
        line << "person " << names.person[id] << " name=" << persons.text(1)
             << (persons.int64(2) ? " locked" : "") << (persons.int64(3) ? " hidden" : "")
             << " cover=" << (persons.int64(4) ? names.face[persons.int64(4)] : "-");
        for (const auto& [face, state] : faces)
            line << "\n  " << face << " " << state;
        lines.push_back(line.str());
    }
    auto pooled = db.prepare("SELECT face_id FROM face_pool");
    while (pooled.step())
        lines.push_back("pooled " + names.face[pooled.int64(0)]);
    auto constraints =
        db.prepare("SELECT kind, face_a, person_a, face_b, person_b FROM constraints");
    auto side = [&](Id face, Id person) {
        return face ? "face " + names.face[face] : "person " + names.person[person];
    };
    while (constraints.step())
        lines.push_back(std::string(constraints.int64(0) ? "cannot-link " : "must-link ") +
                        side(constraints.int64(1), constraints.int64(2)) + " / " +
                        side(constraints.int64(3), constraints.int64(4)));
    std::sort(lines.begin(), lines.end());
    auto decisions = db.prepare("SELECT kind, undone_at FROM decisions ORDER BY id");
    while (decisions.step())
        lines.push_back("decision " + decisions.text(0) + (decisions.int64(1) ? " undone" : ""));
    return lines;
}

}  // namespace

Result<std::vector<std::string>> Library::canonicalDump() {
    return impl_->read<std::vector<std::string>>([&] {
        Names names;
        std::vector<std::string> lines = photoLines(impl_->db, names);
        const std::vector<std::string> people = peopleLines(impl_->db, names);
        lines.insert(lines.end(), people.begin(), people.end());
        return lines;
    });
}

}  // namespace kith::store
