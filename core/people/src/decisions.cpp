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

Status statusOf(const Result<std::map<Id, Id>>& written) {
    if (!written.ok()) return written.error();
    return {};
}

store::Constraint faceNotPerson(Id face, Id person) {
    store::Constraint k;
    k.kind = store::LinkKind::CannotLink;
    k.faceA = face;
    k.personB = person;
    return k;
}

store::Constraint personsApart(Id a, Id b) {
    store::Constraint k;
    k.kind = store::LinkKind::CannotLink;
    k.personA = a;
    k.personB = b;
    return k;
}

// Must-links between `face` and faces a decision now puts in another person than it: the
// later decision overrules them.
void dropMustLinks(const Model& model, Id face,
                   const std::function<bool(const FaceNode&)>& separated, Changes& changes) {
    for (const store::Constraint& k : model.constraints()) {
        if (k.kind != store::LinkKind::MustLink || (k.faceA != face && k.faceB != face)) continue;
        const FaceNode* partner = model.face(k.faceA == face ? k.faceB : k.faceA);
        if (partner && separated(*partner)) changes.removedConstraints.push_back(k.id);
    }
}

// "merge:A:B", "face:F:P", "name:P" or "split:P", when those faces and persons still exist.
std::optional<ReviewItem> parseItem(const Model& model, const std::string& id) {
    std::vector<Id> numbers;
    std::size_t at = id.find(':');
    const std::string kind = id.substr(0, at);
    while (at != std::string::npos) {
        const std::size_t next = id.find(':', at + 1);
        const std::string part =
            id.substr(at + 1, next == std::string::npos ? next : next - at - 1);
        if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos ||
            part.size() > 18)
            return std::nullopt;
        numbers.push_back(std::stoll(part));
        at = next;
    }
    ReviewItem item;
    item.id = id;
    if (kind == "merge" && numbers.size() == 2 && numbers[0] != numbers[1] &&
        model.person(numbers[0]) && model.person(numbers[1]) &&
        !model.keptApart(numbers[0], numbers[1])) {
        item.kind = ReviewItem::Kind::SamePerson;
        item.person = numbers[0];
        item.otherPerson = numbers[1];
        return item;
    }
    const FaceNode* face = numbers.empty() ? nullptr : model.face(numbers[0]);
    if (kind == "face" && numbers.size() == 2 && face && !face->dismissed &&
        model.person(numbers[1])) {
        item.kind = ReviewItem::Kind::IsThisPerson;
        item.face = numbers[0];
        item.person = numbers[1];
        return item;
    }
    if (kind == "name" && numbers.size() == 1 && model.person(numbers[0])) {
        item.kind = ReviewItem::Kind::WhoIsThis;
        item.person = numbers[0];
        return item;
    }
    if (kind == "split" && numbers.size() == 1 && model.person(numbers[0])) {
        item.kind = ReviewItem::Kind::TwoPeople;
        item.person = numbers[0];
        return item;
    }
    return std::nullopt;
}

}  // namespace

Status PeopleEngine::confirm(Id face, Id person) {
    Impl& s = *impl_;
    const FaceNode* f = s.model.face(face);
    if (!f || f->dismissed) return notFound("no face " + std::to_string(face));
    if (!s.model.person(person)) return notFound("no person " + std::to_string(person));
    Changes changes;
    changes.assignments.push_back({face, person, 1.f, true});
    // A confirmation overrides an earlier "not this person" for the same pair.
    for (const store::Constraint& k : s.model.constraints())
        if (k.kind == store::LinkKind::CannotLink && k.faceA == face && k.personB == person)
            changes.removedConstraints.push_back(k.id);
    dropMustLinks(
        s.model, face, [&](const FaceNode& partner) { return partner.person != person; }, changes);
    // Confirmed beside a face of its own photo: the user overrides "two faces of one photo are
    // two people" (a mirror, a photo of a photo), for this pair.
    for (const FaceNode* mate : s.model.photoMates(*f))
        if (mate->person == person && !s.model.mustLink(face, mate->id)) {
            store::Constraint k;
            k.kind = store::LinkKind::MustLink;
            k.faceA = std::min(face, mate->id);
            k.faceB = std::max(face, mate->id);
            changes.newConstraints.push_back(k);
        }
    const Impl::DecisionRecord record{"confirm", {{"face", face}, {"person", person}}};
    return statusOf(s.commit(std::move(changes), &record));
}

