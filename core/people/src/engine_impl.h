// The engine's state and the steps its public methods are made of.
#pragma once

#include <functional>
#include <map>
#include <set>

#include "changes.h"
#include "face_index.h"
#include "kith/people.h"
#include "model.h"
#include "placement.h"
#include "review.h"

namespace kith::people {

struct PeopleEngine::Impl {
    store::Library& library;
    Settings settings;
    Model model;
    FaceIndex index;
    std::set<ReviewId> skipped;       // review items skipped, by decisions in force
    mutable ReviewCache reviewCache;  // kept between reviews
    PeopleChanges untaken;            // what the writes changed since takeChanges()

    Impl(store::Library& l, Settings s) : library(l), settings(s) {}

    std::int64_t faceDeletionsSeen = -1;  // the library's count when the model was read
    // Faces [0, placedUpTo) of the model are all seen: an update placed them (or the model was
    // read with them seen). Spares walking every face to find the new ones.
    std::size_t placedUpTo = 0;
    // Whether every decided person has been checked for an anchor since the model was read
    // (faces may have been deleted since the last check; see anchorDecidedPersons()).
    bool anchorsChecked = false;

    /// Reads the model again and indexes every face the engine has seen.
    Status reload();
    /// Runs `step`, a decision or an automatic step worked out on the model, and once more on
    /// the library as it is now when a write of it found faces deleted meanwhile (Conflict: a
    /// scan on another connection analysed a photo again, or removed one). `named`: the faces
    /// the caller's decision is about; when one of them is gone, or another face took its id,
    /// the decision is not made again but refused (NotFound): it was about a face that is no
    /// longer there.
    template <typename Step>
    auto againOnConflict(const std::vector<Id>& named, Step&& step) -> decltype(step());
    /// Rebuilds the index from the model's faces: the ones placed (seen), or all of them.
    void indexFaces(bool includeUnseen);
    /// Brings the model up to date with the library's faces: reads only the new ones, unless
    /// faces were deleted since the last read (then everything, by reload()).
    Status sync();

    /// A human decision to record with changes.
    using DecisionRecord = store::DecisionArguments;
    /// Writes `changes` in one transaction (with `decision` in the history, and what it takes to
    /// undo it), then applies them to the model and the index. `alreadyApplied`: the model holds
    /// them already, under temporary person ids that are renamed. Returns the real ids of new
    /// persons, by temporary id.
    Result<std::map<Id, Id>> commit(Changes changes, const DecisionRecord* decision = nullptr,
                                    bool alreadyApplied = false,
                                    const std::function<void(store::Library::Writer&)>& extra = {});

    /// Notes what a commit of `changes` (its persons' ids real by now) changes among the
    /// people, before the model takes them in (`alreadyApplied`: it has; their faces were new).
    void noteChanges(const Changes& changes, const std::map<Id, Id>& madePersons,
                     bool alreadyApplied);

    /// A decision that changes only a person's own row (a flag, the cover): `change` applied to
    /// a copy of it, recorded and committed. NotFound for an unknown person.
    Status changePerson(Id person, const std::function<void(store::Person&)>& change,
                        const DecisionRecord& record);

    /// Faces the engine has not placed yet, in id order.
    std::vector<const FaceNode*> unseenFaces() const;
    /// Every face that takes part in people (not dismissed), in id order.
    std::vector<const FaceNode*> activeFaces() const;
    /// The changes a re-cluster of every active face would make.
    Changes reclusterChanges() const;
    /// Re-clusters every face and applies it, as one entry of the history when faces move
    /// (`automatic`: after a large addition, not asked for).
    Result<std::vector<Move>> recluster(bool automatic);
    /// How far faces lie from their person's mean, measured on the persons as they are.
    Spread currentSpread() const;
    /// Names the photos' XMP gave faces, not taken in yet: each face confirmed as the person of
    /// that name (the one it was grouped into, when unnamed, takes the name; else a new one),
    /// as one decision that can be undone. A face a person confirmed in Kith keeps its person.
    Status takeInImportedNames();
    /// Persons with no face, no name and no decision about them: removed.
    Changes housekeeping() const;
    /// housekeeping(), written (not a decision).
    Status tidy();
    /// Writes changes that keep the tables sound, not a decision (nothing to undo), with
    /// `extra` writes in the same transaction.
    Status commitUpkeep(Changes changes,
                        const std::function<void(store::Library::Writer&)>& extra = {});

