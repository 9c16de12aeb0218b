// kith::people — faces become people without labelling, and the user's answers are law.
//
//   auto engine = PeopleEngine::open(library);
//   engine.value()->update();               // after a scan: new faces placed, people formed
//   for (auto& item : engine.value()->review()) ...   // "same person?", "is this X?", "who?"
//   engine.value()->answer(item.id, Answer::Yes);
//
// Faces are grouped by their embeddings, through a FAISS index: the first large batch is
// clustered as a whole (average linkage in two passes by default; HDBSCAN and Chinese Whispers
// selectable), later faces are placed one by one by their nearest faces (several of them in one
// person and no other: assigned; a split or thin neighbourhood: asked about; nobody near: left in
// the unassigned pool, where faces that agree form a new person at once). No step joins two
// groups because one pair of their faces is close: that is single linkage, and on a library of
// 1,500 people it chains strangers into persons of a thousand faces. After a large addition a
// re-cluster of every unconfirmed face cleans up, and can split what an earlier step joined. Human
// decisions (confirm, reject, merge, different, split, lock, name, hide, not a face) are stored
// as constraints that no automatic step ever violates, are kept in a history, and can be undone,
// also after a restart. See docs/people.md for the thresholds and how they were chosen.
//
// Thread-safety: a PeopleEngine is used by one thread at a time (it owns the library's people
// tables while it runs).
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kith/common/result.h"
#include "kith/store.h"

namespace kith::people {

using store::Id;

enum class Method {
    TwoPass,          // average linkage, strict, then relative to each group's spread (default)
    Average,          // average linkage at the strict distance alone: the textbook baseline
    Hdbscan,          // density clusters that last (excess of mass), the rest left alone
    ChineseWhispers,  // labels spread over the neighbour graph
};

/// Faces whose box is smaller than this (its longer side, in pixels) are weak evidence: their
/// embedding drifts by 0.22 or more from the same face at full size in one case in ten at 48 px,
/// more below (bench/face_size, docs/vision.md), more than half the same-person distance. They
/// join a person only where their nearest faces agree on it, and never count towards another
/// face's place, so they never bridge two persons.
inline constexpr float kTrustedFaceSide = 48.f;

/// Distances are Euclidean between unit-length embeddings. All derive from the same-person
/// distance T of the embedder (vision::kSamePersonDistance = 0.40); docs/people.md says how.
/// Groups are compared by average linkage on squared distances: the root mean square distance
/// over every pair of their faces ("RMS distance" below).
struct Settings {
    float samePerson = kSamePersonDistance;  // T: the verification threshold, between faces
    float strictLink = 0.36f;    // 0.9 T: a new face clearly near a person's faces (case A)
    float strictGroup = 0.34f;   // 0.85 T: groups joined in the strict pass (RMS distance)
    float groupCeiling = 0.38f;  // 0.95 T: no two groups joined beyond this RMS distance
    // The relaxed pass joins two groups whose RMS distance is at most this many times the spread
    // they would have as one (the RMS distance between two faces within them, pooled).
    float relativeSpread = 1.1f;
    // A face a grouping left alone joins the group its nearest faces agree on only when its mean
    // squared distance to that group is at most this share of the one to the next nearest group
    // (a ratio test: a face between two people, or a stranger among look-alikes, stays alone).
    float loneRatio = 0.8f;
    float askUpTo = 0.46f;        // 1.15 T: close enough to ask "same person?" / "is this X?"
    int placementNeighbours = 5;  // k nearest faces looked at to place a new face
    int placementSupport = 3;     // of them, this many in one person (or all it has) to join it
    int graphNeighbours = 10;     // k of the graph the grouping runs on
    int hdbscanMinClusterSize = 3;
    int hdbscanMinSamples = 1;
    int nameAfter = 3;  // "who is this?" once an unnamed person has this many faces
    std::size_t bootstrapMinFaces = 20;  // the first batch of at least this many is clustered
    double cleanupAfterShare = 0.2;      // an update adding this share of all faces re-clusters
    Method method = Method::TwoPass;

