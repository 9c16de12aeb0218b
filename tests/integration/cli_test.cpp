// kith-cli's interface, which scripts depend on (issue 4): detect --json, eval-pairs' last line,
// exit codes, errors that name the file, --help everywhere.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "test_support.h"

using namespace kith;

namespace {

std::string cli() {
    return test::quoted(test::kithCli());
}

std::vector<nlohmann::json> jsonLines(const std::string& out) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

}  // namespace

TEST_CASE("detect --json: one line per image, faces for photos, errors for bad files", "[cli]") {
    test::TempDir dir;
    std::filesystem::copy(test::devSet() / "images" / "couple.jpg", dir / "couple.jpg");
    std::ofstream(dir / "empty.jpg").close();
    std::ofstream(dir / "notes.jpg") << "not a photo";
    auto jpeg = test::readBytes(test::devSet() / "images" / "img1.jpg");
    jpeg.resize(jpeg.size() / 2);
    test::writeBytes(dir / "cut.jpg", jpeg);

    const auto run =
        test::runCommand(cli() + " detect --json " + (dir / "couple.jpg").string() + " " +
                         (dir / "empty.jpg").string() + " " + (dir / "notes.jpg").string() + " " +
                         (dir / "cut.jpg").string() + " 2>" + (dir / "err.txt").string());
    CHECK(run.status == 0);  // some files were good
    const auto lines = jsonLines(run.out);
    REQUIRE(lines.size() == 4);
    const auto& couple = lines[0];
    CHECK(couple["width"] == 2280);
    CHECK(couple["height"] == 1588);
    REQUIRE(couple["faces"].size() == 2);
    const auto& face = couple["faces"][0];
    CHECK(face["box"].size() == 4);
    CHECK(face["landmarks"].size() == 68);
    CHECK(face["embedding"].size() == 128);
    CHECK(face["score"].get<double>() > 0.5);
    for (size_t i = 1; i < 4; ++i) {
        CHECK(lines[i].contains("error"));
        CHECK_FALSE(lines[i].contains("faces"));
    }
    CHECK_THAT(lines[1]["error"].get<std::string>(), Catch::Contains("empty"));
    CHECK_THAT(lines[2]["error"].get<std::string>(), Catch::Contains("not an image"));
    CHECK_THAT(lines[3]["error"].get<std::string>(), Catch::Contains("truncated"));
    std::ifstream err(dir / "err.txt");
    const std::string errors((std::istreambuf_iterator<char>(err)), {});
    CHECK_THAT(errors, Catch::Contains("notes.jpg") && Catch::Contains("cut.jpg"));
}

TEST_CASE("detect exits non-zero only when every file failed", "[cli]") {
    test::TempDir dir;
    std::ofstream(dir / "a.jpg") << "text";
    std::ofstream(dir / "b.png") << "more text";
    const auto run = test::runCommand(cli() + " detect " + (dir / "a.jpg").string() + " " +
                                      (dir / "b.png").string() + " 2>/dev/null");
    CHECK(run.status != 0);
}

TEST_CASE("a PNG claiming 100000x100000 pixels is refused with no huge allocation", "[cli]") {
    test::TempDir dir;
    const std::vector<unsigned char> bomb = {
        0x89, 'P',  'N',  'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0,
        1,    0x86, 0xa0, 0,   1,    0x86, 0xa0, 8,    2, 0, 0, 0,  0,   0,   0,   0};
    test::writeBytes(dir / "bomb.png", bomb);
    // Under a 3 GB address-space limit, a 30 GB pixel buffer could not even be attempted.
    // AddressSanitizer reserves terabytes of address space, so its builds run without the limit.
#if defined(__SANITIZE_ADDRESS__)
    const std::string limit;
#else
    const std::string limit = "ulimit -v 3000000; ";
#endif
    const auto run = test::runCommand(limit + cli() + " detect --json " +
                                      (dir / "bomb.png").string() + " 2>/dev/null");
    CHECK(run.status == 1);
    const auto lines = jsonLines(run.out);
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0]["error"].get<std::string>(),
               Catch::Contains("100000x100000") && Catch::Contains("limit"));
}

