// kith::people — faces become people without labelling, and the user's answers are law.
//
//   auto engine = PeopleEngine::open(library);
//   engine.value()->update();               // after a scan: new faces placed, people formed
//   for (auto& item : engine.value()->review()) ...   // "same person?", "is this X?", "who?"
//   engine.value()->answer(item.id, Answer::Yes);
//
// Faces are grouped by their embeddings, through a FAISS index: the first large batch is
// clustered as a whole (two-pass agglomerative, or a constrained DBSCAN), later faces are
// placed one by one by their nearest faces (confident: assigned; ambiguous: assigned and asked
// about; far from everyone: left in the unassigned pool, where faces that agree form a new
// person at once). After a large addition a re-cluster of everything cleans up. Human
// decisions (confirm, reject, merge, different, split, lock, name, hide, not a face) are stored
// as constraints that no automatic step ever violates, are kept in a history, and can be undone,
// also after a restart. See docs/people.md for the thresholds and how they were chosen.
//
// Thread-safety: a PeopleEngine is used by one thread at a time (it owns the library's people
// tables while it runs).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kith/common/result.h"
#include "kith/store.h"

namespace kith::people {

using store::Id;

enum class Method {
    TwoPassAgglomerative,  // strict links, then groups merged by their mean faces (default)
    ConstrainedDbscan,     // dense cores grown by their neighbours, the rest left alone
};

/// Distances are Euclidean between unit-length embeddings. All derive from the same-person
/// distance T of the embedder (vision::kSamePersonDistance = 0.40); docs/people.md says how.
struct Settings {
    float samePerson = 0.40f;     // T: the verification threshold
    float strictLink = 0.36f;     // 0.9 T: first-pass links, and confident placement (case A)
    float mergeGroups = 0.40f;    // T between two groups' mean faces: second-pass merge
    float askUpTo = 0.46f;        // 1.15 T: close enough to ask "same person?" / "is this X?"
    int placementNeighbours = 5;  // k nearest faces looked at to place a new face
    int graphNeighbours = 10;     // k of the graph the clustering runs on
    int nameAfter = 3;            // "who is this?" once an unnamed person has this many faces
    std::size_t bootstrapMinFaces = 20;  // the first batch of at least this many is clustered
    double cleanupAfterShare = 0.2;      // an update adding this share of all faces re-clusters
    Method method = Method::TwoPassAgglomerative;

    /// The settings with every distance derived from another same-person distance T.
    static Settings forSamePerson(float t) {
        Settings s;
        s.samePerson = s.mergeGroups = t;
        s.strictLink = 0.9f * t;
        s.askUpTo = 1.15f * t;
        return s;
    }
};

/// Makes the matrix products FAISS hands to OpenBLAS run on the calling thread. OpenBLAS's own
/// thread pool otherwise competes with FAISS's OpenMP threads (and a scan's workers) for the
/// cores: on 2 cores the review queue took 4 times as long (bench/people_scale). Applications
/// call it once at start-up; it does nothing when the BLAS in use is not OpenBLAS.
void useSingleThreadedBlas();

/// Parses "two-pass" or "dbscan".
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

struct ReviewItem {
    enum class Kind {
        SamePerson,    // "are these two people the same person?" (merge)
        IsThisPerson,  // "is this face X?"
        WhoIsThis,     // "who is this?" (name a new person)
    };
    std::string id;  // stable while nothing changes: "merge:12:34", "face:567:12", "name:12"
    Kind kind = Kind::SamePerson;
    Id person = 0;       // X, or the first of the two
    Id otherPerson = 0;  // SamePerson: the second
    Id face = 0;         // IsThisPerson: the face; WhoIsThis: the face it is shown by (cover)
    double gain = 0;     // expected gain of asking: faces affected x uncertainty
    std::vector<Evidence> evidence;  // closest face pairs, nearest first
    std::string question;            // for a person to read
};

enum class Answer { Yes, No, Skip };

/// What an automatic update did.
struct UpdateReport {
    std::size_t newFaces = 0, goneFaces = 0;
    std::size_t confident = 0;  // case A: assigned
    std::size_t ambiguous = 0;  // case B: assigned, and asked about
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
    /// Every decision, oldest first.
    Result<std::vector<store::Decision>> history() const;

    // ---- Human decisions: each is stored, applied at once, and can be undone ----

    /// Answers a review item by its id (it need not be in the latest review: a question about
    /// faces and persons that still exist stands). Returns what was done, in words.
    Result<std::string> answer(const std::string& item, Answer answer);
    Status confirm(Id face, Id person);
    /// "Not this person": the face leaves its person for good, and is placed again.
    Status reject(Id face);
    /// Moves every face of `from` into `into`; `from` is gone.
    Status merge(Id into, Id from);
    /// "Different people": the two are never merged by any automatic step.
    Status different(Id a, Id b);
    /// Moves `faces` of `person` to a new person, kept apart from it. Returns the new person.
    Result<Id> split(Id person, const std::vector<Id>& faces);
    /// A new person holding just this face, confirmed (a face nobody was, or one taken out of
    /// its person as a split). Returns the person.
    Result<Id> newPersonFrom(Id face);
    /// Names a person. Returns a warning when another person already has that name.
    Result<std::string> name(Id person, const std::string& name);
    Status lock(Id person, bool locked);
    Status hide(Id person, bool hidden);
    /// The face that stands for a person in the gallery (one of theirs).
    Status setCover(Id person, Id face);
    Status notAFace(Id face);
    /// Undoes the last decision still in force. Returns what was undone, in words.
    Result<std::string> undo();

  private:
    struct Impl;
    explicit PeopleEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kith::people
