// The people engine's picture of the library: every face with its embedding and its person,
// the persons, and the constraints, with the lookups the algorithms need.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "changes.h"
#include "kith/common/result.h"
#include "kith/store.h"

namespace kith::people {

struct FaceNode {
    Id id = 0;
    Id photo = 0;
    std::array<float, store::kEmbeddingSize> embedding{};
    Id person = 0;  // 0: unassigned
    float confidence = 0;
    bool confirmed = false;
    bool pooled = false;     // seen by the engine and left unassigned
    bool dismissed = false;  // "not a face"
    // Too small for its embedding to be trusted (kTrustedFaceSide): weak evidence, placed only
    // where its neighbours agree, and never support for another face.
    bool weak = false;
    bool seen() const { return person != 0 || pooled || dismissed; }
};

/// Thread-safety: one owner.
class Model {
  public:
    /// Reads faces, persons, assignments and constraints from the library.
    static Result<Model> load(store::Library& library);
    /// Reads the faces added to the library since (ids past the last face known), not yet seen
    /// by the engine. Only right while no face was deleted since. Returns how many.
    Result<std::size_t> loadNewFaces(store::Library& library);

    const std::vector<FaceNode>& faces() const { return faces_; }
    const FaceNode* face(Id id) const;
    const std::map<Id, store::Person>& persons() const { return persons_; }
    const store::Person* person(Id id) const;
    const std::vector<store::Constraint>& constraints() const { return constraints_; }

    /// Faces of a person, in id order.
    std::vector<const FaceNode*> facesOf(Id person) const;
    std::size_t sizeOf(Id person) const;
    /// The other faces of the photo a face is in.
    std::vector<const FaceNode*> photoMates(const FaceNode& face) const;

    /// The person a face is pinned to (confirmed, or a member of a locked person), else 0.
    Id pinnedPerson(const FaceNode& face) const;
    /// Persons a face may not join: the ones it was rejected from.
    bool rejectedFrom(Id face, Id person) const;
    /// Two persons a human said are different (or split apart).
    bool keptApart(Id a, Id b) const;
    /// A person a human decided something about as a whole: named, locked, hidden, or kept apart
    /// from another. Automatic steps never empty it, merge it, or move faces between two of them.
    bool decidedAbout(Id person) const;
    /// The same for a person's row as it is about to be (a decision changing it).
    bool decidedAbout(const store::Person& person) const;
    bool keptApartFromAnyone(Id person) const { return keptApart_.count(person) > 0; }
    /// Two faces a human said are the same person (overriding "two faces of one photo").
    bool mustLink(Id faceA, Id faceB) const;
    /// Two faces a human said are different people.
    bool cannotLink(Id faceA, Id faceB) const;
    /// Whether a face may join a person at all: not rejected from it, and no other face of its
    /// photo in it (unless a human linked the two).
    bool mayJoin(const FaceNode& face, Id person) const;

    /// The face that stands for a person: its chosen cover, else its confirmed face with the best
    /// confidence, else its face with the best confidence. 0 for an empty person.
    Id coverOf(Id person) const;

    /// Applies changes (already written, or about to be).
    void apply(const Changes& changes);
    /// Gives persons known by temporary ids their real ones.
    void renamePersons(const std::map<Id, Id>& realIds);

  private:
    void indexConstraints();
    void indexMembers();
    void moveFace(FaceNode& face, Id person);  // keeps members_ in step
    FaceNode* mutableFace(Id id);

    std::vector<FaceNode> faces_;  // by id
    std::unordered_map<Id, std::size_t> faceAt_;
    std::unordered_map<Id, std::vector<Id>> facesOfPhoto_;
    std::map<Id, store::Person> persons_;
    std::vector<store::Constraint> constraints_;
    std::set<std::pair<Id, Id>> rejected_;             // (face, person)
    std::set<std::pair<Id, Id>> apart_;                // (person, person), smaller first
    std::set<Id> keptApart_;                           // every person in apart_
    std::set<std::pair<Id, Id>> mustFaces_;            // (face, face), smaller first
    std::set<std::pair<Id, Id>> cannotFaces_;          // (face, face), smaller first
    std::unordered_map<Id, std::vector<Id>> members_;  // person -> faces, sorted
};

}  // namespace kith::people
