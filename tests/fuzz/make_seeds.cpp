// Makes the fuzzers' seed corpora from real photos (scripts/fuzz.sh runs it on a few of the dev
// set's): each photo shrunk to a thumbnail, so that the fuzzer mutates small files, and written
// in every format Kith reads, plain and with the photo's own metadata (or, where it has none, a
// camera's: orientation, date taken, make and model). The XMP packets the photos carry go to
// the XMP corpus as they are.
//   fuzz_seeds IMAGE_DIR XMP_DIR PHOTO...
#include <exiv2/exiv2.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path& file, const void* data, std::size_t size) {
    std::ofstream(file, std::ios::binary)
        .write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
}

// `bytes` with `exif` and `xmpPacket` written in by exiv2; empty if exiv2 cannot write them.
std::vector<unsigned char> withMetadata(const std::vector<unsigned char>& bytes,
                                        const Exiv2::ExifData& exif, const std::string& xmpPacket) {
    try {
        auto image = Exiv2::ImageFactory::open(bytes.data(), static_cast<long>(bytes.size()));
        image->readMetadata();
        image->setExifData(exif);
        if (!xmpPacket.empty()) image->setXmpPacket(xmpPacket);
        image->writeMetadata();
        Exiv2::BasicIo& io = image->io();
        io.seek(0, Exiv2::BasicIo::beg);
        const Exiv2::DataBuf all = io.read(static_cast<long>(io.size()));
        return {all.pData_, all.pData_ + all.size_};
    } catch (const Exiv2::AnyError&) {
        return {};
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: fuzz_seeds IMAGE_DIR XMP_DIR PHOTO...\n";
        return 2;
    }
    Exiv2::XmpParser::initialize();
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    const fs::path imageDir = argv[1], xmpDir = argv[2];
    fs::create_directories(imageDir);
    fs::create_directories(xmpDir);
    for (int i = 3; i < argc; ++i) {
        const fs::path photo = argv[i];
        std::ifstream in(photo, std::ios::binary);
        const std::vector<unsigned char> bytes(std::istreambuf_iterator<char>(in), {});
        const cv::Mat pixels =
            cv::imdecode(bytes, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
        if (pixels.empty()) {
            std::cerr << "fuzz_seeds: cannot decode " << photo << "\n";
            return 1;
        }
        Exiv2::ExifData exif;
        std::string xmpPacket;
        try {
            auto original = Exiv2::ImageFactory::open(photo.string());
            original->readMetadata();
            exif = original->exifData();
            xmpPacket = original->xmpPacket();
        } catch (const Exiv2::AnyError&) {
        }
        Exiv2::ExifThumb(exif).erase();  // a thumbnail would make the seed large again
        if (exif.empty()) {
            exif["Exif.Image.Orientation"] = static_cast<std::uint16_t>(1 + (i % 8));
            exif["Exif.Image.Make"] = "Canon";
            exif["Exif.Image.Model"] = "Canon EOS 5D";
            exif["Exif.Photo.DateTimeOriginal"] = "2021:07:14 18:30:05";
        }
        if (!xmpPacket.empty())
            writeFile(xmpDir / (photo.stem().string() + ".xmp"), xmpPacket.data(),
                      xmpPacket.size());
        const double scale = 40.0 / std::max(pixels.cols, pixels.rows);
        cv::Mat small;
        cv::resize(pixels, small, {}, scale, scale, cv::INTER_AREA);
        for (const std::string ext : {".jpg", ".png", ".webp", ".tiff", ".bmp"}) {
            std::vector<unsigned char> encoded;
            if (!cv::imencode(ext, small, encoded)) continue;
            const std::string name = photo.stem().string() + ext;
            writeFile(imageDir / name, encoded.data(), encoded.size());
            const auto tagged = withMetadata(encoded, exif, xmpPacket);
            if (!tagged.empty())
                writeFile(imageDir / (name + "-meta"), tagged.data(), tagged.size());
        }
    }
    return 0;
}
