// The grouping methods side by side on labelled photo sets (issue 14).
//
//   people_methods [--sets lfw,dev] [--methods two-pass,average,hdbscan,whispers]
//                  [--oracle N] [--one-step] [--half 0|1] [--relative K,...]
//                  [--lone-ratio R,...]
//                  [--models DIR] [--work DIR]
//
// Each set (../shared/data/faces-lfw: 4,873 news photos of 1,512 people, the shape of a real
// library; ../shared/data/faces-dev: 64 photos of 13) is scanned once with the real networks
// (kept in --work), then written into a fresh library per method in two steps, as the issue's
// user scanned it: every other photo of each identity (by file name), an update, then all of
// them, an update. Printed per method, before any answer: pairwise and BCubed precision and
// recall, persons against identities, the 20 largest persons' purity, the questions the review
// queue holds, and how long the second update's people step took; with --oracle N, how many
// answers the label oracle needs to reach BCubed F1 0.98 (and where it stands after N).
// --half 0|1 takes one half of the identities (split by a hash of the name); --relative sweeps
// Settings::relativeSpread of the default method: how it was chosen on half 0 and checked on
// half 1 (docs/people.md); --lone-ratio the same for Settings::loneRatio.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "dev_set.h"
#include "kith/people.h"
#include "kith/quality.h"
#include "scanned_set.h"

namespace {

using namespace kith;
using bench::orExit;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> listOption(int argc, char** argv, const std::string& name,
                                    const std::string& fallback) {
    std::vector<std::string> items;
    std::stringstream list(bench::option(argc, argv, name, fallback));
    for (std::string item; std::getline(list, item, ',');)
        items.push_back(item);
    return items;
}

struct Steps {
    std::vector<bench::ScannedPhoto> first, rest;
};

// Which half of the identities a name falls in (FNV-1a of the name, even or odd): a split that
// is the same on every machine, for choosing a setting on one half and measuring on the other.
int halfOf(const std::string& identity) {
    std::uint32_t hash = 2166136261u;
    for (unsigned char c : identity)
        hash = (hash ^ c) * 16777619u;
    return static_cast<int>(hash % 2);
}

// Every other photo of each identity (by file name) first, the others second; photos without a
// label go first. With `half` 0 or 1, only the photos of that half of the identities.
Steps twoSteps(const std::vector<bench::ScannedPhoto>& photos, const std::filesystem::path& root,
               int half) {
    std::map<std::string, std::string> identityOf;
    for (const auto& label : bench::readLabels(root))
        identityOf[(root / label.file).lexically_normal().string()] = label.identity;
    std::vector<const bench::ScannedPhoto*> sorted;
    for (const auto& p : photos)
        sorted.push_back(&p);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* a, const auto* b) { return a->path < b->path; });
    std::map<std::string, int> seen;
    Steps steps;
    for (const auto* p : sorted) {
        const auto it = identityOf.find(p->path.lexically_normal().string());
        if (half >= 0 && (it == identityOf.end() || halfOf(it->second) != half)) continue;
        const bool second = it != identityOf.end() && seen[it->second]++ % 2 == 1;
        (second ? steps.rest : steps.first).push_back(*p);
    }
    return steps;
}

struct Row {
    quality::PeopleScore score;
    std::size_t persons = 0;  // with labelled faces
    std::size_t alone = 0;    // labelled faces in no person
    double leastPure = 1;     // among the 20 largest persons: the share of their main identity
    std::size_t impure = 0;   // of those 20, how many are under 98 % one identity
    std::vector<std::string> mixed;       // those of them, with their identities
    std::vector<std::string> transcript;  // the oracle's questions and answers (400 at most)
    std::size_t questions = 0;
    double secondUpdate = 0, firstUpdate = 0, review = 0;  // seconds
    long answersTo98 = -1;
    std::size_t answers = 0;
    double f1AfterOracle = 0;
};

