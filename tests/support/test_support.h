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
/// ../shared/data/faces-lfw beside the checkout (4,873 news photos of 1,512 people), the same way.
std::filesystem::path lfwSet();

/// The models folder (as kith-cli finds it). Fails the test with a clear message if the models
/// were not fetched (scripts/test.sh fetches them).
std::filesystem::path modelDir();

/// Lets OpenCV run DNN on any OpenCL device, a CPU one (POCL) too, where the environment does
/// not choose already: GPU first, else CPU (OPENCV_OPENCL_DEVICE=":GPU|CPU:"), and no refusal of
/// a device that is not a GPU (OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1). Call it before anything
/// touches OpenCL in the process: OpenCV picks its device once.
void useAnyOpenClDevice();

/// The built kith-cli executable.
std::filesystem::path kithCli();
/// A path in single quotes, for a shell command.
std::string quoted(const std::filesystem::path& path);

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
/// The same in another format exiv2 writes EXIF into (`extension`: ".tiff", ".png", ".webp").
std::vector<unsigned char> encodedWithOrientation(const cv::Mat& pixels,
                                                  const std::string& extension, int orientation);

/// Runs a shell command, returning its exit status and standard output.
struct CommandOutput {
    int status;
    std::string out;
};
CommandOutput runCommand(const std::string& command);

/// XMP as other apps write face regions, for tests that read them. `mwgRegions` wraps items
/// (each `<rdf:li>...</rdf:li>`) in an mwg-rs region list; `mwgFace` is one such item;
/// `microsoftRegions` wraps items in Microsoft's People Tags form.
std::string mwgRegions(const std::string& items);
std::string mwgFace(const std::string& name, const std::string& type, const std::string& x,
                    const std::string& y, const std::string& w, const std::string& h);
std::string microsoftRegions(const std::string& items);
/// One Microsoft region: "left, top, width, height" (normalised) and a name ("": none).
std::string microsoftRegion(const std::string& rectangle, const std::string& name);

/// kith-cli on the library and cache of one folder, as a script runs it.
class LibraryCli {
  public:
    explicit LibraryCli(const std::filesystem::path& dir);
    const std::filesystem::path& library() const { return library_; }
    /// Runs `kith-cli --library ... --cache ... ARGS`; its stdout and stderr together.
    CommandOutput run(const std::string& args) const;
    /// The same for a command that must succeed (the test stops, with its output, if not).
    std::string ok(const std::string& args) const;

  private:
    std::filesystem::path library_;
    std::string prefix_;
};

}  // namespace kith::test
