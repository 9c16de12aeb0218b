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

struct EvalArguments {
    std::filesystem::path labels, root;
    bool oracle = false;
    std::size_t maxAnswers = 200;
    bool verbose = false;
    people::Settings peopleSettings;
};

void bindEval(CLI::App& app, EvalArguments& args) {
    app.add_option("--labels", args.labels, "the identity labels")->type_name("CSV")->required();
    app.add_option("--root", args.root, "folder the labels' paths are relative to")
        ->type_name("DIR")
        ->required();
    app.add_flag("--oracle", args.oracle,
                 "answer the review queue from the labels, and report how many answers it took");
    app.add_option("--max-answers", args.maxAnswers, "the oracle's budget (default 200)")
        ->type_name("N")
        ->check(wholeNumber(0, 1'000'000));
    app.add_flag("--verbose", args.verbose, "print the oracle's questions and answers");
    addMethodOption(app, args.peopleSettings.method);
}

int runEval(const CommonOptions& common, const EvalArguments& args) {
    auto session = openPeople(common, args.peopleSettings);
    if (!session) return 1;
    std::vector<std::string> problems;
    auto faces = quality::labelledFaces(*session->library, args.labels, args.root, &problems);
    if (!faces.ok()) {
        reportError(faces.error().describe());
        return 1;
    }
    for (const auto& p : problems)
        reportError(p);
    const quality::PeopleScore before = quality::scorePeople(*session->engine, faces.value());
    printScore("before any answer", before);

    std::string oracleKeys;
    if (args.oracle) {
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
        auto oracle = quality::runOracle(*engine.value(), faces.value(), args.maxAnswers);
        if (!oracle.ok()) {
            reportError(oracle.error().describe());
            return 1;
        }
        if (args.verbose)
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
         "kith-cli eval --labels ../shared/data/faces-dev/labels.csv --root "
         "../shared/data/faces-dev --oracle"},
        declareWith<EvalArguments>(bindEval, runEval)};
    return command;
}

}  // namespace kith::cli
