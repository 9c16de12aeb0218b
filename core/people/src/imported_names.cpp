// Names the photos' XMP gave faces (another app's, or an earlier Kith's), taken in as if a person
// had confirmed them: they seed persons, and everything after grows around them.
#include <algorithm>
#include <set>

#include "engine_impl.h"
#include "names.h"

namespace kith::people {

Status PeopleEngine::Impl::takeInImportedNames() {
    auto imported = library.pendingImports();
    if (!imported.ok()) return imported.error();
    if (imported.value().empty()) return {};

    Changes changes;
    std::map<std::string, Id> personNamed;  // by lower-case name; the oldest person first
    for (const auto& [id, person] : model.persons())
        if (!person.name.empty()) personNamed.emplace(lower(person.name), id);
    std::set<Id> renamed;                                    // unnamed persons this import names
    std::map<std::pair<Id, Id>, std::vector<Id>> namedHere;  // (photo, person) -> faces named
    std::size_t taken = 0;
    for (const auto& [faceId, rawName] : imported.value()) {
        const FaceNode* face = model.face(faceId);
        const std::string name = trimmed(rawName);
        if (!face || face->dismissed || name.empty()) continue;
        const store::Person* own = model.person(face->person);
        // What a person decided in Kith stands: a face they confirmed keeps its person.
        if (face->confirmed && own) continue;
        Id target = 0;
        if (const auto known = personNamed.find(lower(name)); known != personNamed.end()) {
            target = known->second;
        } else if (own && own->name.empty() && !renamed.count(own->id)) {
            // The person the face was grouped into takes its name: the faces like it with it.
            store::Person named = *own;
            named.name = name;
            changes.updatedPersons.push_back(named);
            renamed.insert(own->id);
            target = own->id;
        } else {
            store::Person fresh;
            fresh.name = name;
            target = changes.addPerson(fresh);
        }
        personNamed.emplace(lower(name), target);
        // Two faces of one photo are two people unless a person says otherwise, and a photo's
        // XMP naming two of its faces alike says so (a mirror, a photo of a photo; Kith's own
        // export of two faces confirmed alike): the two are linked. A face the engine merely
        // grouped into that person makes way for the named one.
        for (const FaceNode* mate : model.photoMates(*face)) {
            const auto& alike = namedHere[{face->photo, target}];
            const bool namedAlike = std::find(alike.begin(), alike.end(), mate->id) != alike.end();
            if (namedAlike || (mate->person == target && mate->confirmed)) {
                store::Constraint link;
                link.kind = store::LinkKind::MustLink;
                link.faceA = std::min(faceId, mate->id);
                link.faceB = std::max(faceId, mate->id);
                if (!model.mustLink(link.faceA, link.faceB)) changes.newConstraints.push_back(link);
            } else if (mate->person == target) {
                changes.unassignments.push_back({mate->id, true});
            }
        }
        namedHere[{face->photo, target}].push_back(faceId);
        std::erase_if(changes.unassignments, [&](const auto& u) { return u.face == faceId; });
        changes.assignments.push_back({faceId, target, 1.f, true});
        ++taken;
    }
    // Every pending name is taken in now, applied or not; an undo of the import does not bring
    // them back.
    auto markTaken = [&](store::Library::Writer& w) {
        for (const auto& [faceId, name] : imported.value())
            w.markImportTaken(faceId);
    };
    if (changes.empty()) return library.writeUnlessFacesDeleted(faceDeletionsSeen, markTaken);
    const DecisionRecord record = store::decided::ImportNames{static_cast<std::int64_t>(taken)};
    auto written = commit(std::move(changes), &record, false, markTaken);
    if (!written.ok()) return written.error();
    return {};
}

}  // namespace kith::people