    /// The settings with every distance derived from another same-person distance T.
    static Settings forSamePerson(float t) {
        Settings s;
        s.samePerson = t;
        s.strictLink = 0.9f * t;
        s.strictGroup = 0.85f * t;
        s.groupCeiling = 0.95f * t;
        s.askUpTo = 1.15f * t;
        return s;
    }
};

/// Makes the matrix products FAISS hands to OpenBLAS run on the calling thread. OpenBLAS's own
/// thread pool otherwise competes with FAISS's OpenMP threads (and a scan's workers) for the
/// cores: on 2 cores the review queue took 4 times as long (bench/people_scale). Applications
/// call it once at start-up; it does nothing when the BLAS in use is not OpenBLAS.
void useSingleThreadedBlas();

/// Parses "two-pass", "average", "hdbscan" or "whispers".
std::optional<Method> parseMethod(const std::string& text);
const char* methodName(Method method);

struct PersonSummary {
    Id id = 0;
    std::string name;  // empty: not named yet
    std::size_t faces = 0;
    std::size_t confirmed = 0;
    bool locked = false;
    bool hidden = false;
    Id cover = 0;  // the face that stands for the person
};

struct FaceInPerson {
    Id face = 0;
    Id photo = 0;
    float confidence = 0;
    bool confirmed = false;
};

/// Two faces and how far apart they are: the evidence for a question.
struct Evidence {
    Id faceA = 0, faceB = 0;
    float distance = 0;
};

enum class ReviewKind {
    SamePerson,    // "are these two people the same person?" (merge)
    IsThisPerson,  // "is this face X?"
    WhoIsThis,     // "who is this?" (name a new person)
    TwoPeople,     // "do these look like two people?" (one person made of two groups: split)
};

/// A review item's id: what it asks about. Stable while nothing changes; written as text for a
/// command line and the history ("merge:12:34", "face:567:12", "name:12", "split:12").
struct ReviewId {
    ReviewKind kind = ReviewKind::SamePerson;
    Id person = 0;       // X, or the first of two persons
    Id otherPerson = 0;  // SamePerson: the second
    Id face = 0;         // IsThisPerson: the face asked about

    std::string toString() const;
    /// The id a toString() wrote; nothing for any other text.
    static std::optional<ReviewId> parse(std::string_view text);
    auto operator<=>(const ReviewId&) const = default;
};

/// A question for a person to answer. The engine says what it is about; the words are the
/// caller's (a command line and an app ask differently).
struct ReviewItem {
    using Kind = ReviewKind;
    ReviewId id;
    Kind kind = Kind::SamePerson;
    Id person = 0;       // X, or the first of the two
    Id otherPerson = 0;  // SamePerson: the second
    Id face = 0;         // IsThisPerson: the face; WhoIsThis: the face it is shown by (cover)
    double gain = 0;     // expected gain of asking: faces affected x uncertainty
    std::vector<Evidence> evidence;  // closest face pairs, nearest first
    // The faces to show for each side, each picture once (copies of a photo count once, and
    // IsThisPerson's side B holds no copy of the face asked about), the evidence's first:
    // SamePerson, the two
    // persons; IsThisPerson, the face then X's nearest faces; WhoIsThis, the person; TwoPeople,
    // the group that stays then the group a yes splits off.
    std::vector<Id> facesA, facesB;
};

enum class Answer { Yes, No, Skip };

/// What an answer did.
struct Answered {
    enum class Outcome {
        Skipped,        // asked again after everything else
        Merged,         // the two are one person now: `person`
        KeptApart,      // the two are never merged
        Confirmed,      // the face is X's for good
        TakenOut,       // the face left X for good, and was placed again
        NotThisPerson,  // an unassigned face is remembered as not X
        SplitOff,       // the second group is a person of its own: `person`
        KeptAsOne,      // one person after all
    };
    Outcome outcome = Outcome::Skipped;
    Id person = 0;  // Merged: the person that stays; SplitOff: the new person
};

/// What an undo did.
struct Undone {
    std::vector<store::Decision> decisions;  // the decisions undone, latest first
    // Of them, set aside without a change: their record could not be read (a damaged row).
    std::size_t damaged = 0;
    // Faces and decisions not put back: their photos are gone since.
    std::size_t notPutBack = 0;
};

/// What an automatic update did. Every new face is counted once: newFaces = confident +
/// ambiguous + paired + pooled.
struct UpdateReport {
    std::size_t newFaces = 0, goneFaces = 0;
    std::size_t confident = 0;  // case A: assigned
    std::size_t ambiguous = 0;  // case B: assigned, and asked about
    std::size_t paired = 0;     // case C, two alike: a new person with a face of the pool
    std::size_t pooled = 0;     // case C: left unassigned
    std::size_t newPersons = 0;
    bool bootstrapped = false;  // the first batch was clustered as a whole
    bool cleanedUp = false;     // a re-cluster followed
    std::size_t moved = 0;      // faces the re-cluster moved
};

/// One face a re-cluster would move (0: the unassigned pool).
struct Move {
    Id face = 0;
    Id from = 0;
    Id to = 0;  // a negative id: a person the re-cluster would create
};

/// What changed among the people since the engine last said (PeopleEngine::takeChanges): what
/// its own writes did, for a view that patches what it shows instead of reading it all again.
/// A person is in one of the three sets at most, as it is now: a person made and merged away
/// since is in none.
struct PeopleChanges {
    std::set<Id> added;    // new persons with faces (a split, a face named as someone new, a scan)
    std::set<Id> changed;  // renamed, locked, hidden, another cover, faces in or out, confirmed
    std::set<Id> removed;  // merged away, emptied, or tidied
    std::vector<Move> moved;  // faces that changed person (0: none), in the order written
    /// The engine read the library anew (opened, an undo, faces a scan deleted): anything may
    /// have changed, and the sets above are not the whole of it.
    bool everything = false;

