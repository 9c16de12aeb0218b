// Regions in files: the sidecar beside a photo, and the XMP inside the photo itself. Every
// write goes to a temporary file in the same folder that is renamed over the old one, so a crash
// or a kill leaves the old file or the new one, never half of either.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "kith/image.h"
#include "kith/metadata.h"
#include "xmp_regions.h"

namespace kith::metadata {
namespace {

Result<std::string> readSmallFile(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return makeError(ErrorCode::Unreadable, "cannot read the sidecar", file.string());
    if (size > kMaxPacketBytes)
        return makeError(ErrorCode::TooLarge, "the XMP sidecar is over 4 MiB", file.string());
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Writes `bytes` to `target` by way of a temporary file beside it, flushed to the disk before
// the rename; the new file gets the old one's permissions. The temporary file is hidden, so that
// one a kill left behind is never scanned as a photo.
Status replaceAtomically(const std::filesystem::path& target, std::string_view bytes) {
    const std::string temporary =
        (target.parent_path() / std::string(".").append(target.filename().string()) += ".kith-tmp")
            .string();
    struct stat old {};
    const mode_t mode = ::stat(target.c_str(), &old) == 0 ? (old.st_mode & 07777) : 0644;
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return makeError(ErrorCode::Unreadable, "cannot write beside the file", temporary);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    const bool written = done == bytes.size() && ::fsync(fd) == 0;
    ::close(fd);
    std::error_code ec;
    if (written) std::filesystem::rename(temporary, target, ec);  // the old file or the new one
    if (!written || ec) {
        std::filesystem::remove(temporary, ec);
        return makeError(ErrorCode::Unreadable, "cannot replace the file", target.string());
    }
    // The rename itself reaches the disk with the folder's entry.
    if (const int dir = ::open(target.parent_path().empty() ? "." : target.parent_path().c_str(),
                               O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

// The names in `regions`, as a set, for comparing what was written with what reads back.
std::multiset<std::string> namesOf(const std::vector<Region>& regions) {
    std::multiset<std::string> names;
    for (const Region& r : regions)
        names.insert(r.name);
    return names;
}

// A photo rewritten with new metadata is only used when it reads back as the same picture with
// the new regions: same format and size, the same pixels (compared at a reduced size, which
// decodes fast), and the names written. Returns the rewritten photo, verified.
Result<image::EncodedImage> verifyRewrite(const image::EncodedImage& before,
                                          std::vector<unsigned char> afterBytes,
                                          const std::vector<Region>& regions,
                                          const std::string& path) {
    auto failed = [&](const std::string& why) {
        return makeError(ErrorCode::CorruptData,
                         "the photo rewritten with its names did not verify (" + why +
                             "); the original is left as it was",
                         path);
    };
    auto after = image::inspectImage(std::move(afterBytes), path);
    if (!after.ok()) return failed(after.error().message);
    const image::EncodedImage& a = after.value();
    if (a.format != before.format || a.width() != before.width() || a.height() != before.height())
        return failed("its format or size changed");
    const auto pixelsBefore = image::decode(before, 256);
    const auto pixelsAfter = image::decode(a, 256);
    if (!pixelsBefore.ok() || !pixelsAfter.ok()) return failed("it does not decode");
    const cv::Mat& x = pixelsBefore.value().bgr;
    const cv::Mat& y = pixelsAfter.value().bgr;
    if (x.size() != y.size() || cv::norm(x, y, cv::NORM_INF) != 0)
        return failed("its pixels changed");
    const auto back = decodeRegions(a.xmpPacket, {a.width(), a.height(), a.orientation});
    if (!back.ok() || namesOf(back.value()) != namesOf(regions))
        return failed("its regions do not read back");
    return after;
}

}  // namespace

std::filesystem::path sidecarPath(const std::filesystem::path& photo) {
    return photo.string() + ".xmp";
}

std::vector<std::filesystem::path> sidecarsOf(const std::filesystem::path& photo) {
    // The ones digiKam reads, in its order.
    return {sidecarPath(photo), std::filesystem::path(photo).replace_extension(".xmp")};
}

Status writeSidecar(const std::filesystem::path& photo, const std::vector<Region>& regions,
                    const Frame& frame) {
    image::initialiseExiv2Once();
    const auto sidecar = sidecarPath(photo);
    // What another app wrote in the sidecar stays; a sidecar Kith cannot parse is not replaced.
    Exiv2::XmpData xmp;
    if (std::filesystem::exists(sidecar)) {
        const auto existing = readSmallFile(sidecar);
        if (!existing.ok()) return existing.error();
        try {
            if (Exiv2::XmpParser::decode(xmp, existing.value()) != 0)
                return makeError(ErrorCode::CorruptData,
                                 "the sidecar is not XMP Kith can read; left as it is",
                                 sidecar.string());
        } catch (const Exiv2::AnyError& e) {
            return makeError(ErrorCode::CorruptData,
                             std::string("the sidecar is broken: ") + e.what(), sidecar.string());
        }
    }
    auto packet = encodeInto(xmp, regions, frame);
    if (!packet.ok()) return packet.error();
    return replaceAtomically(sidecar, packet.value());
}

Status writeEmbedded(const std::filesystem::path& photo, const std::vector<Region>& regions) {
    image::initialiseExiv2Once();
    // A photo its owner made read-only is not rewritten behind their back (root could: the
    // permission bits say what the owner wants).
    struct stat st {};
    if (::stat(photo.c_str(), &st) == 0 && (st.st_mode & S_IWUSR) == 0)
        return makeError(ErrorCode::Unreadable,
                         "the photo is read-only; left as it is (a sidecar can take its names)",
                         photo.string());
    auto original = image::readImageFile(photo);
    if (!original.ok()) return original.error();
    const image::EncodedImage& before = original.value();
    std::vector<unsigned char> rewritten;
    try {
        // exiv2 rewrites a copy in memory; the file on disk is replaced only once it verifies.
        auto file =
            Exiv2::ImageFactory::open(before.bytes.data(), static_cast<long>(before.bytes.size()));
        if (!file.get())
            return makeError(ErrorCode::UnsupportedFormat, "exiv2 cannot write this kind of file",
                             photo.string());
        file->readMetadata();
        // A packet exiv2 cannot parse reads as no XMP at all: writing ours would replace the
        // photo's own (a caption, keywords). Kith writes only into what it understands.
        if (const std::string& own = file->xmpPacket(); !own.empty()) {
            Exiv2::XmpData parsed;
            if (Exiv2::XmpParser::decode(parsed, own) != 0)
                return makeError(ErrorCode::CorruptData,
                                 "the photo's own XMP cannot be parsed; left as it is (a sidecar "
                                 "can take its names)",
                                 photo.string());
        }
        Exiv2::XmpData xmp = file->xmpData();
        auto packet =
            encodeInto(xmp, regions, {before.width(), before.height(), before.orientation});
        if (!packet.ok()) return packet.error();
        file->setXmpData(xmp);
        file->writeXmpFromPacket(false);
        file->writeMetadata();
        Exiv2::BasicIo& io = file->io();
        io.seek(0, Exiv2::BasicIo::beg);
        const Exiv2::DataBuf all = io.read(static_cast<long>(io.size()));
        rewritten.assign(all.pData_, all.pData_ + all.size_);
    } catch (const Exiv2::AnyError& e) {
        return makeError(ErrorCode::CorruptData,
                         std::string("exiv2 could not write the names into the photo: ") + e.what(),
                         photo.string());
    }
    const auto verified = verifyRewrite(before, std::move(rewritten), regions, photo.string());
    if (!verified.ok()) return verified.error();
    const std::vector<unsigned char>& bytes = verified.value().bytes;
    return replaceAtomically(
        photo, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Result<FoundRegions> readRegions(const std::filesystem::path& photo,
                                 const std::string& embeddedPacket, const Frame& frame) {
    for (const std::filesystem::path& sidecar : sidecarsOf(photo)) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(sidecar, ec)) continue;
        const auto packet = readSmallFile(sidecar);
        if (!packet.ok()) return packet.error();
        auto regions = decodeRegions(packet.value(), frame);
        if (!regions.ok()) {
            Error error = regions.error();
            error.path = sidecar.string();
            return error;
        }
        if (!regions.value().empty()) return FoundRegions{std::move(regions.value()), sidecar};
    }
    if (embeddedPacket.empty()) return FoundRegions{};
    auto regions = decodeRegions(embeddedPacket, frame);
    if (!regions.ok()) {
        Error error = regions.error();
        error.message = "the photo's own XMP: " + error.message;
        error.path = photo.string();
        return error;
    }
    return FoundRegions{std::move(regions.value()), photo};
}

}  // namespace kith::metadata