// The 20 largest persons (by labelled faces) and the share of their main identity.
void purity(const people::PeopleEngine& engine, const std::vector<quality::LabelledFace>& faces,
            Row& row) {
    std::map<store::Id, std::map<std::string, int>> identities;
    for (const auto& f : faces)
        if (const store::Id p = engine.personOf(f.face)) ++identities[p][f.identity];
    row.persons = identities.size();
    for (const auto& f : faces)
        if (!engine.personOf(f.face)) ++row.alone;
    struct Person {
        int total = 0;
        double purity = 0;
        std::string identities;
    };
    std::vector<Person> bySize;
    for (const auto& [person, counts] : identities) {
        Person p;
        int most = 0;
        for (const auto& [identity, n] : counts) {
            p.total += n, most = std::max(most, n);
            p.identities += " " + identity + " x" + std::to_string(n);
        }
        p.purity = static_cast<double>(most) / p.total;
        bySize.push_back(p);
    }
    std::sort(bySize.begin(), bySize.end(), [](const Person& a, const Person& b) {
        return a.total != b.total ? a.total > b.total : a.purity < b.purity;
    });
    for (std::size_t i = 0; i < std::min<std::size_t>(20, bySize.size()); ++i) {
        row.leastPure = std::min(row.leastPure, bySize[i].purity);
        if (bySize[i].purity < 0.98) {
            ++row.impure;
            row.mixed.push_back(bySize[i].identities);
        }
    }
}

Row run(Steps steps, const std::filesystem::path& root, const std::filesystem::path& labels,
        const people::Settings& settings, std::size_t oracleBudget, bool oneStep,
        const std::filesystem::path& work) {
    if (oneStep) {
        steps.first.insert(steps.first.end(), steps.rest.begin(), steps.rest.end());
        steps.rest.clear();
    }
    const auto file = work / "methods.db";
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(file.string() + suffix);
    auto library = orExit(store::Library::open(file, store::Access::ReadWrite));
    auto engine = orExit(people::PeopleEngine::open(*library, settings));
    Row row;
    bench::writePhotos(*library, steps.first);
    auto start = Clock::now();
    orExit(engine->update());
    row.firstUpdate = secondsSince(start);
    bench::writePhotos(*library, steps.rest);
    start = Clock::now();
    orExit(engine->update());
    row.secondUpdate = secondsSince(start);
    start = Clock::now();
    row.questions = engine->review().size();
    row.review = secondsSince(start);

    auto labelled = orExit(quality::labelledFaces(*library, labels, root));
    row.score = quality::scorePeople(*engine, labelled);
    purity(*engine, labelled, row);
    if (oracleBudget > 0) {
        const auto oracle = orExit(quality::runOracle(*engine, labelled, oracleBudget));
        row.answersTo98 = oracle.answersToReach(0.98);
        row.answers = oracle.answers;
        row.f1AfterOracle = oracle.finalBcubedF1;
        row.transcript.assign(oracle.transcript.begin(),
                              oracle.transcript.begin() + static_cast<long>(std::min<std::size_t>(
                                                              400, oracle.transcript.size())));
    }
    return row;
}

void printHeader(bool oracle) {
    std::cout
        << "| method | pairwise P | pairwise R | BCubed P | BCubed R | BCubed F1 | persons | "
           "20 largest: least pure (under 98 %) | questions (review took) | people step, 2nd scan |"
        << (oracle ? " answers to F1 0.98 (F1 after the oracle) |" : "") << "\n|---|---|---|"
        << "---|---|---|---|---|---|---|" << (oracle ? "---|" : "") << "\n";
}

void printRow(const std::string& method, const Row& r, bool oracle) {
    const auto& c = r.score.clustering;
    std::cout << std::fixed << std::setprecision(4) << "| " << method << " | "
              << c.pairwisePrecision << " | " << c.pairwiseRecall << " | " << c.bcubedPrecision
              << " | " << c.bcubedRecall << " | " << c.bcubedF1 << " | " << r.persons << " + "
              << r.alone << " alone for " << c.identities << " | " << std::setprecision(3)
              << r.leastPure << " (" << r.impure << ") | " << r.questions << " ("
              << std::setprecision(1) << r.review << " s) | " << r.secondUpdate << " s |";
    if (oracle) {
        std::cout << " " << (r.answersTo98 >= 0 ? std::to_string(r.answersTo98) : "not reached")
                  << " (" << std::setprecision(4) << r.f1AfterOracle << " after " << r.answers
                  << ") |";
    }
    std::cout << "\n" << std::flush;
}