    bool empty() const {
        return !everything && added.empty() && changed.empty() && removed.empty() && moved.empty();
    }
};

class PeopleEngine {
  public:
    /// Reads the library's faces and people. Errors: StorageError.
    static Result<std::unique_ptr<PeopleEngine>> open(store::Library& library,
                                                      Settings settings = {});
    ~PeopleEngine();
    PeopleEngine(const PeopleEngine&) = delete;
    PeopleEngine& operator=(const PeopleEngine&) = delete;

    const Settings& settings() const;

    // ---- Automatic steps (never against a human decision) ----

    /// Takes in the faces the last scans added (and drops the ones they removed).
    Result<UpdateReport> update();
    /// What a re-cluster of every face would change, without changing anything.
    Result<std::vector<Move>> previewRecluster();
    /// Re-clusters every face and applies it: names, confirmations and decisions survive.
    Result<std::vector<Move>> recluster();

    // ---- Reading ----

    /// Every person with faces, largest first (hidden ones only when asked).
    std::vector<PersonSummary> people(bool includeHidden = true) const;
    std::optional<PersonSummary> person(Id id) const;
    std::vector<FaceInPerson> facesOf(Id person) const;
    /// The person a face belongs to; 0 when unassigned.
    Id personOf(Id face) const;
    /// Questions worth asking, the most useful first.
    std::vector<ReviewItem> review(std::size_t limit = 0) const;
    /// The "is this X?" questions about a person X (faces that may not be X's, and faces of
    /// nobody near X), the most useful first: what a person's page suggests.
    std::vector<ReviewItem> suggestionsFor(Id person) const;
    /// Every decision, oldest first; a damaged row has an error for its record.
    Result<std::vector<store::Decision>> history() const;
    /// What changed among the people since the last call (the first: everything), and starts
    /// counting afresh.
    PeopleChanges takeChanges();

    // ---- Human decisions: each is stored, applied at once, and can be undone ----

    /// Answers a review item by its id (it need not be in the latest review: a question about
    /// faces and persons that still exist stands). Errors: NotFound when the question no
    /// longer stands; InvalidArgument for yes or no to "who is this?" (answered by a name).
    /// `mergedName`, for yes to "same person?": the name the merged person keeps (the user's
    /// choice when both had one); without it, the named (or else larger) person's.
    Result<Answered> answer(const ReviewId& item, Answer answer,
                            const std::optional<std::string>& mergedName = std::nullopt);
    Status confirm(Id face, Id person);
    /// "Not this person": the face leaves its person for good, and is placed again.
    Status reject(Id face);
    /// reject() for several faces (of one person or several) as one decision: one transaction,
    /// one entry of the history. Nothing changes when one of them is in no person.
    Status rejectFaces(const std::vector<Id>& faces);
    /// confirm() of several faces as `person`, as one decision (one transaction, one entry of
    /// the history). Nothing changes when one of them is unknown or not a face.
    Status moveFaces(const std::vector<Id>& faces, Id person);
    /// Moves every face of `from` into `into`; `from` is gone. The merged person is called
    /// `name` when one is given (the user's choice when both had names), else by `into`'s name,
    /// else by `from`'s. Undo gives both back with their names.
    Status merge(Id into, Id from, const std::optional<std::string>& name = std::nullopt);
    /// "Different people": the two are never merged by any automatic step.
    Status different(Id a, Id b);
    /// Moves `faces` of `person` to a new person, kept apart from it. Returns the new person.
    Result<Id> split(Id person, const std::vector<Id>& faces);
    /// A new person holding just this face, confirmed (a face nobody was, or one taken out of
    /// its person as a split). Returns the person.
    Result<Id> newPersonFrom(Id face);
    /// Names a person. Returns another person already so named (case aside), if any: the two
    /// may be one, to merge.
    Result<std::optional<Id>> name(Id person, const std::string& name);
    Status lock(Id person, bool locked);
    Status hide(Id person, bool hidden);
    /// The face that stands for a person in the gallery (one of theirs).
    Status setCover(Id person, Id face);
    Status notAFace(Id face);
    /// Undoes the last decision still in force. A decision whose record cannot be read is set
    /// aside (Undone::damaged), so that older ones can still be undone. InvalidArgument when
    /// there is nothing to undo.
    Result<Undone> undo();
    /// Undoes the decisions in force, latest first, until `decision` is undone too ("undo back
    /// to here"): in one transaction, the model read once. NotFound when `decision` is not in
    /// force.
    Result<Undone> undoThrough(Id decision);

  private:
    struct Impl;
    explicit PeopleEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kith::people
