// The people commands: reading people and the review queue, and every human decision.
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "people_session.h"
#include "people_words.h"

namespace kith::cli {
namespace {

// The arguments of the people commands, typed: each command declares the ones it takes, and
// reads those alone.
struct PeopleArguments {
    people::Settings settings;      // --method: every people command
    store::Id person = 0;           // PERSON, or A
    store::Id other = 0;            // B
    store::Id face = 0;             // FACE
    std::vector<store::Id> faces;   // split's FACE...
    std::vector<std::string> name;  // name's NAME..., word by word
    std::string item;               // answer's ITEM
    people::Answer answer = people::Answer::Skip;
    std::size_t limit = 0;  // review --limit; 0: every question
    bool json = false;
    bool hidden = false;   // people --hidden
    bool off = false;      // lock --off, hide --off
    bool apply = false;    // recluster --apply
    store::Id backTo = 0;  // undo --back-to
    std::string keepName;  // merge --name
};

void addPersonArgument(CLI::App& app, PeopleArguments& args) {
    addId(app, "PERSON", args.person, "a person id (kith-cli people lists them)");
}

void addFaceArgument(CLI::App& app, PeopleArguments& args) {
    addId(app, "FACE", args.face, "a face id (kith-cli person PERSON lists them)");
}

// A and B: two person ids.
void addTwoPeople(CLI::App& app, PeopleArguments& args) {
    addId(app, "A", args.person, "a person id");
    addId(app, "B", args.other, "another person id");
}

int finish(const Status& status, const std::string& done) {
    if (!status.ok()) {
        reportError(status.error().describe());
        return 1;
    }
    if (!done.empty()) std::cout << printable(done) << "\n";
    return 0;
}

std::string displayName(const people::PersonSummary& p) {
    return p.name.empty() ? "(unnamed)" : printable(p.name);
}

nlohmann::json personJson(const people::PersonSummary& p) {
    return {
        {"id", p.id},         {"name", p.name},     {"faces", p.faces}, {"confirmed", p.confirmed},
        {"locked", p.locked}, {"hidden", p.hidden}, {"cover", p.cover}};
}

int runPeople(const CommonOptions& common, const PeopleArguments& args) {
    auto session = openPeople(common, args.settings, true);
    if (!session) return 1;
    const auto all = session->engine->people(args.hidden);
    if (args.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : all)
            out.push_back(personJson(p));
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    if (all.empty()) std::cout << "No people yet: scan some photos (kith-cli scan DIR).\n";
    for (const auto& p : all)
        std::cout << "#" << p.id << "  " << displayName(p) << "  " << p.faces
                  << (p.faces == 1 ? " face" : " faces")
                  << (p.confirmed ? ", " + std::to_string(p.confirmed) + " confirmed" : "")
                  << (p.locked ? ", locked" : "") << (p.hidden ? ", hidden" : "") << "\n";
    return 0;
}

int runPerson(const CommonOptions& common, const PeopleArguments& args) {
    auto session = openPeople(common, args.settings, true);
    if (!session) return 1;
    const auto p = session->engine->person(args.person);
    if (!p) {
        reportError("no person #" + std::to_string(args.person));
        return 1;
    }
    auto paths = session->library->photoPaths();
    std::map<store::Id, std::filesystem::path> pathOf;
    if (paths.ok())
        for (const auto& [photo, path] : paths.value())
            pathOf[photo] = path;
    const auto faces = session->engine->facesOf(args.person);
    if (args.json) {
        nlohmann::json out = personJson(*p);
        out["face_list"] = nlohmann::json::array();
        for (const auto& f : faces)
            out["face_list"].push_back({{"face", f.face},
                                        {"photo", printable(pathOf[f.photo].string())},
                                        {"confidence", f.confidence},
                                        {"confirmed", f.confirmed}});
        std::cout << out.dump() << "\n";
        return 0;
    }
    std::cout << "#" << p->id << "  " << displayName(*p) << "  " << p->faces << " faces"
              << (p->locked ? ", locked" : "") << (p->hidden ? ", hidden" : "") << "\n";
    for (const auto& f : faces)
        std::cout << "  face " << f.face << (f.confirmed ? "  confirmed  " : "  ") << "confidence "
                  << static_cast<int>(f.confidence * 100) << "%  "
                  << printable(pathOf[f.photo].string()) << "\n";
    return 0;
}

int runReview(const CommonOptions& common, const PeopleArguments& args) {
    auto session = openPeople(common, args.settings, true);
    if (!session) return 1;
    const auto items = session->engine->review(args.limit);
    if (args.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : items) {
            nlohmann::json evidence = nlohmann::json::array();
            for (const auto& e : item.evidence)
                evidence.push_back(
                    {{"face_a", e.faceA}, {"face_b", e.faceB}, {"distance", e.distance}});
            const char* kind = item.kind == people::ReviewItem::Kind::SamePerson ? "same-person"
                               : item.kind == people::ReviewItem::Kind::IsThisPerson
                                   ? "is-this-person"
                               : item.kind == people::ReviewItem::Kind::TwoPeople ? "two-people"
                                                                                  : "who-is-this";
            out.push_back({{"id", item.id.toString()},
                           {"kind", kind},
                           {"question", questionOf(*session->engine, item)},
                           {"person", item.person},
                           {"other_person", item.otherPerson},
                           {"face", item.face},
                           {"gain", item.gain},
                           {"faces_a", item.facesA},
                           {"faces_b", item.facesB},
                           {"evidence", evidence}});
        }
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    if (items.empty()) std::cout << "Nothing to review.\n";
    for (const auto& item : items) {
        std::cout << item.id.toString() << "  " << printable(questionOf(*session->engine, item));
        if (!item.evidence.empty())
            std::cout << "  (closest faces " << item.evidence.front().faceA << " and "
                      << item.evidence.front().faceB << ", distance "
                      << item.evidence.front().distance << ")";
        std::cout << "\n";
    }
    return 0;
}

int runAnswer(const CommonOptions& common, const PeopleArguments& args) {
    auto session = openPeople(common, args.settings);
    if (!session) return 1;
    const auto item = people::ReviewId::parse(args.item);
    if (!item) {
        reportError("no review item " + args.item +
                    " (the queue has changed; see kith-cli review)");
        return 1;
    }
    auto done = session->engine->answer(*item, args.answer);
    // An answer that does not fit its question ("no" to "who is this?") is a usage error.
    if (!done.ok() && done.error().code == ErrorCode::InvalidArgument) {
        reportError("\"who is this?\" is answered by naming the person (kith-cli name " +
                    std::to_string(item->person) + " NAME) or skipped, not by yes or no");
        return 2;
    }
    if (!done.ok() && done.error().code == ErrorCode::NotFound) {
        reportError("no review item " + args.item +
                    " (the queue has changed; see kith-cli review)");
        return 1;
    }
    if (!done.ok()) return finish(done.error(), "");
    return finish({}, answeredWords(*session->engine, done.value()));
}

template <typename Decide>
int decideOnPeople(const CommonOptions& common, const PeopleArguments& args, Decide decide) {
    auto session = openPeople(common, args.settings);
    if (!session) return 1;
    return decide(*session->engine);
}

// merge's A and B, and the name the merged person keeps.
void addMergedPeople(CLI::App& app, PeopleArguments& args) {
    addTwoPeople(app, args);
    app.add_option("--name", args.keepName,
                   "the name the merged person keeps: one of theirs, or another (default: A's "
                   "name, or B's if A has none)")
        ->type_name("NAME");
}

int runMerge(const CommonOptions& common, const PeopleArguments& args) {
    const store::Id a = args.person, b = args.other;
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        const std::string from = personWords(e, b);
        const Status merged =
            e.merge(a, b, args.keepName.empty() ? std::nullopt : std::optional(args.keepName));
        return finish(merged, from + " merged into " + personWords(e, a));
    });
}

