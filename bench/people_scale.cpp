// The people engine at library scale, on synthetic faces in a real SQLite library (issue 6).
//
//   people_scale index [--faces N,...]   the FAISS face index, exact and inverted (IVF), at each
//                                       size: build time, one query's latency, recall of IVF
//   people_scale engine [--faces N] [--incremental M] [--assigned]
//                                       a library of N faces: the first clustering (bootstrap;
//                                       --assigned: people written as labelled instead), a
//                                       restart (everything read, the index rebuilt), M photos
//                                       added singly and in batches of 50 with an update after
//                                       each, the review queue; peak memory and quality
//   people_scale distances [--models DIR]
//                                       the synthetic faces against Kith's own on faces-lfw
//                                       (scanned once into --work): same-person, different-
//                                       person and nearest-stranger distances, side by side
//
// Synthetic faces have the real embedder's distances on faces-lfw (tests/support/
// synthetic_faces.h, checked by `distances`): identities of very different sizes (a few people in
// most photos, many in a few), one to three faces per photo, and one face in ten a stranger seen
// once. Options: --work DIR.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>

#include "dev_set.h"
#include "face_index.h"
#include "kith/eval.h"
#include "kith/people.h"
#include "kith/quality.h"
#include "scanned_set.h"
#include "synthetic_library.h"

namespace {

using namespace kith;
using bench::orExit;
using bench::SyntheticLibrary;
using bench::writePeople;
using bench::writePhotos;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double millisecondsSince(Clock::time_point start) {
    return 1000 * secondsSince(start);
}

bool hasFlag(int argc, char** argv, const std::string& flag) {
    return std::find(argv + 1, argv + argc, flag) != argv + argc;
}

// Peak resident memory since the last reset, from /proc (VmHWM), in MiB.
double peakMemoryMiB() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

// Linux resets VmHWM to the current resident size when "5" is written to clear_refs.
void resetPeakMemory() {
    std::ofstream("/proc/self/clear_refs") << "5";
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[at];
}

std::vector<std::size_t> sizesOption(int argc, char** argv, const std::string& fallback) {
    std::vector<std::size_t> sizes;
    std::stringstream list(bench::option(argc, argv, "faces", fallback));
    for (std::string item; std::getline(list, item, ',');)
        sizes.push_back(std::stoul(item));
    return sizes;
}

void printQuality(const people::PeopleEngine& engine,
                  const std::map<store::Id, std::string>& truth) {
    std::vector<std::int64_t> predicted;
    std::vector<std::string> labels;
    for (const auto& [face, label] : truth) {
        const store::Id person = engine.personOf(face);
        predicted.push_back(person ? person : -1);
        labels.push_back(label);
    }
    const auto r = eval::evaluateClustering(predicted, labels);
    std::cout << "  quality: persons " << r.clusters << " for " << r.identities
              << " identities (strangers included), pairwise precision " << r.pairwisePrecision
              << ", recall " << r.pairwiseRecall << ", BCubed F1 " << r.bcubedF1 << "\n";
}

// Labelled faces (embedding, identity) and the distances that tell whether a grouping chains:
// between two faces of one identity, of two identities, and from each face to its nearest
// face of another identity (which falls as a library grows: compare at one size).
struct Distances {
    std::vector<double> same, different, nearestStranger;
    // Faces joined along every pair within 0.36 (single linkage, which chains): how precise.
    double chainedPrecision = 0;
    static constexpr double kChainedWithin = 0.36;

    static Distances of(const std::vector<test::Embedding>& faces,
                        const std::vector<std::string>& identities) {
        Distances d;
        std::vector<double> nearest(faces.size(), 4.0);
        std::vector<std::size_t> parent(faces.size());
        std::iota(parent.begin(), parent.end(), 0);
        auto root = [&](std::size_t i) {
            while (parent[i] != i)
                i = parent[i] = parent[parent[i]];
            return i;
        };
        for (std::size_t i = 0; i < faces.size(); ++i)
            for (std::size_t j = i + 1; j < faces.size(); ++j) {
                const double distance = test::distance(faces[i], faces[j]);
                if (distance <= kChainedWithin) parent[root(i)] = root(j);
                if (identities[i] == identities[j]) {
                    d.same.push_back(distance);
                } else {
                    d.different.push_back(distance);
                    nearest[i] = std::min(nearest[i], distance);
                    nearest[j] = std::min(nearest[j], distance);
                }
            }
        d.nearestStranger = std::move(nearest);
        std::vector<std::int64_t> chained;
        for (std::size_t i = 0; i < faces.size(); ++i)
            chained.push_back(static_cast<std::int64_t>(root(i)));
        d.chainedPrecision = eval::evaluateClustering(chained, identities).pairwisePrecision;
        return d;
    }

