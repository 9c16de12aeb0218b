// Human decisions: each is recorded with what it takes to undo it, and applied at once.
#include <algorithm>
#include <functional>
#include <optional>

#include "clustering.h"
#include "engine_impl.h"
#include "names.h"
#include "placement.h"

namespace kith::people {
namespace {

Error notFound(const std::string& what) {
    return makeError(ErrorCode::NotFound, what);
}

store::Constraint personsApart(Id a, Id b) {
    store::Constraint k;
    k.kind = store::LinkKind::CannotLink;
    k.personA = a;
    k.personB = b;
    return k;
}

// The question an id asks, when its faces and persons still exist.
std::optional<ReviewItem> standingItem(const Model& model, const ReviewId& id) {
    ReviewItem item;
    item.id = id;
    item.kind = id.kind;
    item.person = id.person;
    item.otherPerson = id.otherPerson;
    item.face = id.face;
    if (!model.person(id.person)) return std::nullopt;
    switch (id.kind) {
        case ReviewKind::SamePerson:
            if (id.person == id.otherPerson || !model.person(id.otherPerson) ||
                model.keptApart(id.person, id.otherPerson))
                return std::nullopt;
            return item;
        case ReviewKind::IsThisPerson:
            if (const FaceNode* f = model.face(id.face); !f || f->dismissed) return std::nullopt;
            return item;
        case ReviewKind::WhoIsThis:
        case ReviewKind::TwoPeople:
            return item;
    }
    return std::nullopt;
}

}  // namespace

store::Constraint faceNotPerson(Id face, Id person) {
    store::Constraint k;
    k.kind = store::LinkKind::CannotLink;
    k.faceA = face;
    k.personB = person;
    return k;
}

void dropMustLinks(const Model& model, Id face,
                   const std::function<bool(const FaceNode&)>& separated, Changes& changes) {
    for (const store::Constraint& k : model.constraints()) {
        if (k.kind != store::LinkKind::MustLink || (k.faceA != face && k.faceB != face)) continue;
        const FaceNode* partner = model.face(k.faceA == face ? k.faceB : k.faceA);
        if (partner && separated(*partner)) changes.removedConstraints.push_back(k.id);
    }
}

Status PeopleEngine::confirm(Id face, Id person) {
    return impl_->againOnConflict({face}, [&]() -> Status {
        Impl& s = *impl_;
        Changes changes;
        if (const Status valid = s.confirmChanges(face, person, {face}, changes); !valid.ok())
            return valid;
        const Impl::DecisionRecord record = store::decided::Confirm{face, person};
        return statusOf(s.commit(std::move(changes), &record));
    });
}

Status PeopleEngine::reject(Id face) {
    return impl_->againOnConflict({face}, [&]() -> Status {
        Impl& s = *impl_;
        Changes changes;
        std::map<Id, Id> paired;
        if (const Status valid = s.rejectChanges(face, paired, changes); !valid.ok()) return valid;
        const Impl::DecisionRecord record =
            store::decided::Reject{face, s.model.face(face)->person};
        return statusOf(s.commit(std::move(changes), &record));
    });
}

Status PeopleEngine::merge(Id into, Id from, const std::optional<std::string>& name) {
    return impl_->againOnConflict({}, [&]() -> Status {
        Impl& s = *impl_;
        const store::Person* a = s.model.person(into);
        const store::Person* b = s.model.person(from);
        if (!a || !b) return notFound("no person " + std::to_string(a ? from : into));
        if (into == from)
            return makeError(ErrorCode::InvalidArgument, "a person cannot be merged with itself");
        Changes changes;
        // Both sides stay anchored in the merged person, so no re-cluster pulls them apart again.
        s.anchor(into, changes);
        Changes fromAnchor;
        s.anchor(from, fromAnchor);
        for (const FaceNode* f : s.model.facesOf(from)) {
            const bool anchorFace =
                std::any_of(fromAnchor.assignments.begin(), fromAnchor.assignments.end(),
                            [&](const auto& x) { return x.face == f->id; });
            changes.assignments.push_back(
                {f->id, into, anchorFace ? 1.f : f->confidence, f->confirmed || anchorFace});
        }
        store::Person merged = *a;
        if (name)
            merged.name = trimmed(*name);
        else if (merged.name.empty())
            merged.name = b->name;
        merged.locked = a->locked || b->locked;
        merged.hidden = a->hidden && b->hidden;
        changes.updatedPersons.push_back(merged);
        // What was decided about `from` now holds for `into`, except what the merge overrules:
        // "different" between the two, and "not this person" for faces the merged person now holds
        // (the user took the two persons, faces and all, as one).
        auto holdsFace = [&](Id face) {
            const FaceNode* f = s.model.face(face);
            return f && (f->person == into || f->person == from);
        };
        for (const store::Constraint& k : s.model.constraints()) {
            const bool aboutPair =
                k.personA == from || k.personB == from || k.personA == into || k.personB == into;
            const bool overruled =
                aboutPair && ((k.faceA && holdsFace(k.faceA)) || (k.faceB && holdsFace(k.faceB)));
            if (overruled) {
                changes.removedConstraints.push_back(k.id);
                continue;
            }
            if (k.personA != from && k.personB != from) continue;
            changes.removedConstraints.push_back(k.id);
            store::Constraint moved = k;
            moved.id = 0;
            if (moved.personA == from) moved.personA = into;
            if (moved.personB == from) moved.personB = into;
            if (moved.personA == into && moved.personB == into) continue;  // "different" overruled
            changes.newConstraints.push_back(moved);
        }
        changes.removedPersons.push_back(from);
        const Impl::DecisionRecord record = store::decided::Merge{into, from};
        return statusOf(s.commit(std::move(changes), &record));
    });
}

Status PeopleEngine::different(Id a, Id b) {
    return impl_->againOnConflict({}, [&]() -> Status {
        Impl& s = *impl_;
        if (!s.model.person(a) || !s.model.person(b)) return notFound("no such person");
        if (a == b)
            return makeError(ErrorCode::InvalidArgument, "a person is not different from itself");
        Changes changes;
        // Both are anchored by it (keepAnchored), so that it holds through every re-cluster.
        changes.newConstraints.push_back(personsApart(a, b));
        const Impl::DecisionRecord record = store::decided::Different{a, b};
        return statusOf(s.commit(std::move(changes), &record));
    });
}

Result<Id> PeopleEngine::split(Id person, const std::vector<Id>& faces) {
    return impl_->againOnConflict(faces, [&]() -> Result<Id> {
        Impl& s = *impl_;
        if (!s.model.person(person)) return notFound("no person " + std::to_string(person));
        if (faces.empty())
            return makeError(ErrorCode::InvalidArgument, "split needs at least one face");
        for (Id face : faces)
            if (const FaceNode* f = s.model.face(face); !f || f->person != person)
                return makeError(
                    ErrorCode::InvalidArgument,
                    "face " + std::to_string(face) + " is not in person " + std::to_string(person));
        if (faces.size() == s.model.sizeOf(person))
            return makeError(ErrorCode::InvalidArgument,
                             "splitting every face off leaves nothing to split from");
        Changes changes;
        const Id fresh = changes.addPerson({});
        for (Id face : faces)
            changes.assignments.push_back({face, fresh, 1.f, true});
        // The part left behind keeps an anchor that is not one of the faces taken away.
        const std::set<Id> leaving(faces.begin(), faces.end());
        bool anchored = false;
        for (const FaceNode* f : s.model.facesOf(person))
            anchored = anchored || (f->confirmed && !leaving.count(f->id));
        if (!anchored)
            for (const FaceNode* f : s.model.facesOf(person))
                if (!leaving.count(f->id)) {
                    changes.assignments.push_back({f->id, person, 1.f, true});
                    break;
                }
        changes.newConstraints.push_back(personsApart(person, fresh));
        for (Id face : faces)
            dropMustLinks(
                s.model, face,
                [&](const FaceNode& partner) {
                    return partner.person == person && !leaving.count(partner.id);
                },
                changes);
        // The user looked at the faces and took some out: the ones left are not the new person
        // either, so no re-cluster moves them over.
        for (const FaceNode* f : s.model.facesOf(person))
            if (!leaving.count(f->id))
                changes.newConstraints.push_back(faceNotPerson(f->id, fresh));
        const Impl::DecisionRecord record = store::decided::Split{person, faces};
        auto written = s.commit(std::move(changes), &record);
        if (!written.ok()) return written.error();
        return written.value().at(fresh);
    });
}

Result<Id> PeopleEngine::newPersonFrom(Id face) {
    return impl_->againOnConflict({face}, [&]() -> Result<Id> {
        Impl& s = *impl_;
        const FaceNode* f = s.model.face(face);
        if (!f || f->dismissed) return notFound("no face " + std::to_string(face));
        // A face of a person with others: taken out of it, as a split of that one face.
        if (f->person && s.model.sizeOf(f->person) > 1) return split(f->person, {face});
        if (f->person) return f->person;  // alone in its person already
        Changes changes;
        const Id fresh = changes.addPerson({});
        changes.assignments.push_back({face, fresh, 1.f, true});
        const Impl::DecisionRecord record = store::decided::NewPerson{face};
        auto written = s.commit(std::move(changes), &record);
        if (!written.ok()) return written.error();
        return written.value().at(fresh);
    });
}

Result<std::optional<Id>> PeopleEngine::name(Id person, const std::string& text) {
    return impl_->againOnConflict({}, [&]() -> Result<std::optional<Id>> {
        Impl& s = *impl_;
        const store::Person* p = s.model.person(person);
        if (!p) return notFound("no person " + std::to_string(person));
        const std::string newName = trimmed(text);
        std::optional<Id> namesake;
        for (const auto& [id, other] : s.model.persons())
            if (id != person && !newName.empty() && lower(other.name) == lower(newName))
                namesake = id;
        store::Person renamed = *p;
        renamed.name = newName;
        Changes changes;
        changes.updatedPersons.push_back(renamed);
        const Impl::DecisionRecord record = store::decided::Name{person, newName};
        if (auto written = s.commit(std::move(changes), &record); !written.ok())
            return written.error();
        return namesake;
    });
}

Status PeopleEngine::lock(Id person, bool locked) {
    return impl_->againOnConflict({}, [&]() -> Status {
        return impl_->changePerson(
            person, [&](store::Person& p) { p.locked = locked; },
            store::decided::Lock{person, locked});
    });
}

Status PeopleEngine::setCover(Id person, Id face) {
    return impl_->againOnConflict({face}, [&]() -> Status {
        if (impl_->model.person(person) && personOf(face) != person)
            return makeError(
                ErrorCode::InvalidArgument,
                "face " + std::to_string(face) + " is not in person " + std::to_string(person));
        return impl_->changePerson(
            person, [&](store::Person& p) { p.coverFace = face; },
            store::decided::Cover{person, face});
    });
}

Status PeopleEngine::hide(Id person, bool hidden) {
    return impl_->againOnConflict({}, [&]() -> Status {
        return impl_->changePerson(
            person, [&](store::Person& p) { p.hidden = hidden; },
            store::decided::Hide{person, hidden});
    });
}

Status PeopleEngine::Impl::changePerson(Id person,
                                        const std::function<void(store::Person&)>& change,
                                        const DecisionRecord& record) {
    const store::Person* p = model.person(person);
    if (!p) return notFound("no person " + std::to_string(person));
    store::Person changed = *p;
    change(changed);
    Changes changes;
    changes.updatedPersons.push_back(changed);
    return statusOf(commit(std::move(changes), &record));
}

Status PeopleEngine::notAFace(Id face) {
    return impl_->againOnConflict({face}, [&]() -> Status {
        Impl& s = *impl_;
        const FaceNode* f = s.model.face(face);
        if (!f) return notFound("no face " + std::to_string(face));
        Changes changes;
        changes.unassignments.push_back({face, false});
        changes.dismissals.push_back({face, true});
        const Impl::DecisionRecord record = store::decided::NotAFace{face};
        return statusOf(s.commit(std::move(changes), &record));
    });
}

Result<Answered> PeopleEngine::answer(const ReviewId& item, Answer answer,
                                      const std::optional<std::string>& mergedName) {
    return impl_->againOnConflict({item.face}, [&]() -> Result<Answered> {
        Impl& s = *impl_;
        // Read from the id, not looked up in a fresh review (which takes long in a large library):
        // an answer to a question still about existing faces and persons stands.
        const std::optional<ReviewItem> standing = standingItem(s.model, item);
        if (!standing)
            return makeError(ErrorCode::NotFound,
                             "the question no longer stands (the queue has changed)",
                             item.toString());
        const ReviewItem& it = *standing;
        using Outcome = Answered::Outcome;
        auto done = [](const Status& status, Outcome outcome, Id person = 0) -> Result<Answered> {
            if (!status.ok()) return status.error();
            return Answered{outcome, person};
        };
        if (it.kind == ReviewKind::WhoIsThis && answer != Answer::Skip)
            return makeError(ErrorCode::InvalidArgument,
                             "\"who is this?\" is answered by a name, or skipped, not by yes or no",
                             item.toString());
        if (answer == Answer::Skip) {
            const Impl::DecisionRecord record = store::decided::Skip{item.toString()};
            auto written = s.commit({}, &record);
            if (!written.ok()) return written.error();
            s.skipped.insert(item);
            return Answered{Outcome::Skipped};
        }
        const bool yes = answer == Answer::Yes;
        switch (it.kind) {
            case ReviewKind::SamePerson: {
                if (!yes) return done(different(it.person, it.otherPerson), Outcome::KeptApart);
                // The named (or else larger) person stays.
                Id into = it.person, from = it.otherPerson;
                const store::Person* a = s.model.person(into);
                const store::Person* b = s.model.person(from);
                if ((a->name.empty() && !b->name.empty()) ||
                    (a->name.empty() == b->name.empty() &&
                     s.model.sizeOf(from) > s.model.sizeOf(into)))
                    std::swap(into, from);
                return done(merge(into, from, mergedName), Outcome::Merged, into);
            }
            case ReviewKind::IsThisPerson:
                if (yes) return done(confirm(it.face, it.person), Outcome::Confirmed);
                if (personOf(it.face) == it.person) return done(reject(it.face), Outcome::TakenOut);
                {
                    // A pooled face that is not X: remember it, so it is not asked again.
                    Changes changes;
                    changes.newConstraints.push_back(faceNotPerson(it.face, it.person));
                    const Impl::DecisionRecord record = store::decided::Reject{it.face, it.person};
                    return done(statusOf(s.commit(std::move(changes), &record)),
                                Outcome::NotThisPerson);
                }
            case ReviewKind::TwoPeople: {
                const auto parts =
                    cachedPartsOf(s.model, it.person, s.settings, s.currentSpread(), s.reviewCache);
                if (parts.size() < 2)
                    return makeError(ErrorCode::NotFound,
                                     "the person is no longer made of two groups", item.toString());
                if (yes) {
                    // Every face goes with the part it is nearest to (the parts may be a sample).
                    const auto all = facesNearest(s.model, it.person, parts);
                    auto fresh = split(it.person, all[1]);
                    if (!fresh.ok()) return fresh.error();
                    return Answered{Outcome::SplitOff, fresh.value()};
                }
                // One person after all: a face of each part confirmed in it, so that no re-cluster
                // and no later question takes them apart.
                Changes changes;
                for (const auto& part : parts) {
                    const FaceNode* surest = nullptr;
                    for (Id id : part)
                        if (const FaceNode* f = s.model.face(id);
                            f && (!surest || f->confidence > surest->confidence))
                            surest = f;
                    if (surest && !surest->confirmed)
                        changes.assignments.push_back({surest->id, it.person, 1.f, true});
                }
                const Impl::DecisionRecord record = store::decided::OnePerson{it.person};
                return done(statusOf(s.commit(std::move(changes), &record)), Outcome::KeptAsOne);
            }
            case ReviewKind::WhoIsThis:
                break;
        }
        return makeError(ErrorCode::Internal, "unhandled review item", item.toString());
    });
}

}  // namespace kith::people
