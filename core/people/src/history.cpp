// The history of decisions read back and undone.
#include <algorithm>

#include "engine_impl.h"

namespace kith::people {
namespace {

// What undoing a decision takes, read from its record.
Changes inverseOf(const store::DecisionRecord& record) {
    Changes inverse;
    inverse.restoredPersons = record.persons;
    for (const store::FaceState& f : record.faces) {
        if (f.person)
            inverse.assignments.push_back({f.face, f.person, f.confidence, f.confirmed});
        else
            inverse.unassignments.push_back({f.face, f.pooled});
        inverse.dismissals.push_back({f.face, f.dismissed});
    }
    inverse.restoredConstraints = record.constraints;
    inverse.removedConstraints = record.createdConstraints;
    inverse.removedPersons = record.createdPersons;
    return inverse;
}

// Leaves out of an undo what refers to faces that are gone, or to persons that are gone and not
// put back; a cover that is gone is no cover. Returns how many changes were left out.
std::size_t keepWhatExists(const Model& model, Changes& inverse) {
    std::set<Id> persons;
    for (const auto& [id, p] : model.persons())
        persons.insert(id);
    for (store::Person& p : inverse.restoredPersons) {
        persons.insert(p.id);
        if (p.coverFace && !model.face(p.coverFace)) p.coverFace = 0;
    }
    for (Id id : inverse.removedPersons)
        persons.erase(id);
    auto faceGone = [&](Id face) { return face && !model.face(face); };
    auto personGone = [&](Id person) { return person && !persons.count(person); };
    std::set<Id> facesLeftOut;
    auto leaveOut = [&](Id face, bool gone) {
        if (gone) facesLeftOut.insert(face);
        return gone;
    };
    std::erase_if(inverse.assignments, [&](const Changes::Assign& a) {
        return leaveOut(a.face, faceGone(a.face) || personGone(a.person));
    });
    std::erase_if(inverse.unassignments,
                  [&](const auto& u) { return leaveOut(u.face, faceGone(u.face)); });
    std::erase_if(inverse.dismissals,
                  [&](const auto& d) { return leaveOut(d.face, faceGone(d.face)); });
    std::size_t lost = facesLeftOut.size();
    lost += std::erase_if(inverse.restoredConstraints, [&](const store::Constraint& k) {
        return faceGone(k.faceA) || faceGone(k.faceB) || personGone(k.personA) ||
               personGone(k.personB);
    });
    std::erase_if(inverse.removedPersons, [&](Id id) { return !model.person(id); });
    return lost;
}

}  // namespace

Result<Undone> PeopleEngine::undo() {
    return impl_->againOnConflict({}, [&]() -> Result<Undone> { return impl_->undoBackTo(0); });
}

Result<Undone> PeopleEngine::undoThrough(Id decision) {
    return impl_->againOnConflict({}, [&]() -> Result<Undone> {
        if (decision <= 0)
            return makeError(ErrorCode::NotFound, "no decision " + std::to_string(decision));
        return impl_->undoBackTo(decision);
    });
}

Result<Undone> PeopleEngine::Impl::undoBackTo(Id through) {
    auto decisions = library.decisions();
    if (!decisions.ok()) return decisions.error();
    // In force, latest first, down to `through` (or the latest alone).
    std::vector<const store::Decision*> undoing;
    for (auto it = decisions.value().rbegin(); it != decisions.value().rend(); ++it) {
        if (it->undoneAt) continue;
        undoing.push_back(&*it);
        if (!through || it->id == through) break;
    }
    if (through && (undoing.empty() || undoing.back()->id != through))
        return makeError(ErrorCode::NotFound,
                         "no decision " + std::to_string(through) + " in force to undo");
    if (undoing.empty()) return makeError(ErrorCode::InvalidArgument, "there is nothing to undo");
    Undone undone;
    // Each inverse is worked out on the model as the later undos left it, so the model takes
    // each one in turn; it is read again afterwards whether or not the write held.
    const Status written =
        library.writeUnlessFacesDeleted(faceDeletionsSeen, [&](store::Library::Writer& w) {
            for (const store::Decision* d : undoing) {
                w.setDecisionUndone(d->id, true);
                undone.decisions.push_back(*d);
                // A damaged row must not stop every older decision from being undone: it is set
                // aside.
                if (!d->record.ok()) {
                    ++undone.damaged;
                    continue;
                }
                Changes inverse = inverseOf(d->record.value());
                // What it touched may be gone since (a photo deleted, a person tidied away): what
                // still exists is put back, the rest is counted.
                undone.notPutBack += keepWhatExists(model, inverse);
                writeRows(w, inverse, 0);
                model.apply(inverse);
            }
        });
    // Faces the undone decisions had created persons for, and automatic steps since, are
    // simplest to see again from the library.
    const Status loaded = reload();
    if (!written.ok()) return written.error();
    if (!loaded.ok()) return loaded.error();
    return undone;
}

}  // namespace kith::people