int runDifferent(const CommonOptions& common, const PeopleArguments& args) {
    const store::Id a = args.person, b = args.other;
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        return finish(e.different(a, b),
                      personWords(e, a) + " and " + personWords(e, b) + " are kept apart");
    });
}

int runSplit(const CommonOptions& common, const PeopleArguments& args) {
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        auto fresh = e.split(args.person, args.faces);
        if (!fresh.ok()) return finish(fresh.error(), "");
        return finish({}, "split into new person #" + std::to_string(fresh.value()));
    });
}

int runName(const CommonOptions& common, const PeopleArguments& args) {
    std::string name;
    for (const std::string& word : args.name)
        name += (name.empty() ? "" : " ") + word;
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        auto namesake = e.name(args.person, name);
        if (!namesake.ok()) return finish(namesake.error(), "");
        if (namesake.value())
            std::cerr << "kith-cli: note: #" << *namesake.value() << " is also called "
                      << printable(name)
                      << "; if they are the same person, merge them (kith-cli merge " << args.person
                      << " " << *namesake.value() << ")\n";
        return finish({}, "");
    });
}

int runLock(const CommonOptions& common, const PeopleArguments& args) {
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        return finish(e.lock(args.person, !args.off), "");
    });
}

int runHide(const CommonOptions& common, const PeopleArguments& args) {
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        return finish(e.hide(args.person, !args.off), "");
    });
}

