#include "test_support.h"

#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <exiv2/exiv2.hpp>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <random>

#include "kith/vision.h"

namespace kith::test {

namespace {

std::filesystem::path sharedDataSet(const std::string& name) {
    const auto root = std::filesystem::path(KITH_SOURCE_DIR) / ".." / "shared" / "data" / name;
    INFO(name << " is expected at " << root.string() << " (../shared beside the checkout)");
    REQUIRE(std::filesystem::exists(root / "labels.csv"));
    return std::filesystem::canonical(root);
}

}  // namespace

std::filesystem::path devSet() {
    return sharedDataSet("faces-dev");
}

std::filesystem::path lfwSet() {
    return sharedDataSet("faces-lfw");
}

std::filesystem::path modelDir() {
    const auto dir = vision::findModelDirectory();
    INFO((dir.ok() ? std::string() : dir.error().describe()));
    REQUIRE(dir.ok());
    return dir.value();
}

void useAnyOpenClDevice() {
    setenv("OPENCV_OPENCL_DEVICE", ":GPU|CPU:", /*overwrite=*/0);
    setenv("OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES", "1", /*overwrite=*/0);
}

std::filesystem::path kithCli() {
    return std::filesystem::path(KITH_CLI_PATH);
}

TempDir::TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() / ("kith-test-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::vector<unsigned char> readBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::filesystem::path& file, const std::vector<unsigned char>& bytes) {
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

std::vector<unsigned char> jpegWithOrientation(const cv::Mat& pixels, int orientation) {
    return encodedWithOrientation(pixels, ".jpg", orientation);
}

std::vector<unsigned char> encodedWithOrientation(const cv::Mat& pixels,
                                                  const std::string& extension, int orientation) {
    std::vector<unsigned char> encoded;
    REQUIRE(cv::imencode(extension, pixels, encoded, {cv::IMWRITE_JPEG_QUALITY, 95}));
    auto image = Exiv2::ImageFactory::open(encoded.data(), static_cast<long>(encoded.size()));
    image->readMetadata();
    Exiv2::ExifData exif;
    exif["Exif.Image.Orientation"] = static_cast<uint16_t>(orientation);
    image->setExifData(exif);
    image->writeMetadata();
    Exiv2::BasicIo& io = image->io();
    io.seek(0, Exiv2::BasicIo::beg);
    const auto bytes = io.read(static_cast<long>(io.size()));
    return std::vector<unsigned char>(bytes.pData_, bytes.pData_ + bytes.size_);
}

CommandOutput runCommand(const std::string& command) {
    CommandOutput result{-1, {}};
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.out.append(buffer.data(), n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

namespace {

std::string xmpDescription(const std::string& namespaces, const std::string& body) {
    return R"(<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF)"
           R"( xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">)"
           R"(<rdf:Description rdf:about="" )" +
           namespaces + ">" + body + "</rdf:Description></rdf:RDF></x:xmpmeta>";
}

}  // namespace

std::string mwgRegions(const std::string& items) {
    return xmpDescription(
        R"(xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/")"
        R"( xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#")",
        R"(<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>)" + items +
            "</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>");
}

std::string mwgFace(const std::string& name, const std::string& type, const std::string& x,
                    const std::string& y, const std::string& w, const std::string& h) {
    return R"(<rdf:li><rdf:Description mwg-rs:Name=")" + name + R"(" mwg-rs:Type=")" + type +
           R"("><mwg-rs:Area stArea:x=")" + x + R"(" stArea:y=")" + y + R"(" stArea:w=")" + w +
           R"(" stArea:h=")" + h + R"("/></rdf:Description></rdf:li>)";
}

std::string microsoftRegions(const std::string& items) {
    return xmpDescription(R"(xmlns:MP="http://ns.microsoft.com/photo/1.2/")"
                          R"( xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#")"
                          R"( xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#")",
                          R"(<MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag>)" +
                              items + "</rdf:Bag></MPRI:Regions></MP:RegionInfo>");
}

std::string microsoftRegion(const std::string& rectangle, const std::string& name) {
    return R"(<rdf:li MPReg:Rectangle=")" + rectangle + '"' +
           (name.empty() ? "" : R"( MPReg:PersonDisplayName=")" + name + '"') + "/>";
}

std::string quoted(const std::filesystem::path& path) {
    // Appended piece by piece: GCC 12 warns falsely about "literal" + std::string&& (-Wrestrict).
    std::string text = "'";
    text += path.string();
    text += "'";
    return text;
}

LibraryCli::LibraryCli(const std::filesystem::path& dir)
    : library_(dir / "library.db"),
      prefix_(quoted(kithCli()) + " --library " + quoted(library_) + " --cache " +
              quoted(dir / "cache") + " ") {}

CommandOutput LibraryCli::run(const std::string& args) const {
    return runCommand(prefix_ + args + " 2>&1");
}

std::string LibraryCli::ok(const std::string& args) const {
    const auto out = run(args);
    INFO("kith-cli " << args << "\n" << out.out);
    REQUIRE(out.status == 0);
    return out.out;
}

}  // namespace kith::test