    void print(const std::string& name) const {
        auto row = [](const std::vector<double>& v) {
            std::ostringstream out;
            out << std::fixed << std::setprecision(3) << percentile(v, 0.05) << " / "
                << percentile(v, 0.5) << " / " << percentile(v, 0.95);
            return out.str();
        };
        std::cout << "| " << name << " | " << row(same) << " | " << row(different) << " | "
                  << row(nearestStranger) << " | " << std::setprecision(3) << chainedPrecision
                  << " |\n";
    }
};

// faces-lfw's labelled faces as Kith embeds them (the largest face of each photo).
Distances lfwDistances(int argc, char** argv, const std::filesystem::path& work) {
    const auto root = bench::dataSetRoot("faces-lfw", "KITH_LFW_SET");
    bench::scanOnce(root / "images", work / "lfw.db", bench::modelDirectory(argc, argv),
                    work / "cache");
    auto library = orExit(store::Library::open(work / "lfw.db", store::Access::ReadWrite));
    const auto labelled = orExit(quality::labelledFaces(*library, root / "labels.csv", root));
    std::map<store::Id, std::string> identityOf;
    for (const auto& f : labelled)
        identityOf[f.face] = f.identity;
    std::vector<test::Embedding> faces;
    std::vector<std::string> identities;
    orExit(library->forEachEmbedding([&](const store::Library::EmbeddingRow& row) {
        const auto it = identityOf.find(row.face);
        if (it == identityOf.end()) return;
        test::Embedding e;
        std::copy(row.embedding.begin(), row.embedding.end(), e.begin());
        faces.push_back(e);
        identities.push_back(it->second);
    }));
    return Distances::of(faces, identities);
}

// A synthetic set of faces-lfw's shape: 212 identities of 20 faces, 300 of 2 to 7, 1,000 of one.
Distances syntheticDistances() {
    test::SyntheticFaces source(5);
    std::uniform_int_distribution<int> occasional(2, 7);
    std::vector<test::Embedding> faces;
    std::vector<std::string> identities;
    auto add = [&](int count) {
        const auto identity = source.libraryIdentity();
        const std::string name = std::to_string(identities.size());
        for (int i = 0; i < count; ++i) {
            faces.push_back(source.face(identity));
            identities.push_back(name);
        }
    };
    for (int i = 0; i < 212; ++i)
        add(20);
    for (int i = 0; i < 300; ++i)
        add(occasional(source.random()));
    for (int i = 0; i < 1000; ++i)
        add(1);
    return Distances::of(faces, identities);
}

void compareDistances(int argc, char** argv, const std::filesystem::path& work) {
    std::cout << "\n| faces | same person: 5 % / median / 95 % | different people | nearest "
                 "stranger | single linkage at 0.36: pairwise precision |\n|---|---|---|---|---|\n";
    lfwDistances(argc, argv, work).print("faces-lfw, Kith's embeddings");
    syntheticDistances().print("synthetic, the same shape");
}

void engineAtScale(std::size_t faceCount, std::size_t incremental, bool assigned,
                   const std::filesystem::path& work) {
    std::cout << "\n== engine, " << faceCount << " faces ==\n";
    const auto file = work / ("people-" + std::to_string(faceCount) + ".db");
    std::filesystem::remove(file);
    auto library = orExit(store::Library::open(file, store::Access::ReadWrite));
    test::SyntheticFaces faces(7);
    const SyntheticLibrary lib = SyntheticLibrary::make(faces, faceCount);
    // The last `incremental` photos come later, one at a time.
    const std::size_t firstBatch = lib.photos.size() - std::min(incremental, lib.photos.size());
    std::map<store::Id, std::string> truth;
    auto start = Clock::now();
    for (std::size_t p = 0; p < firstBatch; p += 20'000)
        writePhotos(*library, faces, lib, p, std::min(firstBatch, p + 20'000), truth);
    std::cout << "  library written: " << truth.size() << " faces in " << firstBatch << " photos, "
              << lib.identities.size() << " identities, " << std::fixed << std::setprecision(1)
              << secondsSince(start) << " s (not a target)\n";

    if (assigned) {
        // People as a finished clustering would leave them, written directly: for sizes whose
        // first clustering takes too long to wait for here.
        start = Clock::now();
        writePeople(*library, truth);
        std::cout << "  people written as labelled (no bootstrap): " << secondsSince(start)
                  << " s\n";
    } else {
        resetPeakMemory();
        start = Clock::now();
        auto engine = orExit(people::PeopleEngine::open(*library));
        const auto boot = orExit(engine->update());
        std::cout << "  bootstrap: " << secondsSince(start) << " s, " << boot.newPersons
                  << " persons, " << boot.pooled << " faces pooled; peak memory "
                  << std::setprecision(0) << peakMemoryMiB() << " MiB\n"
                  << std::setprecision(4);
        printQuality(*engine, truth);
    }

    std::unique_ptr<people::PeopleEngine> engine;
    resetPeakMemory();
    start = Clock::now();
    engine = orExit(people::PeopleEngine::open(*library));
    std::cout << std::setprecision(2)
              << "  restart (faces read, index rebuilt): " << secondsSince(start)
              << " s; peak memory " << std::setprecision(0) << peakMemoryMiB() << " MiB\n";

    // New photos as a scan brings them: one at a time (a photo dropped into a folder), then in
    // batches of 50 (a scan running: the engine is updated after each batch).
    const std::size_t singly = (lib.photos.size() - firstBatch) / 2;
    for (std::size_t batch : {std::size_t{1}, std::size_t{50}}) {
        const std::size_t from = batch == 1 ? firstBatch : firstBatch + singly;
        const std::size_t to = batch == 1 ? firstBatch + singly : lib.photos.size();
        std::vector<double> perFace;
        std::size_t placed = 0;
        for (std::size_t p = from; p < to; p += batch) {
            writePhotos(*library, faces, lib, p, std::min(to, p + batch), truth);
            start = Clock::now();
            const auto report = orExit(engine->update());
            const double ms = millisecondsSince(start);
            placed += report.newFaces;
            if (report.newFaces) perFace.push_back(ms / static_cast<double>(report.newFaces));
        }
        if (perFace.empty()) continue;
        std::cout << std::setprecision(2) << "  incremental, " << batch
                  << " photo(s) per update: " << placed << " faces, time per face p50 "
                  << percentile(perFace, 0.5) << " ms, p99 " << percentile(perFace, 0.99)
                  << " ms (target < 5 ms)\n";
    }

    // The review queue, as the app asks for it: the first time, again, and after an answer.
    start = Clock::now();
    auto items = engine->review();
    std::cout << "  review: " << items.size() << " questions in " << millisecondsSince(start)
              << " ms";
    start = Clock::now();
    items = engine->review();
    std::cout << ", again " << millisecondsSince(start) << " ms";
    const auto question = std::find_if(items.begin(), items.end(), [](const auto& item) {
        return item.kind != people::ReviewItem::Kind::WhoIsThis;  // a yes, not a name
    });
    if (question != items.end()) {
        start = Clock::now();
        orExit(engine->answer(question->id, people::Answer::Yes));
        const double answered = millisecondsSince(start);
        start = Clock::now();
        items = engine->review();
        std::cout << "; an answer " << answered << " ms, the review after it "
                  << millisecondsSince(start) << " ms";
    }
    std::cout << "\n" << std::setprecision(4);
    printQuality(*engine, truth);
    std::cout << "  peak memory since the restart: " << std::setprecision(0) << peakMemoryMiB()
              << " MiB\n";
}

void indexAtScale(std::size_t n) {
    std::cout << "\n== index, " << n << " faces ==\n";
    test::SyntheticFaces faces(11);
    const SyntheticLibrary lib = SyntheticLibrary::make(faces, n);
    std::vector<float> rows;
    std::vector<long> identityOfRow;  // a stranger: an identity of its own
    rows.reserve(n * people::kDimensions);
    for (const auto& photo : lib.photos)
        for (int identity : photo) {
            const auto e =
                faces.face(identity < 0 ? faces.libraryIdentity()
                                        : lib.identities[static_cast<std::size_t>(identity)]);
            rows.insert(rows.end(), e.begin(), e.end());
            identityOfRow.push_back(identity < 0 ? -static_cast<long>(identityOfRow.size()) - 1
                                                 : identity);
        }
    // What placement needs of a search: the identity of the nearest face within T (or none).
    auto nearestIdentity = [&](const std::vector<people::Neighbour>& found) -> std::optional<long> {
        if (found.empty() || found.front().distance > people::Settings{}.samePerson)
            return std::nullopt;
        return identityOfRow[static_cast<std::size_t>(found.front().face - 1)];
    };
    std::vector<std::int64_t> ids(n);
    std::iota(ids.begin(), ids.end(), 1);
    constexpr int kQueries = 500, kNearest = 5;
    std::vector<float> queries;
    std::vector<std::int64_t> queryIds;
    for (int q = 0; q < kQueries; ++q) {
        const std::size_t at = static_cast<std::size_t>(q) * (n / kQueries);
        queries.insert(queries.end(), rows.begin() + static_cast<long>(at * people::kDimensions),
                       rows.begin() + static_cast<long>((at + 1) * people::kDimensions));
        queryIds.push_back(ids[at]);
    }
    // The truth: the exact index searched for all queries at once (many queries run on the exact
    // index itself; a lone query on a large one goes to the IVF kept beside it).
    std::vector<std::vector<people::Neighbour>> truth;
    for (auto kind : {people::FaceIndex::Kind::Exact, people::FaceIndex::Kind::Inverted}) {
        const bool exact = kind == people::FaceIndex::Kind::Exact;
        people::FaceIndex index;
        auto start = Clock::now();
        index.rebuild(ids, rows, kind);
        const double build = secondsSince(start);
        std::cout << std::fixed << std::setprecision(2) << "  " << (exact ? "exact" : "IVF  ")
                  << ": built in " << build << " s";
        if (exact) {
            start = Clock::now();
            truth = index.searchMany(queries, kNearest + 1);
            const double each = millisecondsSince(start) / kQueries;
            for (std::size_t q = 0; q < truth.size(); ++q) {
                std::erase_if(truth[q], [&](const auto& f) { return f.face == queryIds[q]; });
                truth[q].resize(std::min<std::size_t>(kNearest, truth[q].size()));
            }
            std::cout << "; " << kQueries << " queries at once " << each << " ms each";
        }
        std::vector<double> latency;
        std::size_t found = 0, wanted = 0, samePlacement = 0;
        for (int q = 0; q < kQueries; ++q) {
            std::span<const float, people::kDimensions> query(
                queries.data() + static_cast<std::size_t>(q) * people::kDimensions,
                people::kDimensions);
            start = Clock::now();
            const auto answer =
                index.search(query, kNearest, queryIds[static_cast<std::size_t>(q)]);
            latency.push_back(millisecondsSince(start));
            const auto& expected = truth[static_cast<std::size_t>(q)];
            samePlacement += nearestIdentity(answer) == nearestIdentity(expected);
            for (const auto& t : expected) {
                ++wanted;
                found += std::any_of(answer.begin(), answer.end(),
                                     [&](const people::Neighbour& a) { return a.face == t.face; });
            }
        }
        std::cout << "; one query"
                  << (exact && index.size() >= people::FaceIndex::kQuickFrom
                          ? " (on the IVF beside it)"
                          : "")
                  << " p50 " << percentile(latency, 0.5) << " ms, p99 " << percentile(latency, 0.99)
                  << " ms; recall of the " << kNearest << " nearest " << std::setprecision(4)
                  << static_cast<double>(found) / static_cast<double>(wanted)
                  << ", same nearest person within T "
                  << static_cast<double>(samePlacement) / kQueries << "\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    people::useSingleThreadedBlas();  // as the apps do
    const std::string what = argc > 1 ? argv[1] : "";
    const std::filesystem::path work =
        bench::option(argc, argv, "work", std::filesystem::temp_directory_path().string());
    if (what == "index") {
        for (std::size_t n : sizesOption(argc, argv, "100000,200000,500000,1000000"))
            indexAtScale(n);
    } else if (what == "engine") {
        const auto incremental = std::stoul(bench::option(argc, argv, "incremental", "300"));
        for (std::size_t n : sizesOption(argc, argv, "100000"))
            engineAtScale(n, incremental, hasFlag(argc, argv, "--assigned"), work);
    } else if (what == "distances") {
        compareDistances(argc, argv, work);
    } else {
        std::cerr << "usage: people_scale index|engine|distances [--faces N,...] "
                     "[--incremental M] [--assigned] [--models DIR] [--work DIR]\n";
        return 2;
    }
    return 0;
}
