#include "history_words.h"

#include <QObject>
#include <algorithm>

#include "library_worker.h"
#include "words.h"

namespace kith::ui {
namespace {

namespace d = store::decided;

QString tr(const char* text) {
    return QObject::tr(text);
}

QString faces(std::size_t n) {
    return countOf(static_cast<qsizetype>(n), tr("face"), tr("faces"));
}

// What a skipped question asked, from the id it was stored by.
QString skippedWords(const std::string& item, const std::function<QString(store::Id)>& who) {
    const auto id = people::ReviewId::parse(item);
    if (!id) return tr("Skipped a question");
    switch (id->kind) {
        case people::ReviewKind::SamePerson:
            return tr("Skipped whether %1 and %2 are the same person")
                .arg(who(id->person), who(id->otherPerson));
        case people::ReviewKind::IsThisPerson:
            return tr("Skipped whether a face is %1").arg(who(id->person));
        case people::ReviewKind::WhoIsThis:
            return tr("Skipped naming %1").arg(who(id->person));
        case people::ReviewKind::TwoPeople:
            return tr("Skipped whether %1 is two people").arg(who(id->person));
    }
    return tr("Skipped a question");
}

}  // namespace

QString decisionSentence(const people::PeopleEngine& engine, const store::Decision& decision) {
    if (!decision.record.ok())
        return tr("A decision Kith can no longer read (its record is damaged)");
    const store::DecisionRecord& record = decision.record.value();
    // A person merged away is gone from the engine, not from the record: its name then.
    const std::function<QString(store::Id)> who = [&](store::Id person) {
        for (const store::Person& p : record.persons)
            if (p.id == person && !p.name.empty() && !engine.person(person)) return qs(p.name);
        return LibraryWorker::personWords(engine, person);
    };
    const auto& a = record.arguments;
    if (const auto* x = std::get_if<d::Confirm>(&a))
        return tr("Confirmed a face as %1").arg(who(x->person));
    if (const auto* x = std::get_if<d::Reject>(&a))
        return tr("Said a face is not %1").arg(who(x->person));
    if (const auto* x = std::get_if<d::RejectFaces>(&a)) {
        const bool onePerson =
            !x->persons.empty() && std::all_of(x->persons.begin(), x->persons.end(),
                                               [&](store::Id p) { return p == x->persons[0]; });
        return onePerson ? tr("Took %1 out of %2").arg(faces(x->faces.size()), who(x->persons[0]))
                         : tr("Took %1 out of their people").arg(faces(x->faces.size()));
    }
    if (const auto* x = std::get_if<d::MoveFaces>(&a))
        return tr("Moved %1 to %2").arg(faces(x->faces.size()), who(x->person));
    if (const auto* x = std::get_if<d::Merge>(&a))
        return tr("Merged %1 into %2").arg(who(x->from), who(x->into));
    if (const auto* x = std::get_if<d::Different>(&a))
        return tr("Kept %1 and %2 apart").arg(who(x->a), who(x->b));
    if (const auto* x = std::get_if<d::Split>(&a))
        return tr("Split %1 off %2 into a new person").arg(faces(x->faces.size()), who(x->person));
    if (std::holds_alternative<d::NewPerson>(a)) return tr("Made a face a person of its own");
    if (const auto* x = std::get_if<d::Name>(&a)) {
        if (x->name.empty()) return tr("Took the name away from %1").arg(who(x->person));
        const auto p = engine.person(x->person);
        return p ? tr("Named %1 (%2)").arg(qs(x->name), faces(p->faces))
                 : tr("Named someone %1").arg(qs(x->name));
    }
    if (const auto* x = std::get_if<d::Lock>(&a))
        return (x->locked ? tr("Locked %1") : tr("Unlocked %1")).arg(who(x->person));
    if (const auto* x = std::get_if<d::Hide>(&a))
        return (x->hidden ? tr("Hid %1") : tr("Showed %1 again")).arg(who(x->person));
    if (const auto* x = std::get_if<d::Cover>(&a))
        return tr("Chose the face that stands for %1").arg(who(x->person));
    if (std::holds_alternative<d::NotAFace>(a)) return tr("Said a box is not a face");
    if (const auto* x = std::get_if<d::OnePerson>(&a))
        return tr("Kept %1 as one person").arg(who(x->person));
    if (const auto* x = std::get_if<d::Skip>(&a)) return skippedWords(x->item, who);
    if (const auto* x = std::get_if<d::ImportNames>(&a))
        return tr("Took in the names other apps gave %1")
            .arg(faces(static_cast<std::size_t>(x->faces)));
    if (const auto* x = std::get_if<d::Recluster>(&a))
        return (x->automatic ? tr("Regrouped the faces after many new photos: %1 moved")
                             : tr("Regrouped every face: %1 moved"))
            .arg(faces(static_cast<std::size_t>(x->moved)));
    return tr("A decision of a kind this version of Kith does not know");
}

std::vector<store::Id> decisionFaces(const people::PeopleEngine& engine,
                                     const store::Decision& decision, std::size_t limit) {
    if (!decision.record.ok()) return {};
    const store::DecisionRecord& record = decision.record.value();
    std::vector<store::Id> result;
    auto add = [&](store::Id face) {
        if (face && result.size() < limit &&
            std::find(result.begin(), result.end(), face) == result.end())
            result.push_back(face);
    };
    // The face that stands for a person: its cover, or for one gone since, a face it had then.
    auto standsFor = [&](store::Id person) {
        if (const auto p = engine.person(person); p && p->cover) return add(p->cover);
        for (const store::FaceState& f : record.faces)
            if (f.person == person) return add(f.face);
    };
    const auto& a = record.arguments;
    if (const auto* x = std::get_if<d::Confirm>(&a)) add(x->face);
    if (const auto* x = std::get_if<d::Reject>(&a)) add(x->face);
    if (const auto* x = std::get_if<d::RejectFaces>(&a))
        for (store::Id f : x->faces)
            add(f);
    if (const auto* x = std::get_if<d::MoveFaces>(&a))
        for (store::Id f : x->faces)
            add(f);
    if (const auto* x = std::get_if<d::Split>(&a))
        for (store::Id f : x->faces)
            add(f);
    if (const auto* x = std::get_if<d::NewPerson>(&a)) add(x->face);
    if (const auto* x = std::get_if<d::Cover>(&a)) add(x->face);
    if (const auto* x = std::get_if<d::NotAFace>(&a)) add(x->face);
    if (const auto* x = std::get_if<d::Merge>(&a)) standsFor(x->from), standsFor(x->into);
    if (const auto* x = std::get_if<d::Different>(&a)) standsFor(x->a), standsFor(x->b);
    if (const auto* x = std::get_if<d::Name>(&a)) standsFor(x->person);
    if (const auto* x = std::get_if<d::Lock>(&a)) standsFor(x->person);
    if (const auto* x = std::get_if<d::Hide>(&a)) standsFor(x->person);
    if (const auto* x = std::get_if<d::OnePerson>(&a)) standsFor(x->person);
    if (const auto* x = std::get_if<d::Skip>(&a))
        if (const auto id = people::ReviewId::parse(x->item)) {
            add(id->face);
            standsFor(id->person);
            if (id->otherPerson) standsFor(id->otherPerson);
        }
    return result;
}

}  // namespace kith::ui