Status PeopleEngine::reject(Id face) {
    Impl& s = *impl_;
    const FaceNode* f = s.model.face(face);
    if (!f || !f->person)
        return makeError(ErrorCode::InvalidArgument,
                         "face " + std::to_string(face) + " is in no person");
    const Id person = f->person;
    Changes changes;
    changes.newConstraints.push_back(faceNotPerson(face, person));
    dropMustLinks(
        s.model, face, [&](const FaceNode& partner) { return partner.person == person; }, changes);
    // Placed again at once, among everyone but that person.
    const Placement p = place(s.model, s.index, *f, s.settings, person);
    if (p.person) {
        changes.assignments.push_back({face, p.person, p.confidence, false});
    } else if (p.joinsPooled) {
        const Id fresh = changes.addPerson({});
        changes.assignments.push_back({face, fresh, p.confidence, false});
        changes.assignments.push_back({p.joinsPooled, fresh, p.confidence, false});
    } else {
        changes.unassignments.push_back({face, true});
    }
    const Impl::DecisionRecord record{"reject", {{"face", face}, {"person", person}}};
    return statusOf(s.commit(std::move(changes), &record));
}

Status PeopleEngine::merge(Id into, Id from) {
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
    if (merged.name.empty()) merged.name = b->name;
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
    const Impl::DecisionRecord record{"merge", {{"into", into}, {"from", from}}};
    return statusOf(s.commit(std::move(changes), &record));
}

Status PeopleEngine::different(Id a, Id b) {
    Impl& s = *impl_;
    if (!s.model.person(a) || !s.model.person(b)) return notFound("no such person");
    if (a == b)
        return makeError(ErrorCode::InvalidArgument, "a person is not different from itself");
    Changes changes;
    // Both are anchored by it (keepAnchored), so that it holds through every re-cluster.
    changes.newConstraints.push_back(personsApart(a, b));
    const Impl::DecisionRecord record{"different", {{"a", a}, {"b", b}}};
    return statusOf(s.commit(std::move(changes), &record));
}

Result<Id> PeopleEngine::split(Id person, const std::vector<Id>& faces) {
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
        if (!leaving.count(f->id)) changes.newConstraints.push_back(faceNotPerson(f->id, fresh));
    const Impl::DecisionRecord record{"split", {{"person", person}, {"faces", faces}}};
    auto written = s.commit(std::move(changes), &record);
    if (!written.ok()) return written.error();
    return written.value().at(fresh);
}

Result<Id> PeopleEngine::newPersonFrom(Id face) {
    Impl& s = *impl_;
    const FaceNode* f = s.model.face(face);
    if (!f || f->dismissed) return notFound("no face " + std::to_string(face));
    // A face of a person with others: taken out of it, as a split of that one face.
    if (f->person && s.model.sizeOf(f->person) > 1) return split(f->person, {face});
    if (f->person) return f->person;  // alone in its person already
    Changes changes;
    const Id fresh = changes.addPerson({});
    changes.assignments.push_back({face, fresh, 1.f, true});
    const Impl::DecisionRecord record{"new-person", {{"face", face}}};
    auto written = s.commit(std::move(changes), &record);
    if (!written.ok()) return written.error();
    return written.value().at(fresh);
}

Result<std::string> PeopleEngine::name(Id person, const std::string& text) {
    Impl& s = *impl_;
    const store::Person* p = s.model.person(person);
    if (!p) return notFound("no person " + std::to_string(person));
    const std::string newName = trimmed(text);
    std::string warning;
    for (const auto& [id, other] : s.model.persons())
        if (id != person && !newName.empty() && lower(other.name) == lower(newName))
            warning = "person #" + std::to_string(id) + " is also called " + other.name +
                      "; if they are the same person, merge them";
    store::Person renamed = *p;
    renamed.name = newName;
    Changes changes;
    changes.updatedPersons.push_back(renamed);
    const Impl::DecisionRecord record{"name", {{"person", person}, {"name", newName}}};
    if (auto written = s.commit(std::move(changes), &record); !written.ok()) return written.error();
    return warning;
}

Status PeopleEngine::lock(Id person, bool locked) {
    return impl_->changePerson(person, [&](store::Person& p) { p.locked = locked; },
                               {locked ? "lock" : "unlock", {{"person", person}}});
}

