// The people engine at the shape of a real library (issue 14): a quarter of faces-lfw (every
// fourth of its 1,512 people: a few seen often, more a few times, most once), scanned in two
// steps as a user would (every other photo of each person, then all of them), scored against the
// labels before any answer. At this size joining faces along close pairs (single linkage)
// already chains strangers into persons of hundreds of faces (pairwise precision about 0.24);
// the default grouping must not.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <tuple>

#include "kith/people.h"
#include "kith/quality.h"
#include "library_support.h"
#include "test_support.h"

using namespace kith;

namespace {

struct LabelRow {
    std::string file, identity, line;
};

std::vector<LabelRow> readLabels(const std::filesystem::path& csv) {
    std::ifstream in(csv);
    std::vector<LabelRow> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        const auto first = line.find(','), second = line.find(',', first + 1);
        if (first == std::string::npos) continue;
        rows.push_back({line.substr(0, first), line.substr(first + 1, second - first - 1), line});
    }
    return rows;
}

// Every fourth identity (by name) of faces-lfw, copied with its labels into `root`, in two steps.
struct QuarterOfLfw {
    std::vector<LabelRow> rows;
    std::vector<std::vector<LabelRow>> steps{2};

    explicit QuarterOfLfw(const std::filesystem::path& root) {
        const auto all = readLabels(test::lfwSet() / "labels.csv");
        std::map<std::string, std::vector<LabelRow>> byIdentity;
        for (const LabelRow& r : all)
            byIdentity[r.identity].push_back(r);
        std::size_t n = 0;
        for (auto& [identity, photos] : byIdentity) {
            if (n++ % 4 != 0) continue;
            std::sort(photos.begin(), photos.end(),
                      [](const LabelRow& a, const LabelRow& b) { return a.file < b.file; });
            for (std::size_t i = 0; i < photos.size(); ++i) {
                rows.push_back(photos[i]);
                steps[i % 2].push_back(photos[i]);
            }
        }
        std::ofstream labels(root / "labels.csv");
        labels << "file,identity,kind\n";
        for (const LabelRow& r : rows)
            labels << r.line << "\n";
    }

    void copyStep(int step, const std::filesystem::path& root) const {
        for (const LabelRow& r : steps[static_cast<std::size_t>(step)]) {
            std::filesystem::create_directories((root / r.file).parent_path());
            std::filesystem::copy_file(test::lfwSet() / r.file, root / r.file);
        }
    }
};

}  // namespace

TEST_CASE("a quarter of faces-lfw in two scans: precise people, none chained, before any answer",
          "[people][lfw]") {
    test::TempDir dir;
    const auto root = dir / "lfw";
    std::filesystem::create_directories(root / "images");
    const QuarterOfLfw set(root);
    REQUIRE(set.rows.size() > 1000);
    auto library = test::openLibrary(dir / "library.db");
    auto opened = people::PeopleEngine::open(*library);
    REQUIRE(opened.ok());
    auto& engine = *opened.value();
    for (int step = 0; step < 2; ++step) {
        set.copyStep(step, root);
        test::scanInto(*library, {root / "images"}, test::scanOptions(dir / "cache"));
        const auto report = engine.update();
        REQUIRE(report.ok());
    }
    auto labelled = quality::labelledFaces(*library, root / "labels.csv", root);
    REQUIRE(labelled.ok());
    const auto score = quality::scorePeople(engine, labelled.value());
    const auto& c = score.clustering;
    WARN("pairwise P/R " << c.pairwisePrecision << "/" << c.pairwiseRecall << ", BCubed P/R/F1 "
                         << c.bcubedPrecision << "/" << c.bcubedRecall << "/" << c.bcubedF1 << ", "
                         << c.clusters << " persons for " << c.identities << " identities");
    CHECK(c.pairwisePrecision >= 0.99);
    // The 0.93, which this quarter passes (0.939 here) and the whole set just misses
    // (0.927, docs/people.md).
    CHECK(c.bcubedF1 >= 0.93);

    // No person is made of strangers: each of the 20 largest is at least 98 % one identity, and
    // none is larger than the most photographed identity (20 photos) by more than a bystander
    // or two.
    std::map<store::Id, std::map<std::string, int>> identities;
    for (const auto& f : labelled.value())
        if (const store::Id p = engine.personOf(f.face)) ++identities[p][f.identity];
    // (faces, faces of the main identity, who they are)
    std::vector<std::tuple<int, int, std::string>> sizes;
    for (const auto& [person, counts] : identities) {
        int total = 0, most = 0;
        std::string who;
        for (const auto& [identity, n] : counts)
            total += n, most = std::max(most, n), who += " " + identity + " x" + std::to_string(n);
        sizes.emplace_back(total, most, who);
    }
    std::sort(sizes.rbegin(), sizes.rend());
    REQUIRE(sizes.size() >= 20);
    CHECK(std::get<0>(sizes.front()) <= 22);
    for (std::size_t i = 0; i < 20; ++i) {
        const auto& [total, most, who] = sizes[i];
        INFO("person " << i + 1 << " of the largest: " << most << " of " << total
                       << " faces one identity:" << who);
        CHECK(most >= 0.98 * total);
    }
}
