// The people engine on the labelled dev set, in many scan orders (issue 6).
//
//   people_eval [--orders N] [--models DIR] [--work DIR]
//   people_eval --show SEED      one order in detail: mixed persons, the oracle's answers
//
// The dev photos are scanned once (the real networks); their faces are then written into fresh
// libraries in N shuffled orders, as a user's scans would bring them: half the photos, an
// update, then the rest four at a time, with an update after each. For each order and each
// clustering method: the grouping before any answer (pairwise precision and recall, BCubed F1,
// share of faces placed) and how many answers the label oracle needs to make it perfect. Then the
// same-person threshold T swept around the embedder's 0.40 (the other thresholds follow it,
// docs/people.md): how sensitive the result is to it, not a place to pick it from.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <random>
#include <sstream>

#include "dev_set.h"
#include "kith/people.h"
#include "kith/quality.h"
#include "scanned_set.h"

namespace {

using namespace kith;

constexpr std::size_t kPhotosPerStep = 4;

using bench::orExit;

using bench::ScannedPhoto;
using bench::writePhotos;

std::vector<ScannedPhoto> scanDevSet(const std::filesystem::path& models,
                                     const std::filesystem::path& work) {
    return bench::scanOnce(bench::devSetRoot() / "images", work / "dev.db", models, work / "cache");
}

struct Outcome {
    quality::PeopleScore score;
    long answersToPerfect = -1;
    std::vector<std::string> mixedPersons;  // persons holding more than one identity
    std::vector<std::string> transcript;    // the oracle's questions and answers
};

// Persons whose labelled faces carry more than one identity, as "person 12: ana x3, bob x1".
std::vector<std::string> mixedPersons(const people::PeopleEngine& engine,
                                      const std::vector<quality::LabelledFace>& labelled) {
    std::map<store::Id, std::map<std::string, int>> identities;
    for (const auto& f : labelled)
        if (const store::Id person = engine.personOf(f.face)) ++identities[person][f.identity];
    std::vector<std::string> mixed;
    for (const auto& [person, counts] : identities) {
        if (counts.size() < 2) continue;
        std::string line = "person " + std::to_string(person) + ":";
        for (const auto& [identity, n] : counts)
            line += " " + identity + " x" + std::to_string(n);
        mixed.push_back(line);
    }
    return mixed;
}

// Identities whose labelled faces are in more than one person (0: unassigned).
std::vector<std::string> splitIdentities(const people::PeopleEngine& engine,
                                         const std::vector<quality::LabelledFace>& labelled) {
    std::map<std::string, std::map<store::Id, int>> persons;
    for (const auto& f : labelled)
        ++persons[f.identity][engine.personOf(f.face)];
    std::vector<std::string> split;
    for (const auto& [identity, counts] : persons) {
        if (counts.size() < 2) continue;
        std::string line = identity + " in";
        for (const auto& [person, n] : counts)
            line += " person " + std::to_string(person) + " x" + std::to_string(n);
        split.push_back(line);
    }
    return split;
}

Outcome runOrder(const std::vector<ScannedPhoto>& photos, unsigned seed,
                 const people::Settings& settings, const std::filesystem::path& work) {
    std::vector<ScannedPhoto> order = photos;
    std::mt19937 random(seed);
    std::shuffle(order.begin(), order.end(), random);
    const auto file = work / "order.db";
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(file.string() + suffix);
    auto library = orExit(store::Library::open(file, store::Access::ReadWrite));
    auto engine = orExit(people::PeopleEngine::open(*library, settings));
    // Half the photos at first; the rest a few at a time, each placed incrementally (too few
    // to set off a re-cluster), so that the order matters.
    const std::size_t half = order.size() / 2;
    writePhotos(*library, {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(half)});
    orExit(engine->update());
    for (std::size_t first = half; first < order.size(); first += kPhotosPerStep) {
        const std::size_t last = std::min(order.size(), first + kPhotosPerStep);
        writePhotos(*library, {order.begin() + static_cast<std::ptrdiff_t>(first),
                               order.begin() + static_cast<std::ptrdiff_t>(last)});
        orExit(engine->update());
    }

    const auto root = bench::devSetRoot();
    const auto labelled = orExit(quality::labelledFaces(*library, root / "labels.csv", root));
    Outcome outcome;
    outcome.score = quality::scorePeople(*engine, labelled);
    outcome.mixedPersons = mixedPersons(*engine, labelled);
    const auto oracle = orExit(quality::runOracle(*engine, labelled, 100));
    outcome.answersToPerfect = oracle.answersToPerfect;
    outcome.transcript = oracle.transcript;
    if (oracle.answersToPerfect < 0) {
        outcome.transcript.push_back("left after the oracle:");
        for (const auto& line : mixedPersons(*engine, labelled))
            outcome.transcript.push_back(line);
        for (const auto& line : splitIdentities(*engine, labelled))
            outcome.transcript.push_back(line);
    }
    return outcome;
}

void printRow(const std::string& label, const std::vector<Outcome>& outcomes) {
    auto mean = [&](auto field) {
        double sum = 0;
        for (const Outcome& o : outcomes)
            sum += field(o);
        return sum / static_cast<double>(outcomes.size());
    };
    auto worst = [&](auto field) {
        double w = 1;
        for (const Outcome& o : outcomes)
            w = std::min(w, field(o));
        return w;
    };
    auto precision = [](const Outcome& o) { return o.score.clustering.pairwisePrecision; };
    auto recall = [](const Outcome& o) { return o.score.clustering.pairwiseRecall; };
    auto f1 = [](const Outcome& o) { return o.score.clustering.bcubedF1; };
    auto placed = [](const Outcome& o) { return o.score.autoAssigned; };
    long mostAnswers = 0;
    bool allPerfect = true;
    for (const Outcome& o : outcomes) {
        mostAnswers = std::max(mostAnswers, o.answersToPerfect);
        allPerfect = allPerfect && o.answersToPerfect >= 0;
    }
    std::cout << "| " << label << " | " << std::fixed << std::setprecision(3) << mean(precision)
              << " (" << worst(precision) << ") | " << mean(recall) << " (" << worst(recall)
              << ") | " << mean(f1) << " (" << worst(f1) << ") | " << mean(placed) << " | "
              << std::setprecision(1)
              << mean([](const Outcome& o) { return double(std::max(0L, o.answersToPerfect)); })
              << " (" << mostAnswers << (allPerfect ? "" : ", not all perfect") << ") |\n";
}

void printHeader(const std::string& first) {
    std::cout << "| " << first
              << " | pairwise precision, mean (worst) | pairwise recall | BCubed F1 | placed | "
                 "answers to perfect, mean (most) |\n|---|---|---|---|---|---|\n";
}

}  // namespace

