#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "commands.h"
#include "kith/quality.h"
#include "people_session.h"

namespace kith::cli {
namespace {

void printScore(const char* when, const quality::PeopleScore& s) {
    const auto& c = s.clustering;
    std::printf(
        "%s: %zu labelled faces, %zu identities in %zu persons; pairwise P/R/F1 %.4f/%.4f/%.4f, "
        "BCubed P/R/F1 %.4f/%.4f/%.4f\n",
        when, c.items, c.identities, c.clusters, c.pairwisePrecision, c.pairwiseRecall,
        c.pairwiseF1, c.bcubedPrecision, c.bcubedRecall, c.bcubedF1);
}

int runEval(const Arguments& args) {
    if (!args.has("labels") || !args.has("root")) {
        reportError("eval needs --labels CSV and --root DIR (see kith-cli eval --help)");
        return 2;
    }
    auto session = openPeople(args);
    if (!session) return 1;
    std::vector<std::string> problems;
    auto faces =
        quality::labelledFaces(*session->library, args.get("labels"), args.get("root"), &problems);
    if (!faces.ok()) {
        reportError(faces.error().describe());
        return 1;
    }
    for (const auto& p : problems)
        reportError(p);
    const quality::PeopleScore before = quality::scorePeople(*session->engine, faces.value());
    printScore("before any answer", before);

    std::string oracleKeys;
    if (args.has("oracle")) {
        // The oracle answers on a copy: the library itself is left as it is.
        const auto copy = std::filesystem::temp_directory_path() /
                          ("kith-oracle-" + std::to_string(::getpid()) + ".db");
        std::filesystem::remove(copy);
        const Status copied = session->library->copyTo(copy);
        if (!copied.ok()) {
            reportError(copied.error().describe());
            return 1;
        }
        struct Cleanup {
            std::filesystem::path file;
            ~Cleanup() {
                std::error_code ec;
                for (const char* suffix : {"", "-wal", "-shm", ".lock"})
                    std::filesystem::remove(file.string() + suffix, ec);
            }
        } cleanup{copy};
        auto trial = store::Library::open(copy, store::Access::ReadWrite);
        auto engine = trial.ok()
                          ? people::PeopleEngine::open(*trial.value(), session->engine->settings())
                          : Result<std::unique_ptr<people::PeopleEngine>>(trial.error());
        if (!engine.ok()) {
            reportError(engine.error().describe());
            return 1;
        }
        const auto budget = args.number("max-answers", 200, 0, 1'000'000);
        if (!budget) return 2;
        auto oracle =
            quality::runOracle(*engine.value(), faces.value(), static_cast<std::size_t>(*budget));
        if (!oracle.ok()) {
            reportError(oracle.error().describe());
            return 1;
        }
        if (args.has("verbose"))
            for (const auto& line : oracle.value().transcript)
                std::printf("  oracle: %s\n", printable(line).c_str());
        printScore("after the oracle's answers",
                   quality::scorePeople(*engine.value(), faces.value()));
        const long answers = oracle.value().answersToPerfect >= 0
                                 ? oracle.value().answersToPerfect
                                 : static_cast<long>(oracle.value().answers);
        char keys[128];
        std::snprintf(keys, sizeof keys, " oracle_answers=%ld oracle_bcubed_f1=%.4f", answers,
                      oracle.value().finalBcubedF1);
        oracleKeys = keys;
    }
    const auto& c = before.clustering;
    std::printf(
        "pairwise_precision=%.4f pairwise_recall=%.4f pairwise_f1=%.4f bcubed_precision=%.4f "
        "bcubed_recall=%.4f bcubed_f1=%.4f persons=%zu identities=%zu auto_assigned=%.4f%s\n",
        c.pairwisePrecision, c.pairwiseRecall, c.pairwiseF1, c.bcubedPrecision, c.bcubedRecall,
        c.bcubedF1, c.clusters, c.identities, before.autoAssigned, oracleKeys.c_str());
    return 0;
}

}  // namespace

const Command& evalCommand() {
    static const Command command{
        {"eval",
         "Score the people found against identity labels, optionally with an oracle answering the "
         "review queue.",
         "kith-cli [--library PATH] eval --labels CSV --root DIR [--oracle]",
         "Reads labels (header file,identity; paths relative to --root; the labelled face is the "
         "largest face of "
         "each photo, which must have been scanned into the library), and scores the people "
         "engine's grouping: "
         "pairwise and BCubed precision, recall and F1, persons among the labelled faces against "
         "identities, and "
         "the share of labelled faces in a person. With --oracle, an oracle then answers the "
         "review queue from "
         "the labels as a careful user would, on a copy of the library (yours is left as it is), "
         "until BCubed F1 "
         "is 1.0 or nothing improves. The last line is exactly: pairwise_precision=... "
         "pairwise_recall=... "
         "pairwise_f1=... bcubed_precision=... bcubed_recall=... bcubed_f1=... persons=... "
         "identities=... "
         "auto_assigned=... [oracle_answers=... oracle_bcubed_f1=...]",
         {{"labels", "CSV", "the identity labels"},
          {"root", "DIR", "folder the labels' paths are relative to"},
          {"oracle", "",
           "answer the review queue from the labels, and report how many answers it took"},
          {"max-answers", "N", "the oracle's budget (default 200)"},
          {"verbose", "", "print the oracle's questions and answers"},
          {"method", "two-pass|average|hdbscan|whispers",
           "how faces are grouped (default two-pass; docs/people.md compares them)"}},
         "kith-cli eval --labels ../shared/data/faces-dev/labels.csv --root "
         "../shared/data/faces-dev --oracle"},
        runEval};
    return command;
}

}  // namespace kith::cli
