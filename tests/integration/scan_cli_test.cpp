// kith-cli scan and status as scripts use them (issue 5), and crash safety tested for real: a
// scan killed with SIGKILL mid-way, resumed, ends with the library an uninterrupted scan makes.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "kith/store.h"
#include "library_support.h"
#include "test_support.h"

extern char** environ;

using namespace kith;

namespace {

// Starts kith-cli with `args` in the background, its output discarded.
pid_t start(const std::vector<std::string>& args) {
    std::vector<std::string> all = {test::kithCli().string()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

int waitFor(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Photos the library has finished with (analysed or failed), read as another process would.
std::int64_t finished(const std::filesystem::path& library) {
    auto reader = store::Library::open(library, store::Access::ReadOnly);
    if (!reader.ok()) return 0;
    auto counts = reader.value()->counts();
    return counts.ok() ? counts.value().photos - counts.value().pending : 0;
}

std::string cli() {
    return test::quoted(test::kithCli());
}

}  // namespace

TEST_CASE("a scan killed mid-way resumes to the library an uninterrupted scan makes",
          "[scan][crash]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 24);
    const auto killed = dir / "killed.db";
    const std::vector<std::string> scan = {
        "--library", killed.string(), "--cache", (dir / "cache").string(),
        "--backend", "cpu",           "scan",    "--batch",
        "4",         "--jobs",        "2",       (dir / "photos").string()};
    const pid_t pid = start(scan);
    // Kill it once a few batches have landed and well before the end.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (finished(killed) < 8 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(kill(pid, SIGKILL) == 0);
    CHECK(waitFor(pid) == -1);  // it really was killed, not finished
    const auto atKill = finished(killed);
    INFO("photos finished when killed: " << atKill);
    CHECK(atKill >= 8);
    CHECK(atKill < 24);

    CHECK(waitFor(start(scan)) == 0);  // resume
    const auto whole = dir / "whole.db";
    CHECK(waitFor(start({"--library", whole.string(), "--cache", (dir / "cache").string(),
                         "--backend", "cpu", "scan", (dir / "photos").string()})) == 0);
    auto resumed = store::Library::open(killed, store::Access::ReadOnly);
    auto uninterrupted = store::Library::open(whole, store::Access::ReadOnly);
    REQUIRE(resumed.ok());
    REQUIRE(uninterrupted.ok());
    const auto a = resumed.value()->canonicalDump().value();
    const auto b = uninterrupted.value()->canonicalDump().value();
    CHECK(a.size() > 24);  // photos and their faces
    CHECK(a == b);
}

TEST_CASE("a second process writing the same library gets a clear message", "[scan]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 16);
    const auto library = dir / "library.db";
    const pid_t first = start({"--library", library.string(), "--cache", (dir / "cache").string(),
                               "scan", "--jobs", "1", (dir / "photos").string()});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (finished(library) < 1 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto second = test::runCommand(cli() + " --library " + library.string() + " scan " +
                                         (dir / "photos").string() + " 2>&1");
    CHECK(second.status == 1);
    CHECK_THAT(second.out,
               Catch::Contains("another Kith process") && Catch::Contains(std::to_string(first)));
    CHECK(waitFor(first) == 0);
    auto reader = store::Library::open(library, store::Access::ReadOnly);
    REQUIRE(reader.ok());
    CHECK(reader.value()->counts().value().photos == 16);  // the first scan finished unharmed
}

TEST_CASE("status --json and --errors report what the scan recorded", "[scan]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 3);
    std::ofstream(dir / "photos" / std::string("broken-\xff.jpg")) << "not a photo";
    const std::string library = " --library " + (dir / "library.db").string();
    const auto scan = test::runCommand(cli() + library + " --cache " + (dir / "cache").string() +
                                       " scan " + (dir / "photos").string() + " 2>&1");
    CHECK(scan.status == 0);  // a bad file is not a failed scan
    CHECK_THAT(scan.out, Catch::Contains("broken-\\xff.jpg") && Catch::Contains("1 failed"));

    const auto status = test::runCommand(cli() + library + " status --json --errors");
    REQUIRE(status.status == 0);
    const auto json = nlohmann::json::parse(status.out);
    CHECK(json["photos"] == 4);
    CHECK(json["errors"] == 1);
    CHECK(json["pending"] == 0);
    CHECK(json["faces"].get<int>() >= 3);
    for (const char* key : {"photos", "faces", "errors", "pending"})
        CHECK(json[key].is_number_integer());
    REQUIRE(json["error_list"].size() == 1);
    CHECK_THAT(json["error_list"][0]["file"].get<std::string>(),
               Catch::Contains("broken-\\xff.jpg"));

    const auto text = test::runCommand(cli() + library + " status --errors");
    CHECK_THAT(text.out, Catch::Contains("not an image") && Catch::Contains("4 photos"));
    // Unchanged library, unchanged answer.
    const auto again = test::runCommand(cli() + library + " --cache " + (dir / "cache").string() +
                                        " scan " + (dir / "photos").string() + " 2>&1");
    CHECK_THAT(again.out, Catch::Contains("4 unchanged"));
    CHECK(test::runCommand(cli() + library + " status --json --errors").out == status.out);
}

TEST_CASE("a library that cannot be opened makes scan fail with the reason", "[scan]") {
    test::TempDir dir;
    std::ofstream(dir / "not-a-library.db") << "plain text";
    const auto run = test::runCommand(cli() + " --library " + (dir / "not-a-library.db").string() +
                                      " scan " + test::devSet().string() + " 2>&1");
    CHECK(run.status == 1);
    CHECK_THAT(run.out, Catch::Contains("Kith library"));
}

TEST_CASE("scan says which folder is offline and keeps it, and refuses one that cannot be read",
          "[scan][offline]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 2);
    const std::string library =
        " --library " + (dir / "library.db").string() + " --cache " + (dir / "cache").string();
    const std::string scan = cli() + library + " scan --no-people ";
    REQUIRE(test::runCommand(scan + (dir / "photos").string()).status == 0);

    std::filesystem::rename(dir / "photos", dir / "unplugged");
    const auto offline = test::runCommand(scan + (dir / "photos").string() + " 2>&1");
    CHECK(offline.status == 0);
    CHECK_THAT(offline.out, Catch::Contains("is offline") && Catch::Contains("0 removed") &&
                                Catch::Contains("2 out of reach and kept"));
    const auto folders = test::runCommand(cli() + library + " folders");
    CHECK_THAT(folders.out, Catch::Contains("offline since"));
    CHECK(test::runCommand(cli() + library + " status --json").out.find("\"photos\":2") !=
          std::string::npos);

    const auto nowhere = test::runCommand(scan + (dir / "nowhere").string() + " 2>&1");
    CHECK(nowhere.status == 2);
    CHECK_THAT(nowhere.out, Catch::Contains("not added to the library"));
    CHECK(test::runCommand(cli() + library + " folders add " + (dir / "nowhere").string()).status ==
          2);
    CHECK(test::runCommand(cli() + library + " folders").out.find("nowhere") == std::string::npos);
}

TEST_CASE("terminal escapes in file names are shown, not obeyed", "[scan][bad-input]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "photos");
    std::ofstream(dir / "photos" / std::string("red\x1b[31m-bell\x07-line\n-c1\xc2\x9b.jpg"))
        << "not a photo";
    const std::string library = " --library " + (dir / "library.db").string();
    const auto scan = test::runCommand(cli() + library + " --cache " + (dir / "cache").string() +
                                       " scan --no-people " + (dir / "photos").string() + " 2>&1");
    const auto errors = test::runCommand(cli() + library + " status --errors");
    for (const auto* out : {&scan.out, &errors.out}) {
        CHECK_THAT(*out, Catch::Contains("red\\x1b[31m-bell\\x07-line\\x0a-c1\\xc2\\x9b.jpg"));
        for (const char control : {'\x1b', '\x07'})
            CHECK(out->find(control) == std::string::npos);
        CHECK(out->find("\xc2\x9b") == std::string::npos);
    }
}

TEST_CASE("an option value scan cannot use is refused before any photo is read (issue 16)",
          "[scan][cli][bad-input]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 2);
    const auto library = dir / "library.db";
    const std::vector<std::pair<std::string, std::string>> refusals = {
        // Used to analyse every photo first, then refuse, leaving the new faces unplaced.
        {"scan --method foo",
         "kith-cli scan: --method: must be one of two-pass, average, hdbscan, whispers, not "
         "'foo'"},
        {"--backend gpu scan",
         "kith-cli scan: --backend: must be one of auto, cpu, opencl, opencl-fp16, cuda, not "
         "'gpu'"},
        {"scan --alignment tilted",
         "kith-cli scan: --alignment: must be one of similarity, crop, not 'tilted'"},
        {"scan --batch 1.5", "kith-cli scan: --batch: must be a whole number from 1 to 100000"},
        {"scan --no-such-option", "kith-cli scan: unknown option --no-such-option"},
    };
    for (const auto& [args, message] : refusals) {
        const auto run = test::runCommand(cli() + " --library " + library.string() + " --cache " +
                                          (dir / "cache").string() + " " + args + " " +
                                          (dir / "photos").string() + " 2>&1");
        INFO(args << ": " << run.out);
        CHECK(run.status == 2);
        CHECK_THAT(run.out, Catch::Contains(message) && Catch::Contains("usage: kith-cli"));
    }
    // Refused before any work: not even the library was created.
    CHECK_FALSE(std::filesystem::exists(library));
}

TEST_CASE("a damaged file is reported in Kith's words, without OpenCV's log lines",
          "[scan][bad-input]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "photos");
    const cv::Mat pixels = cv::imread((test::devSet() / "images" / "img1.jpg").string());
    REQUIRE_FALSE(pixels.empty());
    const auto tiff = test::encodedWithOrientation(pixels, ".tiff", 1);
    std::ofstream(dir / "photos" / "cut.tiff", std::ios::binary)
        .write(reinterpret_cast<const char*>(tiff.data()),
               static_cast<std::streamsize>(tiff.size() / 3));
    const auto scan =
        test::runCommand(cli() + " --library " + (dir / "library.db").string() + " --cache " +
                         (dir / "cache").string() + " scan " + (dir / "photos").string() + " 2>&1");
    CHECK(scan.status == 0);
    CHECK_THAT(scan.out, Catch::Contains("cut.tiff: the TIFF data is damaged or truncated"));
    CHECK_THAT(scan.out, !Catch::Contains("[ WARN"));
}

TEST_CASE("a library damaged page by page is not scanned into, and says so", "[scan][bad-input]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 2);
    const auto file = dir / "library.db";
    const std::string run = cli() + " --library " + file.string() + " --cache " +
                            (dir / "cache").string() + " --backend cpu scan " +
                            (dir / "photos").string() + " 2>&1";
    REQUIRE(test::runCommand(run).status == 0);
    // A page in the middle of the file overwritten, as a failing disk or a bad copy leaves it.
    auto bytes = test::readBytes(file);
    const std::size_t page = 4096, middle = bytes.size() / page / 2;
    std::fill_n(bytes.begin() + static_cast<long>(middle * page), page,
                static_cast<unsigned char>(0xab));
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    test::copyDevPhotos(dir / "photos", 3);
    const auto scan = test::runCommand(run);
    CHECK(scan.status != 0);
    CHECK_THAT(scan.out, Catch::Contains("the library file is damaged") &&
                             Catch::Contains("nothing was written to it"));
    CHECK(test::readBytes(file) == bytes);
}