int runReject(const CommonOptions& common, const PeopleArguments& args) {
    const store::Id face = args.face;
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        const std::string was = personWords(e, e.personOf(face));
        const Status status = e.reject(face);
        const store::Id now = e.personOf(face);
        return finish(
            status, "face " + std::to_string(face) + " is no longer with " + was +
                        (now ? "; it now goes with " + personWords(e, now) : "; it is unassigned"));
    });
}

int runConfirm(const CommonOptions& common, const PeopleArguments& args) {
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        return finish(e.confirm(args.face, args.person), "");
    });
}

int runNotAFace(const CommonOptions& common, const PeopleArguments& args) {
    return decideOnPeople(
        common, args, [&](people::PeopleEngine& e) { return finish(e.notAFace(args.face), ""); });
}

int runUndo(const CommonOptions& common, const PeopleArguments& args) {
    return decideOnPeople(common, args, [&](people::PeopleEngine& e) {
        auto undone = args.backTo ? e.undoThrough(args.backTo) : e.undo();
        if (!undone.ok()) return finish(undone.error(), "");
        return finish({}, undoneWords(e, undone.value()));
    });
}

int runHistory(const CommonOptions& common, const PeopleArguments& args) {
    auto session = openPeople(common, args.settings, true);
    if (!session) return 1;
    auto decisions = session->engine->history();
    if (!decisions.ok()) return finish(decisions.error(), "");
    for (const auto& d : decisions.value())
        std::cout << "#" << d.id << "  " << d.kind << "  "
                  << printable(describe(*session->engine, d)) << "  by "
                  << (d.record.ok() && !d.record.value().by.empty() ? d.record.value().by : "?")
                  << " at " << d.madeAt << (d.undoneAt ? "  (undone)" : "") << "\n";
    return 0;
}

int runRecluster(const CommonOptions& common, const PeopleArguments& args) {
    auto session = openPeople(common, args.settings);
    if (!session) return 1;
    auto moves = args.apply ? session->engine->recluster() : session->engine->previewRecluster();
    if (!moves.ok()) return finish(moves.error(), "");
    // A person by number, or what stands in its place.
    auto who = [](store::Id person, const char* none) {
        return person > 0 ? std::string("#").append(std::to_string(person)) : std::string(none);
    };
    for (const auto& m : moves.value())
        std::cout << "face " << m.face << ": " << who(m.from, "unassigned") << " -> "
                  << who(m.to, m.to < 0 ? "a new person" : "unassigned") << "\n";
    std::cout << moves.value().size() << (moves.value().size() == 1 ? " face " : " faces ")
              << (args.apply ? "moved" : "would move (kith-cli recluster --apply to do it)")
              << "\n";
    return 0;
}

using BindPeople = void (*)(CLI::App& app, PeopleArguments& args);

