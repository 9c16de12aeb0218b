#include "model.h"

#include <algorithm>
#include <cmath>

#include "kith/people.h"

namespace kith::people {
namespace {

std::pair<Id, Id> ordered(Id a, Id b) {
    return a < b ? std::pair{a, b} : std::pair{b, a};
}

}  // namespace

Result<Model> Model::load(store::Library& library) {
    Model m;
    // Every face is new to an empty model.
    if (const auto read = m.loadNewFaces(library); !read.ok()) return read.error();
    auto assignments = library.assignments();
    if (!assignments.ok()) return assignments.error();
    auto pooled = library.pooledFaces();
    if (!pooled.ok()) return pooled.error();
    auto persons = library.persons();
    if (!persons.ok()) return persons.error();
    auto constraints = library.constraints();
    if (!constraints.ok()) return constraints.error();

    m.faces_.shrink_to_fit();
    for (const store::Assignment& a : assignments.value())
        if (FaceNode* f = m.mutableFace(a.face)) {
            f->person = a.person;
            f->confidence = a.confidence;
            f->confirmed = a.confirmed;
        }
    for (Id id : pooled.value())
        if (FaceNode* f = m.mutableFace(id)) f->pooled = true;
    for (const store::Person& p : persons.value())
        m.persons_[p.id] = p;
    m.constraints_ = std::move(constraints.value());
    m.indexConstraints();
    m.indexMembers();
    return m;
}

Result<std::size_t> Model::loadNewFaces(store::Library& library) {
    const Id last = faces_.empty() ? 0 : faces_.back().id;
    const std::size_t before = faces_.size();
    const Status read = library.forEachEmbedding(
        [&](const store::Library::EmbeddingRow& row) {
            FaceNode node;
            node.id = row.face;
            node.photo = row.photo;
            node.dismissed = row.dismissed;
            node.weak = row.side > 0 && row.side < kTrustedFaceSide;
            std::copy(row.embedding.begin(), row.embedding.end(), node.embedding.begin());
            faceAt_[row.face] = faces_.size();
            facesOfPhoto_[row.photo].push_back(row.face);
            faces_.push_back(node);
        },
        last);
    if (!read.ok()) return read.error();
    return faces_.size() - before;
}

void Model::indexMembers() {
    members_.clear();
    for (const FaceNode& f : faces_)
        if (f.person) members_[f.person].push_back(f.id);  // faces_ is in id order
}

void Model::moveFace(FaceNode& f, Id person) {
    if (f.person == person) return;
    if (f.person) {
        auto& old = members_[f.person];
        old.erase(std::lower_bound(old.begin(), old.end(), f.id));
    }
    if (person) {
        auto& now = members_[person];
        now.insert(std::lower_bound(now.begin(), now.end(), f.id), f.id);
    }
    f.person = person;
}

void Model::indexConstraints() {
    rejected_.clear();
    apart_.clear();
    keptApart_.clear();
    mustFaces_.clear();
    cannotFaces_.clear();
    for (const store::Constraint& c : constraints_) {
        const bool cannot = c.kind == store::LinkKind::CannotLink;
        if (c.faceA && c.faceB)
            (cannot ? cannotFaces_ : mustFaces_).insert(ordered(c.faceA, c.faceB));
        if (cannot && c.faceA && c.personB) rejected_.insert({c.faceA, c.personB});
        if (cannot && c.faceB && c.personA) rejected_.insert({c.faceB, c.personA});
        if (cannot && c.personA && c.personB) {
            apart_.insert(ordered(c.personA, c.personB));
            keptApart_.insert(c.personA);
            keptApart_.insert(c.personB);
        }
    }
}

const FaceNode* Model::face(Id id) const {
    const auto it = faceAt_.find(id);
    return it == faceAt_.end() ? nullptr : &faces_[it->second];
}

FaceNode* Model::mutableFace(Id id) {
    const auto it = faceAt_.find(id);
    return it == faceAt_.end() ? nullptr : &faces_[it->second];
}

const store::Person* Model::person(Id id) const {
    const auto it = persons_.find(id);
    return it == persons_.end() ? nullptr : &it->second;
}

std::vector<const FaceNode*> Model::facesOf(Id person) const {
    std::vector<const FaceNode*> result;
    const auto it = members_.find(person);
    if (it == members_.end()) return result;
    for (Id id : it->second)
        result.push_back(face(id));
    return result;
}

std::size_t Model::sizeOf(Id person) const {
    const auto it = members_.find(person);
    return it == members_.end() ? 0 : it->second.size();
}

std::vector<const FaceNode*> Model::photoMates(const FaceNode& f) const {
    std::vector<const FaceNode*> mates;
    const auto it = facesOfPhoto_.find(f.photo);
    if (it == facesOfPhoto_.end()) return mates;
    for (Id id : it->second)
        if (id != f.id)
            if (const FaceNode* m = face(id)) mates.push_back(m);
    return mates;
}

Id Model::pinnedPerson(const FaceNode& f) const {
    if (!f.person) return 0;
    if (f.confirmed) return f.person;
    const store::Person* p = person(f.person);
    return p && p->locked ? f.person : 0;
}

bool Model::rejectedFrom(Id face, Id person) const {
    return rejected_.count({face, person}) > 0;
}
bool Model::keptApart(Id a, Id b) const {
    return apart_.count(ordered(a, b)) > 0;
}
bool Model::decidedAbout(Id id) const {
    const store::Person* p = person(id);
    return p && decidedAbout(*p);
}
bool Model::decidedAbout(const store::Person& p) const {
    return !p.name.empty() || p.locked || p.hidden || keptApartFromAnyone(p.id);
}
bool Model::mustLink(Id a, Id b) const {
    return mustFaces_.count(ordered(a, b)) > 0;
}
bool Model::cannotLink(Id a, Id b) const {
    return cannotFaces_.count(ordered(a, b)) > 0;
}

bool Model::mayJoin(const FaceNode& f, Id person) const {
    if (rejectedFrom(f.id, person)) return false;
    for (const FaceNode* mate : photoMates(f))
        if (mate->person == person && !mustLink(f.id, mate->id)) return false;
    return true;
}

Id Model::coverOf(Id id) const {
    const store::Person* p = person(id);
    const auto members = facesOf(id);
    if (!p || members.empty()) return 0;
    if (p->coverFace && std::any_of(members.begin(), members.end(),
                                    [&](const FaceNode* f) { return f->id == p->coverFace; }))
        return p->coverFace;
    // Else the surest face: confirmed ones first, then by confidence, the first face on ties.
    // Library::personCards picks covers by the same rule, without the engine.
    const FaceNode* best = nullptr;
    for (const FaceNode* f : members)
        if (!best ||
            std::pair(f->confirmed, f->confidence) > std::pair(best->confirmed, best->confidence))
            best = f;
    return best->id;
}

void Model::apply(const Changes& c) {
    for (const auto& p : c.newPersons)
        persons_[p.id] = p;
    for (const auto& p : c.updatedPersons)
        persons_[p.id] = p;
    for (const auto& p : c.restoredPersons)
        persons_[p.id] = p;
    for (const auto& a : c.assignments)
        if (FaceNode* f = mutableFace(a.face)) {
            moveFace(*f, a.person);
            f->confidence = a.confidence;
            f->confirmed = a.confirmed;
            f->pooled = false;
        }
    for (const auto& u : c.unassignments)
        if (FaceNode* f = mutableFace(u.face)) {
            moveFace(*f, 0);
            f->confidence = 0;
            f->confirmed = false;
            f->pooled = u.pooled;
        }
    for (const auto& d : c.dismissals)
        if (FaceNode* f = mutableFace(d.face)) f->dismissed = d.dismissed;
    const bool constraintsChange = !c.newConstraints.empty() || !c.restoredConstraints.empty() ||
                                   !c.removedConstraints.empty() || !c.removedPersons.empty();
    for (Id id : c.removedPersons) {
        persons_.erase(id);
        // The library drops the person's assignments with it.
        const auto it = members_.find(id);
        if (it != members_.end()) {
            for (Id face : std::vector<Id>(it->second))
                if (FaceNode* f = mutableFace(face))
                    moveFace(*f, 0), f->confirmed = false, f->confidence = 0;
            members_.erase(id);
        }
        std::erase_if(constraints_,
                      [&](const auto& k) { return k.personA == id || k.personB == id; });
    }
    for (Id id : c.removedConstraints)
        std::erase_if(constraints_, [&](const auto& k) { return k.id == id; });
    constraints_.insert(constraints_.end(), c.newConstraints.begin(), c.newConstraints.end());
    constraints_.insert(constraints_.end(), c.restoredConstraints.begin(),
                        c.restoredConstraints.end());
    if (constraintsChange) indexConstraints();
}

void Model::renamePersons(const std::map<Id, Id>& realIds) {
    if (realIds.empty()) return;
    auto real = [&](Id id) {
        const auto it = realIds.find(id);
        return it == realIds.end() ? id : it->second;
    };
    std::map<Id, store::Person> renamed;
    for (auto& [id, p] : persons_) {
        p.id = real(id);
        renamed[p.id] = p;
    }
    persons_ = std::move(renamed);
    for (FaceNode& f : faces_)
        f.person = real(f.person);
    for (store::Constraint& c : constraints_)
        c.personA = real(c.personA), c.personB = real(c.personB);
    indexConstraints();
    indexMembers();
}

}  // namespace kith::people
