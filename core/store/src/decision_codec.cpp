// The one reader and writer of the decision log's text. The JSON is the one Kith has always
// written ({"arguments": ..., "by": ..., "before": {...}, "createdPersons": [...], ...}), so
// libraries made before the records were typed read as they are.
#include <array>
#include <nlohmann/json.hpp>
#include <optional>

#include "kith/store.h"

namespace kith::store {
namespace {

using nlohmann::json;

template <class... Visitors>
struct Overloaded : Visitors... {
    using Visitors::operator()...;
};

json argumentsOf(const DecisionArguments& arguments) {
    return std::visit(
        Overloaded{
            [](const decided::Confirm& d) -> json {
                return {{"face", d.face}, {"person", d.person}};
            },
            [](const decided::Reject& d) -> json {
                return {{"face", d.face}, {"person", d.person}};
            },
            [](const decided::RejectFaces& d) -> json {
                return {{"faces", d.faces}, {"persons", d.persons}};
            },
            [](const decided::MoveFaces& d) -> json {
                return {{"faces", d.faces}, {"person", d.person}};
            },
            [](const decided::Merge& d) -> json {
                return {{"into", d.into}, {"from", d.from}};
            },
            [](const decided::Different& d) -> json {
                return {{"a", d.a}, {"b", d.b}};
            },
            [](const decided::Split& d) -> json {
                return {{"person", d.person}, {"faces", d.faces}};
            },
            [](const decided::NewPerson& d) -> json {
                return {{"face", d.face}};
            },
            [](const decided::Name& d) -> json {
                return {{"person", d.person}, {"name", d.name}};
            },
            [](const decided::Lock& d) -> json {
                return {{"person", d.person}};
            },
            [](const decided::Hide& d) -> json {
                return {{"person", d.person}};
            },
            [](const decided::Cover& d) -> json {
                return {{"person", d.person}, {"face", d.face}};
            },
            [](const decided::NotAFace& d) -> json {
                return {{"face", d.face}};
            },
            [](const decided::OnePerson& d) -> json {
                return {{"person", d.person}};
            },
            [](const decided::Skip& d) -> json {
                return {{"item", d.item}};
            },
            [](const decided::ImportNames& d) -> json {
                return {{"faces", d.faces}};
            },
            [](const decided::Recluster& d) -> json {
                return {{"method", d.method}, {"moved", d.moved}, {"automatic", d.automatic}};
            },
        },
        arguments);
}

// The arguments of a stored kind; throws json::exception on a missing or mistyped field (caught
// in decodeDecision, the only caller).
std::optional<DecisionArguments> argumentsFrom(std::string_view kind, const json& a) {
    if (kind == "confirm") return decided::Confirm{a.at("face"), a.at("person")};
    if (kind == "reject") return decided::Reject{a.at("face"), a.at("person")};
    if (kind == "reject-faces")
        return decided::RejectFaces{a.at("faces").get<std::vector<Id>>(),
                                    a.at("persons").get<std::vector<Id>>()};
    if (kind == "move-faces")
        return decided::MoveFaces{a.at("faces").get<std::vector<Id>>(), a.at("person")};
    if (kind == "merge") return decided::Merge{a.at("into"), a.at("from")};
    if (kind == "different") return decided::Different{a.at("a"), a.at("b")};
    if (kind == "split")
        return decided::Split{a.at("person"), a.at("faces").get<std::vector<Id>>()};
    if (kind == "new-person") return decided::NewPerson{a.at("face")};
    if (kind == "name") return decided::Name{a.at("person"), a.at("name").get<std::string>()};
    if (kind == "lock" || kind == "unlock") return decided::Lock{a.at("person"), kind == "lock"};
    if (kind == "hide" || kind == "show") return decided::Hide{a.at("person"), kind == "hide"};
    if (kind == "cover") return decided::Cover{a.at("person"), a.at("face")};
    if (kind == "not-a-face") return decided::NotAFace{a.at("face")};
    if (kind == "one-person") return decided::OnePerson{a.at("person")};
    if (kind == "skip") return decided::Skip{a.at("item").get<std::string>()};
    if (kind == "import-names") return decided::ImportNames{a.at("faces")};
    if (kind == "recluster")
        return decided::Recluster{a.value("method", ""), a.at("moved"),
                                  a.value("automatic", false)};
    return std::nullopt;
}

json faceRow(const FaceState& f) {
    return {{"face", f.face},           {"person", f.person}, {"confidence", f.confidence},
            {"confirmed", f.confirmed}, {"pooled", f.pooled}, {"dismissed", f.dismissed}};
}

json personRow(const Person& p) {
    return {{"id", p.id},
            {"name", p.name},
            {"locked", p.locked},
            {"hidden", p.hidden},
            {"cover", p.coverFace}};
}

json constraintRow(const Constraint& c) {
    return {{"id", c.id},
            {"kind", static_cast<int>(c.kind)},
            {"faceA", c.faceA},
            {"personA", c.personA},
            {"faceB", c.faceB},
            {"personB", c.personB},
            {"decision", c.decision}};
}

LinkKind linkKind(const json& value) {
    const int kind = value.get<int>();
    if (kind != static_cast<int>(LinkKind::MustLink) &&
        kind != static_cast<int>(LinkKind::CannotLink))
        throw json::other_error::create(501, "unknown constraint kind", &value);
    return static_cast<LinkKind>(kind);
}

}  // namespace

DecisionKind kindOf(const DecisionArguments& arguments) {
    return static_cast<DecisionKind>(arguments.index());
}

std::string kindName(const DecisionArguments& arguments) {
    static constexpr std::array<const char*, std::variant_size_v<DecisionArguments>> names = {
        "confirm",    "reject",     "reject-faces", "move-faces",   "merge",    "different",
        "split",      "new-person", "name",         "lock",         "hide",     "cover",
        "not-a-face", "one-person", "skip",         "import-names", "recluster"};
    if (const auto* lock = std::get_if<decided::Lock>(&arguments))
        return lock->locked ? "lock" : "unlock";
    if (const auto* hide = std::get_if<decided::Hide>(&arguments))
        return hide->hidden ? "hide" : "show";
    return names[arguments.index()];
}

std::string encodePayload(const DecisionRecord& record) {
    json before = {
        {"faces", json::array()}, {"persons", json::array()}, {"constraints", json::array()}};
    for (const FaceState& f : record.faces)
        before["faces"].push_back(faceRow(f));
    for (const Person& p : record.persons)
        before["persons"].push_back(personRow(p));
    for (const Constraint& c : record.constraints)
        before["constraints"].push_back(constraintRow(c));
    const json payload = {{"arguments", argumentsOf(record.arguments)},
                          {"by", record.by},
                          {"before", before},
                          {"createdPersons", record.createdPersons},
                          {"createdConstraints", record.createdConstraints}};
    return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<DecisionRecord> decodeDecision(std::string_view kind, std::string_view payload) {
    auto damaged = [&](const std::string& why) {
        return makeError(ErrorCode::CorruptData,
                         "a " + std::string(kind) + " decision could not be read: " + why);
    };
    const json parsed = json::parse(payload, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return damaged("its payload is not JSON");
    try {
        auto arguments = argumentsFrom(kind, parsed.at("arguments"));
        if (!arguments) return damaged("the kind is not one Kith writes");
        DecisionRecord record;
        record.arguments = std::move(*arguments);
        record.by = parsed.value("by", "");
        const json& before = parsed.at("before");
        for (const json& f : before.value("faces", json::array()))
            record.faces.push_back({f.at("face"), f.at("person"), f.at("confidence"),
                                    f.at("confirmed"), f.at("pooled"), f.at("dismissed")});
        for (const json& p : before.value("persons", json::array()))
            record.persons.push_back({p.at("id"), p.at("name").get<std::string>(), p.at("locked"),
                                      p.at("hidden"), p.at("cover")});
        for (const json& c : before.value("constraints", json::array()))
            record.constraints.push_back({c.at("id"), linkKind(c.at("kind")), c.at("faceA"),
                                          c.at("personA"), c.at("faceB"), c.at("personB"),
                                          c.at("decision")});
        record.createdPersons = parsed.value("createdPersons", std::vector<Id>{});
        record.createdConstraints = parsed.value("createdConstraints", std::vector<Id>{});
        return record;
    } catch (const json::exception& e) {
        // The JSON library reports a missing or mistyped field by throwing; here is the one
        // place that reads the log, so its exceptions end here.
        return damaged(e.what());
    }
}

}  // namespace kith::store
