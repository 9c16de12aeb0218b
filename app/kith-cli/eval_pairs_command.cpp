#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "commands.h"
#include "kith/common/csv.h"
#include "kith/eval.h"

namespace kith::cli {
namespace {

struct PairRow {
    std::string a, b;
    bool same;
};

// The rows of a pairs file (header: file_a,file_b,same); nothing when it cannot be read or a
// row has fewer than three fields.
std::optional<std::vector<PairRow>> readPairs(const std::string& path) {
    const auto table = readCsvFile(path);
    if (!table.ok()) return std::nullopt;
    std::vector<PairRow> rows;
    for (const auto& fields : table.value().rows) {
        if (fields.size() < 3) return std::nullopt;
        rows.push_back({fields[0], fields[1], fields[2] == "1"});
    }
    return rows;
}

// The embedding of the largest face of a photo, or nothing when no face is found.
std::optional<vision::Embedding> largestFace(vision::FaceAnalyzer& analyzer,
                                             const std::filesystem::path& file) {
    auto photo = image::readImageFile(file);
    if (!photo.ok()) {
        reportError(photo.error().describe());
        return std::nullopt;
    }
    auto faces = analyzer.analyze(photo.value());
    if (!faces.ok()) {
        reportError(faces.error().describe());
        return std::nullopt;
    }
    const vision::Face* largest = vision::largestFace(faces.value());
    if (!largest) {
        reportError(file.string() + ": no face found");
        return std::nullopt;
    }
    return largest->embedding;
}

struct EvalPairsArguments {
    std::string pairs;
    std::filesystem::path root;
    double threshold = vision::kSamePersonDistance;
    std::string distances;  // empty: not written
};

void bindEvalPairs(CLI::App& app, EvalPairsArguments& args) {
    app.add_option("--pairs", args.pairs, "the labelled pairs")->type_name("CSV")->required();
    app.add_option("--root", args.root, "folder the pairs' paths are relative to")
        ->type_name("DIR")
        ->required();
    app.add_option("--threshold", args.threshold,
                   "same-person distance threshold (default: Kith's calibrated 0.40)")
        ->type_name("T")
        ->check(realNumber(0.0, 2.0));
    app.add_option("--distances", args.distances, "also write every pair's distance to FILE as CSV")
        ->type_name("FILE");
}

int runEvalPairs(const CommonOptions& common, const EvalPairsArguments& args) {
    const auto rows = readPairs(args.pairs);
    if (!rows) {
        reportError(args.pairs + ": cannot read the pairs file (expected file_a,file_b,same)");
        return 1;
    }
    auto analyzer = loadAnalyzer(common);
    if (!analyzer) return 1;
    const std::filesystem::path& root = args.root;
    std::map<std::string, std::optional<vision::Embedding>> embeddings;
    for (const PairRow& row : *rows)
        for (const std::string& file : {row.a, row.b})
            if (!embeddings.count(file)) embeddings[file] = largestFace(*analyzer, root / file);
    reportFallback(*analyzer);

    std::vector<eval::ScoredPair> scored;
    std::ofstream distances;
    if (!args.distances.empty()) distances.open(args.distances);
    for (const PairRow& row : *rows) {
        const auto& a = embeddings[row.a];
        const auto& b = embeddings[row.b];
        const float d =
            a && b ? vision::embeddingDistance(*a, *b) : std::numeric_limits<float>::quiet_NaN();
        scored.push_back({d, row.same});
        if (distances) distances << row.a << "," << row.b << "," << row.same << "," << d << "\n";
    }
    const eval::VerificationReport r =
        eval::evaluateVerification(scored, static_cast<float>(args.threshold));
    std::cout << "photos without a face: "
              << std::count_if(embeddings.begin(), embeddings.end(),
                               [](const auto& e) { return !e.second; })
              << "\nfalse matches: " << r.falseMatches
              << "\nfalse non-matches: " << r.falseNonMatches
              << " (of which unscorable: " << r.unscorable << ")\n";
    std::cout << std::fixed << std::setprecision(4) << "accuracy=" << r.accuracy
              << " auc=" << r.rocAuc << " threshold=" << std::setprecision(3) << r.threshold
              << " pairs=" << r.pairs << "\n";
    return 0;
}

}  // namespace

const Command& evalPairsCommand() {
    static const Command command{
        {"eval-pairs", "Measure face verification on labelled pairs of photos.",
         "kith-cli eval-pairs --pairs CSV --root DIR [--threshold T]",
         "Reads a pairs file (header file_a,file_b,same; paths relative to --root; same is 1 or "
         "0), embeds the largest face of each photo and reports the accuracy at the threshold "
         "(same person when the distance between normalised embeddings is at most T) and the ROC "
         "AUC. A photo without a detected face makes its pairs wrong answers. The last line is "
         "exactly: accuracy=... auc=... threshold=... pairs=N",
         "kith-cli eval-pairs --pairs ../shared/data/faces-dev/pairs.csv --root "
         "../shared/data/faces-dev"},
        declareWith<EvalPairsArguments>(bindEvalPairs, runEvalPairs)};
    return command;
}

}  // namespace kith::cli