Status PeopleEngine::setCover(Id person, Id face) {
    if (impl_->model.person(person) && personOf(face) != person)
        return makeError(
            ErrorCode::InvalidArgument,
            "face " + std::to_string(face) + " is not in person " + std::to_string(person));
    return impl_->changePerson(person, [&](store::Person& p) { p.coverFace = face; },
                               {"cover", {{"person", person}, {"face", face}}});
}

Status PeopleEngine::hide(Id person, bool hidden) {
    return impl_->changePerson(person, [&](store::Person& p) { p.hidden = hidden; },
                               {hidden ? "hide" : "show", {{"person", person}}});
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
    Impl& s = *impl_;
    const FaceNode* f = s.model.face(face);
    if (!f) return notFound("no face " + std::to_string(face));
    Changes changes;
    changes.unassignments.push_back({face, false});
    changes.dismissals.push_back({face, true});
    const Impl::DecisionRecord record{"not-a-face", {{"face", face}}};
    return statusOf(s.commit(std::move(changes), &record));
}

Result<std::string> PeopleEngine::answer(const std::string& item, Answer answer) {
    Impl& s = *impl_;
    // Read from the id, not looked up in a fresh review (which takes long in a large library):
    // an answer to a question still about existing faces and persons stands.
    const std::optional<ReviewItem> parsed = parseItem(s.model, item);
    if (!parsed)
        return makeError(ErrorCode::NotFound, "no review item " + item +
                                                  " (the queue has changed; see kith-cli review)");
    const ReviewItem* it = &*parsed;
    auto done = [](const Status& status, std::string what) -> Result<std::string> {
        if (!status.ok()) return status.error();
        return what;
    };
    if (it->kind == ReviewItem::Kind::WhoIsThis && answer != Answer::Skip)
        return makeError(ErrorCode::InvalidArgument,
                         "\"who is this?\" is answered by naming the person (kith-cli name " +
                             std::to_string(it->person) + " NAME) or skipped, not by yes or no");
    if (answer == Answer::Skip) {
        const Impl::DecisionRecord record{"skip", {{"item", item}}};
        auto written = s.commit({}, &record);
        if (!written.ok()) return written.error();
        s.skipped.insert(item);
        return std::string("skipped: asked again after everything else");
    }
    const bool yes = answer == Answer::Yes;
    switch (it->kind) {
        case ReviewItem::Kind::SamePerson: {
            if (!yes) return done(different(it->person, it->otherPerson), "kept apart");
            // The named (or else larger) person stays.
            Id into = it->person, from = it->otherPerson;
            const store::Person* a = s.model.person(into);
            const store::Person* b = s.model.person(from);
            if ((a->name.empty() && !b->name.empty()) ||
                (a->name.empty() == b->name.empty() && s.model.sizeOf(from) > s.model.sizeOf(into)))
                std::swap(into, from);
            return done(merge(into, from), "merged into person #" + std::to_string(into));
        }
        case ReviewItem::Kind::IsThisPerson:
            if (yes) return done(confirm(it->face, it->person), "confirmed");
            if (personOf(it->face) == it->person) return done(reject(it->face), "taken out");
            {
                // A pooled face that is not X: remember it, so it is not asked again.
                Changes changes;
                changes.newConstraints.push_back(faceNotPerson(it->face, it->person));
                const Impl::DecisionRecord record{"reject",
                                                  {{"face", it->face}, {"person", it->person}}};
                return done(statusOf(s.commit(std::move(changes), &record)),
                            "noted: not this person");
            }
        case ReviewItem::Kind::TwoPeople: {
            const auto parts =
                cachedPartsOf(s.model, it->person, s.settings, s.currentSpread(), s.reviewCache);
            if (parts.size() < 2)
                return makeError(ErrorCode::NotFound,
                                 "person #" + std::to_string(it->person) +
                                     " is no longer made of two groups (see kith-cli review)");
            if (yes) {
                // Every face goes with the part it is nearest to (the parts may be a sample).
                const auto all = facesNearest(s.model, it->person, parts);
                auto fresh = split(it->person, all[1]);
                if (!fresh.ok()) return fresh.error();
                return "split off into person #" + std::to_string(fresh.value());
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
                    changes.assignments.push_back({surest->id, it->person, 1.f, true});
            }
            const Impl::DecisionRecord record{"one-person", {{"person", it->person}}};
            return done(statusOf(s.commit(std::move(changes), &record)), "kept as one person");
        }
        case ReviewItem::Kind::WhoIsThis:
            break;
    }
    return makeError(ErrorCode::Internal, "unhandled review item " + item);
}

}  // namespace kith::people