// A people command: `bind` declares the arguments it takes, and --method follows them.
Command command(std::string name, std::string summary, std::string usage, std::string description,
                BindPeople bind, std::string example,
                int (*run)(const CommonOptions&, const PeopleArguments&)) {
    return {{std::move(name), std::move(summary), std::move(usage), std::move(description),
             std::move(example)},
            declareWith<PeopleArguments>(
                [bind](CLI::App& app, PeopleArguments& args) {
                    bind(app, args);
                    addMethodOption(app, args.settings.method);
                },
                run)};
}

// For the commands that take nothing but --method.
void bindNothing(CLI::App&, PeopleArguments&) {}

}  // namespace

const std::vector<Command>& peopleCommands() {
    static const std::vector<Command> commands = {
        command(
            "people", "List the people found in the library.",
            "kith-cli people [--json] [--hidden]",
            "Every person with faces, largest first: id, name (or unnamed), number of faces. New "
            "faces from the "
            "last scans are placed first. --json prints an array of {id, name, faces, locked, "
            "hidden, ...}.",
            [](CLI::App& app, PeopleArguments& args) {
                app.add_flag("--json", args.json, "a JSON array instead of text");
                app.add_flag("--hidden", args.hidden, "include hidden people");
            },
            "kith-cli people", runPeople),
        command(
            "person", "Show one person and their faces.", "kith-cli person PERSON [--json]",
            "The person's name, state (locked, hidden) and every face: its id (for split, "
            "reject, confirm and not-a-face), photo, confidence and whether it is confirmed.",
            [](CLI::App& app, PeopleArguments& args) {
                addPersonArgument(app, args);
                app.add_flag("--json", args.json, "one JSON object instead of text");
            },
            "kith-cli person 12", runPerson),
        command(
            "review", "The questions worth answering, most useful first.",
            "kith-cli review [--json] [--limit N]",
            "Same person? (two people that may be one, with the closest faces as evidence), Two "
            "people? (a person made of two groups that look apart), Is this X? (a face placed "
            "with doubt, or an unplaced face near X), Who is this? (a new person with enough "
            "photos to name). Answer with kith-cli answer ITEM yes|no|skip, or name a person "
            "with kith-cli name.",
            [](CLI::App& app, PeopleArguments& args) {
                app.add_flag("--json", args.json, "a JSON array instead of text");
                app.add_option("--limit", args.limit, "at most N questions")
                    ->type_name("N")
                    ->check(wholeNumber(0, 1'000'000));
            },
            "kith-cli review --limit 5", runReview),
        command(
            "answer", "Answer a review question.", "kith-cli answer ITEM yes|no|skip",
            "yes on a same-person question merges the two, no keeps them apart for good; yes on "
            "two-people splits the second group off into a person of its own, no keeps them as "
            "one; yes on is-this-X confirms the face, no takes it out for good; skip asks again "
            "after everything else. Who-is-this is answered by naming the person (kith-cli name "
            "PERSON NAME), or skipped.",
            [](CLI::App& app, PeopleArguments& args) {
                app.add_option("ITEM", args.item, "a review question's id (kith-cli review)")
                    ->required();
                using people::Answer;
                addChoice(app, "ANSWER", args.answer,
                          std::vector<std::pair<std::string, Answer>>{
                              {"yes", Answer::Yes}, {"no", Answer::No}, {"skip", Answer::Skip}},
                          "the answer")
                    ->required();
            },
            "kith-cli answer merge:12:34 yes", runAnswer),
        command("merge", "Merge two people: B's faces become A's.",
                "kith-cli merge A B [--name NAME]",
                "A and B are person ids (kith-cli people lists them). B is gone afterwards and "
                "the two are never split apart automatically; kith-cli undo takes the merge back.",
                addMergedPeople, "kith-cli merge 12 34 --name \"Ada Lovelace\"", runMerge),
        command("different", "Say two people are different: never merged.",
                "kith-cli different A B",
                "A and B are person ids (kith-cli people lists them). No automatic step merges "
                "them from then on, and they are not asked about again; kith-cli undo takes it "
                "back.",
                addTwoPeople, "kith-cli different 12 34", runDifferent),
        command(
            "split", "Move some faces of a person to a new person.",
            "kith-cli split PERSON FACE...",
            "The faces given (face ids, from kith-cli person PERSON) become a new person, "
            "kept apart from the old one for good; kith-cli undo takes it back.",
            [](CLI::App& app, PeopleArguments& args) {
                addPersonArgument(app, args);
                addId(app, "FACE", args.faces, "the faces that make the new person");
            },
            "kith-cli split 12 501 502", runSplit),
        command(
            "name", "Name a person.", "kith-cli name PERSON NAME...",
            "PERSON is a person id (kith-cli people lists them); the rest of the line is the "
            "name. Names may repeat (with a note): two people called the same are not merged "
            "unless you merge them.",
            [](CLI::App& app, PeopleArguments& args) {
                addPersonArgument(app, args);
                app.add_option("NAME", args.name, "the name, the rest of the line");
            },
            "kith-cli name 12 Anna Lindqvist", runName),
        command(
            "lock", "Lock a person: its faces are never moved automatically.",
            "kith-cli lock PERSON [--off]",
            "A locked person is never merged with another, nor split, automatically; new "
            "photos of them still join them. --off unlocks.",
            [](CLI::App& app, PeopleArguments& args) {
                addPersonArgument(app, args);
                app.add_flag("--off", args.off, "unlock");
            },
            "kith-cli lock 12", runLock),
        command(
            "hide", "Hide a person from the people list.", "kith-cli hide PERSON [--off]",
            "Hidden people keep their faces (new photos of them stay with them) but are not "
            "listed or asked "
            "about. --off shows them again.",
            [](CLI::App& app, PeopleArguments& args) {
                addPersonArgument(app, args);
                app.add_flag("--off", args.off, "show again");
            },
            "kith-cli hide 12", runHide),
        command("reject", "Say a face is not its person.", "kith-cli reject FACE",
                "FACE is a face id (kith-cli person PERSON lists them). The face leaves its "
                "person for good and is placed again among the others; kith-cli undo takes it "
                "back.",
                addFaceArgument, "kith-cli reject 501", runReject),
        command(
            "confirm", "Say a face is a person.", "kith-cli confirm FACE PERSON",
            "FACE is a face id, PERSON a person id. The face joins the person if it is "
            "elsewhere; a confirmed face is never moved by any automatic step.",
            [](CLI::App& app, PeopleArguments& args) {
                addFaceArgument(app, args);
                addPersonArgument(app, args);
            },
            "kith-cli confirm 501 12", runConfirm),
        command("not-a-face", "Say a detection is not a face.", "kith-cli not-a-face FACE",
                "For a false detection (a pattern, a poster, a pet): the face id leaves every "
                "person and is not shown again; kith-cli undo takes it back.",
                addFaceArgument, "kith-cli not-a-face 501", runNotAFace),
        command(
            "undo", "Undo the last decision, or back to one.", "kith-cli undo [--back-to DECISION]",
            "Walks back through the history, one decision at a time, also after a restart. "
            "--back-to undoes every decision in force down to DECISION (a number kith-cli "
            "history lists), that one too, as one step.",
            [](CLI::App& app, PeopleArguments& args) {
                app.add_option("--back-to", args.backTo, "undo down to this decision, included")
                    ->type_name("DECISION")
                    ->check(wholeNumber(1, std::numeric_limits<std::int64_t>::max()));
            },
            "kith-cli undo", runUndo),
        command("history", "Every decision, oldest first.", "kith-cli history",
                "What was decided, with what arguments, by whom and when (unix time), and whether "
                "it was undone.",
                bindNothing, "kith-cli history", runHistory),
        command(
            "recluster", "Re-cluster every face (preview, or --apply).",
            "kith-cli recluster [--apply]",
            "Groups every face again from scratch, honouring every decision: confirmed faces "
            "and locked people "
            "stay, names stay. Without --apply it only lists what would move.",
            [](CLI::App& app, PeopleArguments& args) {
                app.add_flag("--apply", args.apply, "make the changes");
            },
            "kith-cli recluster", runRecluster),
    };
    return commands;
}

}  // namespace kith::cli
