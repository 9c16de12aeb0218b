// Helpers shared by Kith's tests: where the dev set and the models are, and temporary folders.
#pragma once

#include <filesystem>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace kith::test {

/// ../shared/data/faces-dev beside the checkout. Fails the test with a clear message if absent:
/// the dev set is part of the test environment, not optional.
std::filesystem::path devSet();

/// The models folder (as kith-cli finds it). Fails the test with a clear message if the models
/// were not fetched (scripts/test.sh fetches them).
std::filesystem::path modelDir();

/// The built kith-cli executable.
std::filesystem::path kithCli();

/// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

std::vector<unsigned char> readBytes(const std::filesystem::path& file);
void writeBytes(const std::filesystem::path& file, const std::vector<unsigned char>& bytes);

/// `pixels` encoded as a JPEG whose EXIF says `orientation` (1..8), as a camera writes it.
std::vector<unsigned char> jpegWithOrientation(const cv::Mat& pixels, int orientation);

/// Runs a shell command, returning its exit status and standard output.
struct CommandOutput {
    int status;
    std::string out;
};
CommandOutput runCommand(const std::string& command);

}  // namespace kith::test
