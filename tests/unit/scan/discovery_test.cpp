// Finding photos on disk (issue 5): by content, hidden folders skipped, symlink loops safe,
// known files not read again.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <climits>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "kith/scan.h"
#include "test_support.h"

using namespace kith;

namespace {

void writeJpeg(const std::filesystem::path& file) {
    std::filesystem::create_directories(file.parent_path());
    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)), jpeg);
    test::writeBytes(file, jpeg);
}

// Counts reads, to prove that files the library knows are not opened.
class CountingFileSystem final : public scan::FileSystem {
  public:
    Result<std::vector<Entry>> list(const std::filesystem::path& folder) override {
        return real_->list(folder);
    }
    Result<Entry> stat(const std::filesystem::path& path) override { return real_->stat(path); }
    Result<std::vector<unsigned char>> read(const std::filesystem::path& file,
                                            std::uint64_t max) override {
        ++reads;
        return real_->read(file, max);
    }
    int reads = 0;

  private:
    std::unique_ptr<scan::FileSystem> real_ = scan::realFileSystem();
};

std::vector<std::string> names(const scan::Discovery& d, const std::filesystem::path& root) {
    std::vector<std::string> result;
    for (const auto& f : d.files)
        result.push_back(f.path.lexically_relative(root).string());
    return result;
}

}  // namespace

TEST_CASE("photos are found by content, not hidden folders or other files", "[scan]") {
    test::TempDir dir;
    const auto root = dir / "Pictures";
    writeJpeg(root / "2019" / "beach.jpg");
    writeJpeg(root / "2019" / "no-extension");           // a photo under any name is a photo
    writeJpeg(root / ".thumbnails" / "beach.jpg");       // hidden folder: skipped
    writeJpeg(root / ".hidden.jpg");                     // hidden file: skipped
    std::ofstream(root / "notes.txt") << "not a photo";  // not a photo: ignored
    std::ofstream(root / "2019" / "broken.jpg") << "claims to be one";  // kept, to report
    scan::Discovery found = scan::discover(*scan::realFileSystem(), std::vector{root},
                                           [](const auto&) { return false; });
    CHECK(names(found, root) ==
          std::vector<std::string>{"2019/beach.jpg", "2019/broken.jpg", "2019/no-extension"});
    CHECK(found.problems.empty());
}

TEST_CASE("a symlink loop is walked once, and a linked folder is found", "[scan]") {
    test::TempDir dir;
    const auto root = dir / "Pictures";
    writeJpeg(root / "a" / "one.jpg");
    writeJpeg(dir / "elsewhere" / "two.jpg");
    std::filesystem::create_directory_symlink(root, root / "a" / "loop");  // points back up
    std::filesystem::create_directory_symlink(dir / "elsewhere", root / "linked");
    scan::Discovery found = scan::discover(*scan::realFileSystem(), std::vector{root},
                                           [](const auto&) { return false; });
    CHECK(names(found, root) == std::vector<std::string>{"a/one.jpg", "linked/two.jpg"});
}

TEST_CASE("files the library knows are not read during discovery", "[scan]") {
    test::TempDir dir;
    const auto root = dir / "Pictures";
    for (int i = 0; i < 5; ++i)
        writeJpeg(root / ("photo" + std::to_string(i)));  // no extension
    CountingFileSystem fs;
    scan::Discovery found = scan::discover(fs, std::vector{root}, [](const auto&) { return true; });
    CHECK(found.files.size() == 5);
    CHECK(fs.reads == 0);
    scan::discover(fs, std::vector{root}, [](const auto&) { return false; });
    CHECK(fs.reads == 5);  // unknown and without a photo's extension: the first bytes tell
}

TEST_CASE("a folder that does not exist is a problem, not a crash", "[scan]") {
    test::TempDir dir;
    scan::Discovery found = scan::discover(*scan::realFileSystem(), std::vector{dir / "missing"},
                                           [](const auto&) { return false; });
    CHECK(found.files.empty());
    REQUIRE(found.problems.size() == 1);
    CHECK(found.problems[0].code == ErrorCode::NotFound);
}

TEST_CASE("image extensions are recognised whatever their case", "[scan]") {
    CHECK(scan::hasImageExtension("IMG_0001.JPG"));
    CHECK(scan::hasImageExtension("a.heic"));
    CHECK(scan::hasImageExtension("raw.CR2"));
    CHECK_FALSE(scan::hasImageExtension("movie.mp4"));
    CHECK_FALSE(scan::hasImageExtension("jpg"));
}

TEST_CASE("a file past the longest path the system takes is said, not skipped silently",
          "[scan][bad-input]") {
    test::TempDir dir;
    // Folders nested until the next name passes PATH_MAX, made one level at a time (a path that
    // long cannot be named whole), with a photo at the bottom.
    const std::string name(200, 'd');
    int fd = ::open(dir.path().c_str(), O_DIRECTORY | O_RDONLY);
    REQUIRE(fd >= 0);
    std::size_t length = dir.path().native().size();
    while (length + 1 + name.size() + 1 + 9 < PATH_MAX) {
        REQUIRE(::mkdirat(fd, name.c_str(), 0755) == 0);
        const int inner = ::openat(fd, name.c_str(), O_DIRECTORY | O_RDONLY);
        ::close(fd);
        REQUIRE(inner >= 0);
        fd = inner;
        length += 1 + name.size();
    }
    // The last folder still fits; a file with a long name (250 bytes, under NAME_MAX) does not.
    const std::string photo(250, 'p');
    REQUIRE(length + 1 + photo.size() >= PATH_MAX);
    const int file = ::openat(fd, photo.c_str(), O_CREAT | O_WRONLY, 0644);
    REQUIRE(file >= 0);
    ::close(file);
    ::close(fd);
    writeJpeg(dir / "short.jpg");
    scan::Discovery found = scan::discover(*scan::realFileSystem(), std::vector{dir.path()},
                                           [](const auto&) { return false; });
    CHECK(names(found, dir.path()) == std::vector<std::string>{"short.jpg"});
    REQUIRE(found.problems.size() == 1);
    CHECK_THAT(found.problems[0].message, Catch::Contains("longer than the system allows"));
}
