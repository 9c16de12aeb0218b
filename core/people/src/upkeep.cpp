// Upkeep of the people tables: what keeps every human decision standing whatever happens to the
// faces it was stated on (a photo deleted, a face taken out), and what tidies up after automatic
// steps.
#include <algorithm>
#include <unordered_map>

#include "engine_impl.h"

namespace kith::people {
namespace {

// Where `changes` leave a face, for the faces they touch: in the order commit() writes them.
struct FaceAfter {
    Id person = 0;
    float confidence = 0;
    bool confirmed = false;
};

std::unordered_map<Id, FaceAfter> facesAfter(const Changes& changes) {
    std::unordered_map<Id, FaceAfter> after;
    for (const auto& a : changes.assignments)
        after[a.face] = {a.person, a.confidence, a.confirmed};
    for (const auto& u : changes.unassignments)
        after[u.face] = {};
    for (const auto& d : changes.dismissals)
        if (d.dismissed) after[d.face] = {};
    return after;
}

}  // namespace

Changes PeopleEngine::Impl::housekeeping() const {
    Changes changes;
    std::set<Id> constrained;
    for (const store::Constraint& k : model.constraints())
        constrained.insert(k.personA), constrained.insert(k.personB);
    for (const auto& [id, p] : model.persons())
        if (p.name.empty() && !p.locked && !p.hidden && !constrained.count(id) &&
            model.sizeOf(id) == 0)
            changes.removedPersons.push_back(id);
    return changes;
}

Status PeopleEngine::Impl::commitUpkeep(Changes changes,
                                        const std::function<void(store::Library::Writer&)>& extra) {
    if (changes.empty() && !extra) return {};
    auto written = commit(std::move(changes), nullptr, false, extra);
    return written.ok() ? Status{} : Status{written.error()};
}

Status PeopleEngine::Impl::tidy() {
    return commitUpkeep(housekeeping());
}

void PeopleEngine::Impl::anchor(Id person, Changes& changes, Id except) const {
    for (const FaceNode* f : model.facesOf(person))
        if (f->confirmed) return;  // anchored already
    Id cover = model.coverOf(person);
    if (cover == except) {
        cover = 0;
        for (const FaceNode* f : model.facesOf(person))
            if (f->id != except) {
                cover = f->id;
                break;
            }
    }
    if (cover) changes.assignments.push_back({cover, person, 1.f, true});
}

void PeopleEngine::Impl::keepAnchored(Changes& changes, bool everyone) const {
    const auto after = facesAfter(changes);
    // What the persons will be: rows as changed, and who is kept apart from whom.
    std::map<Id, store::Person> rows;
    for (const auto& p : changes.newPersons)
        rows[p.id] = p;
    for (const auto& p : changes.updatedPersons)
        rows[p.id] = p;
    std::set<Id> apart;
    for (const auto& k : changes.newConstraints)
        if (k.kind == store::LinkKind::CannotLink && k.personA && k.personB)
            apart.insert(k.personA), apart.insert(k.personB);
    const std::set<Id> removed(changes.removedPersons.begin(), changes.removedPersons.end());
    auto decided = [&](Id id) {
        const auto row = rows.find(id);
        return apart.count(id) > 0 ||
               (row == rows.end() ? model.decidedAbout(id) : model.decidedAbout(row->second));
    };

    std::set<Id> persons;
    if (everyone) {
        for (const auto& [id, p] : model.persons())
            persons.insert(id);
    } else {
        for (const auto& [face, state] : after) {
            if (const FaceNode* f = model.face(face)) persons.insert(f->person);
            persons.insert(state.person);
        }
        for (const auto& [id, row] : rows)
            persons.insert(id);
        persons.insert(apart.begin(), apart.end());
    }
    // Faces going into each person from elsewhere.
    std::map<Id, std::vector<Id>> arriving;
    for (const auto& [face, state] : after)
        if (const FaceNode* f = model.face(face); state.person && (!f || f->person != state.person))
            arriving[state.person].push_back(face);

    for (Id person : persons) {
        if (!person || removed.count(person) || !decided(person)) continue;
        const auto row = rows.find(person);
        const store::Person* current = model.person(person);
        const bool locked = row != rows.end() ? row->second.locked : current && current->locked;
        if (locked) continue;  // every face of a locked person is pinned
        // The faces it keeps and gains, as the changes leave them; the surest one stands for it.
        Id surest = 0;
        std::pair<float, Id> best{-1.f, 0};
        bool anchored = false;
        auto consider = [&](Id face, float confidence, bool confirmed) {
            anchored = anchored || confirmed;
            // The cover the person has now comes first; then the surest, the first face on ties.
            const float rank = current && current->coverFace == face ? 2.f : confidence;
            if (rank > best.first || (rank == best.first && face < best.second)) {
                best = {rank, face};
                surest = face;
            }
        };
        for (const FaceNode* f : model.facesOf(person)) {
            const auto changed = after.find(f->id);
            if (changed == after.end())
                consider(f->id, f->confidence, f->confirmed);
            else if (changed->second.person == person)
                consider(f->id, changed->second.confidence, changed->second.confirmed);
        }
        for (Id face : arriving[person]) {
            const FaceAfter& state = after.at(face);
            consider(face, state.confidence, state.confirmed);
        }
        if (anchored || !surest) continue;
        auto assigned = std::find_if(changes.assignments.begin(), changes.assignments.end(),
                                     [&](const Changes::Assign& a) { return a.face == surest; });
        if (assigned != changes.assignments.end())
            assigned->confirmed = true, assigned->confidence = 1.f;
        else
            changes.assignments.push_back({surest, person, 1.f, true});
    }
}

Status PeopleEngine::Impl::anchorDecidedPersons() {
    Changes changes;
    keepAnchored(changes, true);
    return commitUpkeep(std::move(changes));
}

Status PeopleEngine::Impl::recallFaces() {
    auto recalled = library.recollections();
    if (!recalled.ok()) return recalled.error();
    if (recalled.value().empty()) return {};
    Changes changes;
    std::vector<Id> taken;
    for (const store::Library::Recollection& r : recalled.value()) {
        const FaceNode* face = model.face(r.face);
        if (!face || face->seen()) continue;
        taken.push_back(r.memory);
        if (r.dismissed)
            changes.dismissals.push_back({r.face, true});
        else if (model.person(r.person))
            changes.assignments.push_back({r.face, r.person, 1.f, true});
    }
    if (taken.empty()) return {};
    return commitUpkeep(std::move(changes),
                        [&](store::Library::Writer& w) { w.forgetMemories(taken); });
}

Status PeopleEngine::Impl::checkAnchors() {
    if (anchorsChecked) return {};
    if (const Status anchored = anchorDecidedPersons(); !anchored.ok()) return anchored;
    anchorsChecked = true;
    return {};
}

}  // namespace kith::people
