// The decision log's records as types: what a human decided (one struct per kind), and what it
// takes to undo it. The library stores each as a kind and a JSON payload; encodeDecision and
// decodeDecision are the one place that reads or writes that text, and a row they cannot read
// is an error value (CorruptData), never an exception.
//
// Part of kith::store (included by kith/store.h).
// Thread-safety: values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kith/common/result.h"

namespace kith::store {

using Id = std::int64_t;

struct Person {
    Id id = 0;
    std::string name;  // empty: not named yet
    bool locked = false;
    bool hidden = false;
    Id coverFace = 0;  // 0: none chosen
};

enum class LinkKind { MustLink = 0, CannotLink = 1 };

/// A must-link or cannot-link between two faces, a face and a person, or two persons: exactly
/// one of faceA/personA and one of faceB/personB is set (the other is 0).
struct Constraint {
    Id id = 0;
    LinkKind kind = LinkKind::CannotLink;
    Id faceA = 0, personA = 0, faceB = 0, personB = 0;
    Id decision = 0;
};

/// The kinds of decision, in the order of DecisionArguments' alternatives.
enum class DecisionKind {
    Confirm,
    Reject,
    RejectFaces,
    MoveFaces,
    Merge,
    Different,
    Split,
    NewPerson,
    Name,
    Lock,
    Hide,
    Cover,
    NotAFace,
    OnePerson,
    Skip,
    ImportNames,
    Recluster,
};

/// What each kind of decision was about.
namespace decided {
struct Confirm {
    Id face = 0, person = 0;
};
/// "Not this person": `person` is the one the face was in (or was asked about, when pooled).
struct Reject {
    Id face = 0, person = 0;
};
/// Several faces taken out of their persons at once: faces[i] left persons[i].
struct RejectFaces {
    std::vector<Id> faces, persons;
};
/// Several faces confirmed as one person at once.
struct MoveFaces {
    std::vector<Id> faces;
    Id person = 0;
};
struct Merge {
    Id into = 0, from = 0;
};
struct Different {
    Id a = 0, b = 0;
};
struct Split {
    Id person = 0;
    std::vector<Id> faces;
};
struct NewPerson {
    Id face = 0;
};
struct Name {
    Id person = 0;
    std::string name;  // empty: the name taken away
};
struct Lock {
    Id person = 0;
    bool locked = true;  // false: unlocked
};
struct Hide {
    Id person = 0;
    bool hidden = true;  // false: shown again
};
struct Cover {
    Id person = 0, face = 0;
};
struct NotAFace {
    Id face = 0;
};
/// "Two people?" answered no.
struct OnePerson {
    Id person = 0;
};
struct Skip {
    std::string item;  // the review item's id, as people::ReviewId writes it
};
struct ImportNames {
    std::int64_t faces = 0;  // faces confirmed by the names
};
struct Recluster {
    std::string method;
    std::int64_t moved = 0;
    bool automatic = false;  // after a large addition, not asked for
};
}  // namespace decided

using DecisionArguments =
    std::variant<decided::Confirm, decided::Reject, decided::RejectFaces, decided::MoveFaces,
                 decided::Merge, decided::Different, decided::Split, decided::NewPerson,
                 decided::Name, decided::Lock, decided::Hide, decided::Cover, decided::NotAFace,
                 decided::OnePerson, decided::Skip, decided::ImportNames, decided::Recluster>;

DecisionKind kindOf(const DecisionArguments& arguments);

/// A face as it was before a decision changed it (person 0: unassigned).
struct FaceState {
    Id face = 0, person = 0;
    float confidence = 0;
    bool confirmed = false, pooled = false, dismissed = false;
};

/// One decision as recorded: its arguments and what undoing it takes.
struct DecisionRecord {
    DecisionArguments arguments;
    std::string by;  // the user who made it
    // The rows the decision changed, as they were before it.
    std::vector<FaceState> faces;
    std::vector<Person> persons;
    std::vector<Constraint> constraints;
    // The rows it created (undo removes them).
    std::vector<Id> createdPersons, createdConstraints;
};

/// The kind's name as the library stores it ("confirm", "lock" or "unlock", ...).
std::string kindName(const DecisionArguments& arguments);
/// The payload the library stores for a record (JSON).
std::string encodePayload(const DecisionRecord& record);
/// A record read back from a stored kind and payload. Errors: CorruptData when the kind is not
/// one Kith writes or the payload lacks what the kind needs (a damaged row, a hand edit).
Result<DecisionRecord> decodeDecision(std::string_view kind, std::string_view payload);

/// One human decision, as the history shows it.
struct Decision {
    Id id = 0;
    std::int64_t madeAt = 0;    // unix seconds
    std::int64_t undoneAt = 0;  // 0: in force
    std::string kind;           // as stored, for a record that cannot be read
    Result<DecisionRecord> record = makeError(ErrorCode::CorruptData, "not read");
};

}  // namespace kith::store