void printMixed(const std::string& method, const Row& r) {
    for (const auto& line : r.mixed)
        std::cerr << method << ", mixed among the 20 largest:" << line << "\n";
    for (const auto& line : r.transcript)
        std::cerr << method << ", oracle: " << line << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    people::useSingleThreadedBlas();
    const auto models = bench::modelDirectory(argc, argv);
    const std::filesystem::path work =
        bench::option(argc, argv, "work",
                      (std::filesystem::temp_directory_path() / "kith-people-methods").string());
    std::filesystem::create_directories(work);
    const auto budget =
        static_cast<std::size_t>(std::stoul(bench::option(argc, argv, "oracle", "0")));
    // All photos in one scan instead of two (the grouping alone, without placement).
    const bool oneStep = std::find(argv + 1, argv + argc, std::string("--one-step")) != argv + argc;
    std::vector<people::Method> methods;
    for (const auto& name :
         listOption(argc, argv, "methods", "two-pass,average,hdbscan,whispers")) {
        const auto method = people::parseMethod(name);
        if (!method) {
            std::cerr << "unknown method " << name << "\n";
            return 2;
        }
        methods.push_back(*method);
    }
    // --half 0|1: one half of the identities; --relative K,...: two-pass with each of these
    // relativeSpread values instead of the methods (a sweep, to choose it on one half).
    const int half = std::stoi(bench::option(argc, argv, "half", "-1"));
    std::vector<std::pair<std::string, people::Settings>> rows;
    const auto relativeSweep = listOption(argc, argv, "relative", "");
    const auto loneSweep = listOption(argc, argv, "lone-ratio", "");
    // Both given: every pair of values.
    for (const auto& kappa : relativeSweep.empty() ? std::vector<std::string>{""} : relativeSweep)
        for (const auto& ratio : loneSweep.empty() ? std::vector<std::string>{""} : loneSweep) {
            if (kappa.empty() && ratio.empty()) continue;
            people::Settings settings;
            std::string label = "two-pass";
            if (!kappa.empty()) {
                settings.relativeSpread = std::stof(kappa);
                label += ", relative spread " + kappa;
            }
            if (!ratio.empty()) {
                settings.loneRatio = std::stof(ratio);
                label += ", lone ratio " + ratio;
            }
            rows.emplace_back(label, settings);
        }
    if (relativeSweep.empty() && loneSweep.empty()) {
        for (people::Method method : methods) {
            people::Settings settings;
            settings.method = method;
            rows.emplace_back(people::methodName(method), settings);
        }
    }
    for (const auto& set : listOption(argc, argv, "sets", "lfw,dev")) {
        const auto root =
            set == "dev" ? bench::devSetRoot() : bench::dataSetRoot("faces-" + set, "KITH_LFW_SET");
        const auto photos =
            bench::scanOnce(root / "images", work / (set + ".db"), models, work / "cache");
        const Steps steps = twoSteps(photos, root, half);
        // The labels of the photos taken.
        const auto labels = work / ("labels-" + set + ".csv");
        {
            std::ofstream out(labels);
            out << "file,identity\n";
            for (const auto& label : bench::readLabels(root))
                if (half < 0 || halfOf(label.identity) == half)
                    out << label.file << "," << label.identity << "\n";
        }
        std::cout << "\nfaces-" << set << (half >= 0 ? ", half " + std::to_string(half) : "")
                  << ": " << steps.first.size() + steps.rest.size() << " photos, "
                  << steps.first.size() << " in the first scan, then the other "
                  << steps.rest.size() << (oneStep ? " (all in one scan)" : "") << "\n\n";
        printHeader(budget > 0);
        for (const auto& [label, settings] : rows) {
            const Row row = run(steps, root, labels, settings, budget, oneStep, work);
            printRow(label, row, budget > 0);
            printMixed(label, row);
        }
    }
    return 0;
}
