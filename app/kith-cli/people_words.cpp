#include "people_words.h"

#include <algorithm>

namespace kith::cli {
namespace {

template <class... Visitors>
struct Overloaded : Visitors... {
    using Visitors::operator()...;
};

std::string count(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A person as a decision found it: by the name it has now, else the one it had then (a person
// merged away is gone from the engine, not from the record).
std::string personThen(const people::PeopleEngine& engine, const store::DecisionRecord& record,
                       store::Id person) {
    if (engine.person(person)) return personWords(engine, person);
    const auto it = std::find_if(record.persons.begin(), record.persons.end(),
                                 [&](const store::Person& p) { return p.id == person; });
    if (it != record.persons.end() && !it->name.empty()) return it->name;
    return "a person no longer here";
}

std::string describeRecord(const people::PeopleEngine& engine,
                           const store::DecisionRecord& record) {
    auto who = [&](store::Id person) { return personThen(engine, record, person); };
    namespace d = store::decided;
    return std::visit(
        Overloaded{
            [&](const d::Confirm& x) { return "a face confirmed as " + who(x.person); },
            [&](const d::Reject& x) { return "a face is not " + who(x.person); },
            [&](const d::RejectFaces& x) {
                return count(x.faces.size(), "face", "faces") + " taken out of their people";
            },
            [&](const d::MoveFaces& x) {
                return count(x.faces.size(), "face", "faces") + " moved to " + who(x.person);
            },
            [&](const d::Merge& x) { return who(x.from) + " merged into " + who(x.into); },
            [&](const d::Different& x) {
                return who(x.a) + " and " + who(x.b) + " are different people";
            },
            [&](const d::Split& x) {
                return count(x.faces.size(), "face", "faces") + " split off " + who(x.person);
            },
            [&](const d::NewPerson&) { return std::string("a face made a person of its own"); },
            [&](const d::Name& x) {
                return x.name.empty() ? "a name taken away" : "a person named " + x.name;
            },
            [&](const d::Lock& x) { return who(x.person) + (x.locked ? " locked" : " unlocked"); },
            [&](const d::Hide& x) { return who(x.person) + (x.hidden ? " hidden" : " shown"); },
            [&](const d::Cover& x) { return "a face chosen to stand for " + who(x.person); },
            [&](const d::NotAFace&) { return std::string("a detection is not a face"); },
            [&](const d::OnePerson& x) { return who(x.person) + " kept as one person"; },
            [&](const d::Skip&) { return std::string("a question skipped"); },
            [&](const d::ImportNames& x) {
                return "names from the photos' XMP taken in (" +
                       count(static_cast<std::size_t>(x.faces), "face", "faces") + ")";
            },
            [&](const d::Recluster& x) {
                return std::string(x.automatic ? "automatic re-cluster" : "re-cluster") +
                       (x.method.empty() ? "" : " (" + x.method + ")") + ", " +
                       count(static_cast<std::size_t>(x.moved), "face", "faces") + " moved";
            },
        },
        record.arguments);
}

}  // namespace

std::string personWords(const people::PeopleEngine& engine, store::Id person) {
    const auto p = engine.person(person);
    if (!p) return "a person no longer here";
    if (!p->name.empty()) return p->name;
    return "an unnamed person with " + count(p->faces, "face", "faces");
}

std::string questionOf(const people::PeopleEngine& engine, const people::ReviewItem& item) {
    using Kind = people::ReviewKind;
    switch (item.kind) {
        case Kind::SamePerson: {
            const std::string a = personWords(engine, item.person);
            const std::string b = personWords(engine, item.otherPerson);
            if (a == b) return "Are these two people, both called " + a + ", the same person?";
            return "Are " + a + " and " + b + " the same person?";
        }
        case Kind::IsThisPerson:
            return "Is this " + personWords(engine, item.person) + "?";
        case Kind::WhoIsThis: {
            const auto p = engine.person(item.person);
            return "Who is this? (" + count(p ? p->faces : 0, "photo", "photos") + ")";
        }
        case Kind::TwoPeople:
            return "Are these two different people? (both in " + personWords(engine, item.person) +
                   ")";
    }
    return "?";
}

std::string describe(const people::PeopleEngine& engine, const store::Decision& decision) {
    if (!decision.record.ok()) return "a " + decision.kind + " decision whose record is damaged";
    return describeRecord(engine, decision.record.value());
}

std::string answeredWords(const people::PeopleEngine& engine, const people::Answered& answered) {
    using Outcome = people::Answered::Outcome;
    switch (answered.outcome) {
        case Outcome::Skipped:
            return "skipped: asked again after everything else";
        case Outcome::Merged:
            return "merged into " + personWords(engine, answered.person) + " (#" +
                   std::to_string(answered.person) + ")";
        case Outcome::KeptApart:
            return "kept apart";
        case Outcome::Confirmed:
            return "confirmed";
        case Outcome::TakenOut:
            return "taken out";
        case Outcome::NotThisPerson:
            return "noted: not this person";
        case Outcome::SplitOff:
            return "split off into a person of their own (#" + std::to_string(answered.person) +
                   ")";
        case Outcome::KeptAsOne:
            return "kept as one person";
    }
    return "done";
}

std::string undoneWords(const people::PeopleEngine& engine, const people::Undone& undone) {
    std::string said;
    if (undone.decisions.size() == 1 && !undone.damaged)
        said = "undid: " + describe(engine, undone.decisions.front());
    else
        said = "undid " + count(undone.decisions.size(), "decision", "decisions");
    if (undone.damaged)
        said += "; " + count(undone.damaged, "decision", "decisions") +
                " could not be undone (a damaged record) and " +
                (undone.damaged == 1 ? "is" : "are") + " set aside; older ones can be undone";
    if (undone.notPutBack)
        said += "; " + count(undone.notPutBack, "face or decision was", "faces or decisions were") +
                " not put back: their photos are gone";
    return said;
}

}  // namespace kith::cli