TEST_CASE("eval-pairs ends with the one line scripts parse", "[cli]") {
    test::TempDir dir;
    std::ofstream(dir / "pairs.csv") << "file_a,file_b,same\n"
                                        "images/img1.jpg,images/img2.jpg,1\n"
                                        "images/img1.jpg,images/img38.jpg,0\n"
                                        "images/img38.jpg,images/img39.jpg,1\n";
    const auto run =
        test::runCommand(cli() + " eval-pairs --pairs " + (dir / "pairs.csv").string() +
                         " --root " + test::devSet().string() + " 2>/dev/null");
    CHECK(run.status == 0);
    const std::string last = run.out.substr(run.out.rfind('\n', run.out.size() - 2) + 1);
    CHECK(std::regex_match(
        last, std::regex(R"(accuracy=1\.0000 auc=1\.0000 threshold=0\.400 pairs=3\n)")));
}

TEST_CASE("every command explains itself with --help, including an example", "[cli]") {
    // Each command with one of its own options, as help lists it.
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"detect", "--json"},         {"eval-pairs", "--threshold T"},
        {"scan", "--jobs N"},         {"lock", "--off"},
        {"review", "--limit N"},      {"answer", "--method two-pass|average|hdbscan|whispers"},
        {"folders", "--library PATH"}};
    for (const auto& [command, option] : commands) {
        const auto run = test::runCommand(cli() + " " + command + " --help");
        INFO(command << "\n" << run.out);
        CHECK(run.status == 0);
        CHECK_THAT(run.out, Catch::Contains("Usage: kith-cli") && Catch::Contains(command) &&
                                Catch::Contains("\nExample:\n  kith-cli") &&
                                Catch::Contains("\n  " + option + "  ") &&
                                Catch::Contains("\n  --models DIR  ") &&
                                Catch::Contains("\n  --help  "));
    }
    const auto overview = test::runCommand(cli() + " --help");
    CHECK(overview.status == 0);
    CHECK_THAT(overview.out, Catch::Contains("detect") && Catch::Contains("eval-pairs"));
    CHECK(test::runCommand(cli() + " help").out == overview.out);
}

TEST_CASE("a command line kith-cli cannot run is refused with one line, then the usage, exit 2",
          "[cli][bad-input]") {
    const std::vector<std::pair<std::string, std::string>> refusals = {
        {"detect --no-such-option",
         "kith-cli detect: unknown option --no-such-option\n"
         "usage: kith-cli detect [--json] IMAGE|DIR...\n"},
        {"detect", "kith-cli detect: IMAGE|DIR is required\n"},
        {"eval-pairs --root x", "kith-cli eval-pairs: --pairs is required\n"},
        {"eval-pairs --pairs p --root r --threshold 2.5",
         "kith-cli eval-pairs: --threshold: must be a number from 0 to 2, not '2.5'\n"},
        {"eval --labels l --root r --max-answers -1",
         "kith-cli eval: --max-answers: must be a whole number from 0 to 1000000, not '-1'\n"},
        {"folders list /tmp",
         "kith-cli folders: list takes no folder, add and remove one or more\n"},
        {"folders add", "kith-cli folders: list takes no folder, add and remove one or more\n"},
        {"folders /tmp",
         "kith-cli folders: ACTION: must be one of list, add, remove, not '/tmp'\n"},
        {"history --json", "kith-cli history: unknown option --json\n"},
        {"no-such-command", "kith-cli: unknown command 'no-such-command'\n"},
    };
    for (const auto& [args, message] : refusals) {
        const auto run = test::runCommand(cli() + " " + args + " 2>&1");
        INFO(args << ": " << run.out);
        CHECK(run.status == 2);
        CHECK_THAT(run.out, Catch::StartsWith(message));
    }
    // The options every command takes come before or after its name.
    test::TempDir dir;
    const std::string missing = (dir / "missing.db").string();
    for (const std::string& args :
         {"--library " + missing + " status", "status --library " + missing}) {
        const auto run = test::runCommand(cli() + " " + args + " 2>&1");
        INFO(args << ": " << run.out);
        CHECK(run.status == 1);
        CHECK_THAT(run.out, Catch::Contains(missing + ": no library here yet"));
    }
}
