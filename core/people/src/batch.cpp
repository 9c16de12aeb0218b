// Decisions about faces one at a time or several at once: a batch is one transaction and one
// entry of the history, so that one undo takes all of it back.
#include <algorithm>

#include "engine_impl.h"
#include "placement.h"

namespace kith::people {
Status PeopleEngine::Impl::confirmChanges(Id face, Id person, const std::set<Id>& moving,
                                          Changes& changes) const {
    const FaceNode* f = model.face(face);
    if (!f || f->dismissed)
        return makeError(ErrorCode::NotFound, "no face " + std::to_string(face));
    if (!model.person(person))
        return makeError(ErrorCode::NotFound, "no person " + std::to_string(person));
    changes.assignments.push_back({face, person, 1.f, true});
    // A confirmation overrides an earlier "not this person" for the same pair.
    for (const store::Constraint& k : model.constraints())
        if (k.kind == store::LinkKind::CannotLink && k.faceA == face && k.personB == person)
            changes.removedConstraints.push_back(k.id);
    auto endsIn = [&](const FaceNode& other) {
        return other.person == person || moving.count(other.id) > 0;
    };
    dropMustLinks(
        model, face, [&](const FaceNode& partner) { return !endsIn(partner); }, changes);
    // Confirmed beside a face of its own photo: the user overrides "two faces of one photo are
    // two people" (a mirror, a photo of a photo), for this pair. A pair both moved is linked
    // once, by its smaller face.
    for (const FaceNode* mate : model.photoMates(*f)) {
        if (!endsIn(*mate) || model.mustLink(face, mate->id)) continue;
        if (moving.count(mate->id) && mate->id < face) continue;
        store::Constraint k;
        k.kind = store::LinkKind::MustLink;
        k.faceA = std::min(face, mate->id);
        k.faceB = std::max(face, mate->id);
        changes.newConstraints.push_back(k);
    }
    return {};
}

Status PeopleEngine::Impl::rejectChanges(Id face, std::map<Id, Id>& paired,
                                         Changes& changes) const {
    const FaceNode* f = model.face(face);
    if (!f || !f->person)
        return makeError(ErrorCode::InvalidArgument,
                         "face " + std::to_string(face) + " is in no person");
    const Id person = f->person;
    changes.newConstraints.push_back(faceNotPerson(face, person));
    dropMustLinks(
        model, face, [&](const FaceNode& partner) { return partner.person == person; }, changes);
    // Placed again at once, among everyone but that person.
    const Placement p = place(model, index, *f, settings, person);
    if (p.person) {
        changes.assignments.push_back({face, p.person, p.confidence, false});
    } else if (p.joinsPooled) {
        auto [it, fresh] = paired.try_emplace(p.joinsPooled, 0);
        if (fresh) {
            it->second = changes.addPerson({});
            changes.assignments.push_back({p.joinsPooled, it->second, p.confidence, false});
        }
        changes.assignments.push_back({face, it->second, p.confidence, false});
    } else {
        changes.unassignments.push_back({face, true});
    }
    return {};
}

Status PeopleEngine::rejectFaces(const std::vector<Id>& faces) {
    return impl_->againOnConflict(faces, [&]() -> Status {
        Impl& s = *impl_;
        const std::set<Id> unique(faces.begin(), faces.end());
        store::decided::RejectFaces record;
        Changes changes;
        std::map<Id, Id> paired;
        for (Id face : unique) {
            const FaceNode* f = s.model.face(face);
            record.faces.push_back(face);
            record.persons.push_back(f ? f->person : 0);
            if (const Status valid = s.rejectChanges(face, paired, changes); !valid.ok())
                return valid;
        }
        if (unique.empty()) return makeError(ErrorCode::InvalidArgument, "no faces to take out");
        const Impl::DecisionRecord decision = std::move(record);
        return statusOf(s.commit(std::move(changes), &decision));
    });
}

Status PeopleEngine::moveFaces(const std::vector<Id>& faces, Id person) {
    return impl_->againOnConflict(faces, [&]() -> Status {
        Impl& s = *impl_;
        const std::set<Id> moving(faces.begin(), faces.end());
        if (moving.empty()) return makeError(ErrorCode::InvalidArgument, "no faces to move");
        Changes changes;
        for (Id face : moving)
            if (const Status valid = s.confirmChanges(face, person, moving, changes); !valid.ok())
                return valid;
        // Two faces of the batch may each drop the same must-link.
        std::sort(changes.removedConstraints.begin(), changes.removedConstraints.end());
        changes.removedConstraints.erase(
            std::unique(changes.removedConstraints.begin(), changes.removedConstraints.end()),
            changes.removedConstraints.end());
        const Impl::DecisionRecord decision =
            store::decided::MoveFaces{std::vector<Id>(moving.begin(), moving.end()), person};
        return statusOf(s.commit(std::move(changes), &decision));
    });
}

}  // namespace kith::people
