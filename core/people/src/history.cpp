// The history of decisions read back: each described in words, and undone.
#include <algorithm>
#include <optional>

#include "engine_impl.h"

namespace kith::people {
namespace {

// What undoing a decision takes, read from its record; nothing when the record is not one this
// Kith wrote (a damaged row, a hand edit).
std::optional<Changes> inverseOf(const nlohmann::json& payload) {
    try {
        if (!payload.contains("before")) return std::nullopt;
        const nlohmann::json& before = payload.at("before");
        Changes inverse;
        for (const auto& p : before.value("persons", nlohmann::json::array()))
            inverse.restoredPersons.push_back(
                {p.at("id"), p.at("name"), p.at("locked"), p.at("hidden"), p.at("cover")});
        for (const auto& f : before.value("faces", nlohmann::json::array())) {
            const Id face = f.at("face");
            if (f.at("person").get<Id>())
                inverse.assignments.push_back(
                    {face, f.at("person"), f.at("confidence"), f.at("confirmed")});
            else
                inverse.unassignments.push_back({face, f.at("pooled")});
            inverse.dismissals.push_back({face, f.at("dismissed")});
        }
        for (const auto& k : before.value("constraints", nlohmann::json::array()))
            inverse.restoredConstraints.push_back(
                {k.at("id"), static_cast<store::LinkKind>(k.at("kind").get<int>()), k.at("faceA"),
                 k.at("personA"), k.at("faceB"), k.at("personB"), k.at("decision")});
        for (const auto& id : payload.value("createdConstraints", nlohmann::json::array()))
            inverse.removedConstraints.push_back(id.get<Id>());
        for (const auto& id : payload.value("createdPersons", nlohmann::json::array()))
            inverse.removedPersons.push_back(id.get<Id>());
        return inverse;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

// Leaves out of an undo what refers to faces that are gone, or to persons that are gone and not
// put back; a cover that is gone is no cover. Returns how many changes were left out.
std::size_t keepWhatExists(const Model& model, Changes& inverse) {
    std::set<Id> persons;
    for (const auto& [id, p] : model.persons())
        persons.insert(id);
    for (store::Person& p : inverse.restoredPersons) {
        persons.insert(p.id);
        if (p.coverFace && !model.face(p.coverFace)) p.coverFace = 0;
    }
    for (Id id : inverse.removedPersons)
        persons.erase(id);
    auto faceGone = [&](Id face) { return face && !model.face(face); };
    auto personGone = [&](Id person) { return person && !persons.count(person); };
    std::set<Id> facesLeftOut;
    auto leaveOut = [&](Id face, bool gone) {
        if (gone) facesLeftOut.insert(face);
        return gone;
    };
    std::erase_if(inverse.assignments, [&](const Changes::Assign& a) {
        return leaveOut(a.face, faceGone(a.face) || personGone(a.person));
    });
    std::erase_if(inverse.unassignments,
                  [&](const auto& u) { return leaveOut(u.face, faceGone(u.face)); });
    std::erase_if(inverse.dismissals,
                  [&](const auto& d) { return leaveOut(d.face, faceGone(d.face)); });
    std::size_t lost = facesLeftOut.size();
    lost += std::erase_if(inverse.restoredConstraints, [&](const store::Constraint& k) {
        return faceGone(k.faceA) || faceGone(k.faceB) || personGone(k.personA) ||
               personGone(k.personB);
    });
    std::erase_if(inverse.removedPersons, [&](Id id) { return !model.person(id); });
    return lost;
}

}  // namespace

std::string PeopleEngine::describe(const store::Decision& decision) const {
    const Model& model = impl_->model;
    const auto payload = nlohmann::json::parse(decision.payload, nullptr, false);
    const nlohmann::json arguments = payload.is_object()
                                         ? payload.value("arguments", nlohmann::json::object())
                                         : nlohmann::json::object();
    auto number = [&](const char* key) -> Id {
        const auto it = arguments.find(key);
        return it != arguments.end() && it->is_number_integer() ? it->get<Id>() : 0;
    };
    auto person = [&](const char* key) {
        const Id id = number(key);
        const store::Person* p = model.person(id);
        return p && !p->name.empty() ? p->name : "person #" + std::to_string(id);
    };
    auto face = [&](const char* key) { return "face #" + std::to_string(number(key)); };
    const std::string& kind = decision.kind;
    if (kind == "confirm") return face("face") + " confirmed as " + person("person");
    if (kind == "reject") return face("face") + " is not " + person("person");
    if (kind == "merge") return person("from") + " merged into " + person("into");
    if (kind == "different") return person("a") + " and " + person("b") + " are different people";
    if (kind == "split") {
        const auto faces = arguments.value("faces", nlohmann::json::array());
        return std::to_string(faces.size()) + (faces.size() == 1 ? " face" : " faces") +
               " split off " + person("person");
    }
    if (kind == "new-person") return face("face") + " made a person of its own";
    if (kind == "name") {
        const std::string name = arguments.value("name", "");
        return "person #" + std::to_string(number("person")) +
               (name.empty() ? " unnamed" : " named " + name);
    }
    if (kind == "lock" || kind == "unlock" || kind == "hide" || kind == "show") {
        static const std::map<std::string, std::string> done = {
            {"lock", "locked"}, {"unlock", "unlocked"}, {"hide", "hidden"}, {"show", "shown"}};
        return person("person") + " " + done.at(kind);
    }
    if (kind == "cover") return face("face") + " chosen to stand for " + person("person");
    if (kind == "not-a-face") return face("face") + " is not a face";
    if (kind == "one-person") return person("person") + " kept as one person";
    if (kind == "skip") return "a question skipped";
    if (kind == "import-names")
        return "names from the photos' XMP taken in (" + std::to_string(number("faces")) +
               " faces)";
    if (kind == "recluster") {
        const std::string method = arguments.value("method", "");
        return std::string(arguments.value("automatic", false) ? "automatic re-cluster"
                                                               : "re-cluster") +
               (method.empty() ? "" : " (" + method + ")") + ", " +
               std::to_string(number("moved")) + " faces moved";
    }
    return kind;
}

Result<std::string> PeopleEngine::undo() {
    Impl& s = *impl_;
    auto decisions = s.library.decisions();
    if (!decisions.ok()) return decisions.error();
    const auto& all = decisions.value();
    const auto last = std::find_if(all.rbegin(), all.rend(),
                                   [](const store::Decision& d) { return !d.undoneAt; });
    if (last == all.rend())
        return makeError(ErrorCode::InvalidArgument, "there is nothing to undo");
    const Id decision = last->id;
    auto setAside = [&](store::Library::Writer& w) { w.setDecisionUndone(decision, true); };
    const auto payload = nlohmann::json::parse(last->payload, nullptr, false);
    std::optional<Changes> inverse;
    if (!payload.is_discarded()) inverse = inverseOf(payload);
    if (!inverse) {
        // A damaged row must not stop every older decision from being undone: it is set aside.
        if (const Status written = s.library.write(setAside); !written.ok()) return written.error();
        return "decision " + std::to_string(decision) + " (" + last->kind +
               ") could not be undone: its record is damaged; it is set aside, and older "
               "decisions can be undone";
    }
    // What it touched may be gone since (a photo deleted, a person tidied away): what still
    // exists is put back, the rest is said.
    const std::size_t lost = keepWhatExists(s.model, *inverse);
    auto written = s.commit(std::move(*inverse), nullptr, false, setAside);
    if (!written.ok()) return written.error();
    // Faces the undone decision had created persons for, and automatic steps since, are
    // simplest to see again from the library.
    if (const Status loaded = s.reload(); !loaded.ok()) return loaded.error();
    std::string said = "undid " + describe(*last);
    if (lost)
        said += "; " + std::to_string(lost) +
                (lost == 1 ? " face or decision was" : " faces or decisions were") +
                " not put back: their photos are gone";
    return said;
}

}  // namespace kith::people