int main(int argc, char** argv) {
    people::useSingleThreadedBlas();
    const auto models = bench::modelDirectory(argc, argv);
    const std::filesystem::path work = bench::option(
        argc, argv, "work", (std::filesystem::temp_directory_path() / "kith-people-eval").string());
    std::filesystem::create_directories(work);
    const auto orders = static_cast<unsigned>(std::stoul(bench::option(argc, argv, "orders", "5")));
    const auto photos = scanDevSet(models, work);
    std::cout << photos.size() << " dev photos, " << orders
              << " scan orders (half, then the rest four at a time)\n\n";

    if (const auto show = bench::option(argc, argv, "show", ""); !show.empty()) {
        // One order in detail: the mixed persons before any answer, and the oracle's answers.
        const Outcome o = runOrder(photos, static_cast<unsigned>(std::stoul(show)), {}, work);
        for (const auto& line : o.mixedPersons)
            std::cout << line << "\n";
        for (const auto& line : o.transcript)
            std::cout << "  " << line << "\n";
        std::cout << "answers to perfect: " << o.answersToPerfect << "\n";
        return 0;
    }
    printHeader("method");
    for (people::Method method : {people::Method::TwoPass, people::Method::Average,
                                  people::Method::Hdbscan, people::Method::ChineseWhispers}) {
        people::Settings settings;
        settings.method = method;
        std::vector<Outcome> outcomes;
        for (unsigned seed = 1; seed <= orders; ++seed)
            outcomes.push_back(runOrder(photos, seed, settings, work));
        printRow(people::methodName(method), outcomes);
    }

    std::cout << "\nThe same-person distance T swept (two-pass; strict pass 0.85 T, ceiling 0.95 "
                 "T, strict links 0.9 T, questions up to 1.15 T):\n\n";
    printHeader("T");
    for (float t : {0.34f, 0.37f, 0.40f, 0.43f, 0.46f}) {
        const auto settings = people::Settings::forSamePerson(t);
        std::vector<Outcome> outcomes;
        for (unsigned seed = 1; seed <= orders; ++seed)
            outcomes.push_back(runOrder(photos, seed, settings, work));
        std::ostringstream label;
        label << std::setprecision(2) << t;
        printRow(label.str(), outcomes);
    }
    return 0;
}