    /// Confirms a person's cover face, so that the person keeps standing for itself through
    /// every re-cluster (decisions about persons anchor them this way).
    void anchor(Id person, Changes& changes, Id except = 0) const;
    /// Every person a human decided about (Model::decidedAbout) keeps a confirmed face while it
    /// has faces: its pinned faces are what stands for it in every grouping, so without one a
    /// name, a "different" or a hide would hold only until the photos of its confirmed faces are
    /// deleted or those faces taken out of it. Adds to `changes` a confirmation of the surest face
    /// each person would be left with and none confirmed: of the persons `changes` touches, or
    /// of every person (`everyone`, after faces were deleted).
    void keepAnchored(Changes& changes, bool everyone = false) const;
    /// keepAnchored over every person, written as upkeep (not a decision): what a deletion of
    /// faces took away is made good before any automatic step runs.
    Status anchorDecidedPersons();
    /// Faces found again (a removed photo back, a changed photo read again, the same faces in
    /// it) get what was decided about them: confirmed in their person, or not a face. Upkeep,
    /// before new faces are placed.
    Status recallFaces();
    /// Adds to `changes` what confirming `face` as `person` takes, where the faces `moving`
    /// (`face` among them) go to `person` in the same decision. NotFound: no such face (or
    /// not a face) or person.
    Status confirmChanges(Id face, Id person, const std::set<Id>& moving, Changes& changes) const;
    /// Adds to `changes` what "`face` is not its person" takes: a cannot-link, and the face
    /// placed again among everyone else. `paired`: pooled faces a face of the same decision
    /// already made a new person with (by pooled face, that person's temporary id), so that a
    /// pooled face joins one new person only. InvalidArgument: the face is in no person.
    Status rejectChanges(Id face, std::map<Id, Id>& paired, Changes& changes) const;
    /// anchorDecidedPersons() once after the model was read again.
    Status checkAnchors();
    /// Undoes the decisions in force from the latest back to `through` (0: the latest alone),
    /// in one transaction, then reads the model again. NotFound: no such decision in force.
    Result<Undone> undoBackTo(Id through);
};

std::vector<Move> movesOf(const Model& model, const Changes& changes);

/// Copies of `faces` as the model has them (nothing for one it does not know).
std::vector<std::optional<FaceNode>> snapshotOf(const Model& model, const std::vector<Id>& faces);

template <typename Step>
auto PeopleEngine::Impl::againOnConflict(const std::vector<Id>& named, Step&& step)
    -> decltype(step()) {
    const auto before = snapshotOf(model, named);
    auto first = step();
    if (first.ok() || first.error().code != ErrorCode::Conflict) return first;
    if (const Status read = reload(); !read.ok()) return read.error();
    const auto now = snapshotOf(model, named);
    for (std::size_t i = 0; i < named.size(); ++i) {
        const bool same = before[i].has_value() == now[i].has_value() &&
                          (!before[i] || (before[i]->photo == now[i]->photo &&
                                          before[i]->embedding == now[i]->embedding));
        if (!same)
            return makeError(ErrorCode::NotFound,
                             "face " + std::to_string(named[i]) +
                                 " is no longer there: its photo changed and was read again");
    }
    return step();
}

/// A commit's outcome without the ids of new persons.
inline Status statusOf(const Result<std::map<Id, Id>>& written) {
    if (!written.ok()) return written.error();
    return {};
}

/// A cannot-link: `face` is not `person`.
store::Constraint faceNotPerson(Id face, Id person);
/// Adds to `changes` the removal of must-links between `face` and faces a decision now puts
/// in another person than it (`separated`): the later decision overrules them.
void dropMustLinks(const Model& model, Id face,
                   const std::function<bool(const FaceNode&)>& separated, Changes& changes);

/// Writes the rows of `changes` (new persons first: their temporary ids are replaced in
/// `changes`, and new constraints get their ids and `decision`). Returns the real ids of new
/// persons, by temporary id.
std::map<Id, Id> writeRows(store::Library::Writer& w, Changes& changes, Id decision);

}  // namespace kith::people
