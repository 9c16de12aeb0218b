#include <exiv2/exiv2.hpp>
#include <fstream>
#include <iomanip>
#include <set>
#include <sstream>

#include "kith/image.h"
#include "kith/metadata.h"

namespace kith::metadata {
namespace {

constexpr std::size_t kMaxPacketBytes = 4 << 20;
constexpr std::size_t kMaxRegions = 500;

const std::string kMwg = "Xmp.mwg-rs.Regions";
const std::string kMwgList = kMwg + "/mwg-rs:RegionList";
const std::string kMp = "Xmp.MP.RegionInfo/MPRI:Regions";

std::string number(double value) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(6) << value;
    return out.str();
}

std::string mwgItem(std::size_t i, const std::string& field) {
    return kMwgList + "[" + std::to_string(i) + "]/" + field;
}

std::string mpItem(std::size_t i, const std::string& field) {
    return kMp + "[" + std::to_string(i) + "]/" + field;
}

void addBag(Exiv2::XmpData& xmp, const std::string& key) {
    Exiv2::XmpTextValue bag;
    bag.setXmpArrayType(Exiv2::XmpValue::xaBag);
    xmp.add(Exiv2::XmpKey(key), &bag);
}

// exiv2 encodes a structure only when its key is declared one before its fields.
void addStruct(Exiv2::XmpData& xmp, const std::string& key) {
    Exiv2::XmpTextValue structure;
    structure.setXmpStruct();
    xmp.add(Exiv2::XmpKey(key), &structure);
}

// Everything Kith writes about regions, removed (before writing them again).
void eraseRegions(Exiv2::XmpData& xmp) {
    for (auto it = xmp.begin(); it != xmp.end();) {
        const std::string key = it->key();
        if (key.rfind(kMwg, 0) == 0 || key.rfind("Xmp.MP.RegionInfo", 0) == 0)
            it = xmp.erase(it);
        else
            ++it;
    }
}

std::string value(const Exiv2::XmpData& xmp, const std::string& key) {
    const auto it = xmp.findKey(Exiv2::XmpKey(key));
    return it == xmp.end() ? std::string() : it->toString();
}

Result<std::string> readFile(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return makeError(ErrorCode::Unreadable, "cannot read the sidecar", file.string());
    if (size > kMaxPacketBytes)
        return makeError(ErrorCode::TooLarge, "the XMP sidecar is over 4 MiB", file.string());
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::filesystem::path sidecarPath(const std::filesystem::path& photo) {
    return photo.string() + ".xmp";
}

namespace {

// Regions into `xmp`, replacing the ones it had; its other properties stay, and the names join
// its keywords.
Result<std::string> encodeInto(Exiv2::XmpData& xmp, const std::vector<Region>& regions, int width,
                               int height) {
    if (width <= 0 || height <= 0)
        return makeError(ErrorCode::InvalidArgument, "a photo's size is needed for its regions");
    try {
        eraseRegions(xmp);
        addStruct(xmp, kMwg);
        addStruct(xmp, kMwg + "/mwg-rs:AppliedToDimensions");
        xmp[kMwg + "/mwg-rs:AppliedToDimensions/stDim:w"] = std::to_string(width);
        xmp[kMwg + "/mwg-rs:AppliedToDimensions/stDim:h"] = std::to_string(height);
        xmp[kMwg + "/mwg-rs:AppliedToDimensions/stDim:unit"] = "pixel";
        addBag(xmp, kMwgList);
        addStruct(xmp, "Xmp.MP.RegionInfo");
        addBag(xmp, kMp);
        // The keywords already there, taken out to be written again with the names (iterators
        // into XmpData do not survive additions, so this is done first).
        std::set<std::string> names;
        if (const auto keywords = xmp.findKey(Exiv2::XmpKey("Xmp.dc.subject"));
            keywords != xmp.end()) {
            for (long i = 0; i < keywords->count(); ++i)
                names.insert(keywords->toString(i));
            xmp.erase(keywords);
        }
        for (std::size_t i = 0; i < regions.size(); ++i) {
            const Region& r = regions[i];
            const double w = r.width / width, h = r.height / height;
            const double left = r.x / width, top = r.y / height;
            // MWG: the centre and size, normalised.
            addStruct(xmp, kMwgList + "[" + std::to_string(i + 1) + "]");
            addStruct(xmp, mwgItem(i + 1, "mwg-rs:Area"));
            xmp[mwgItem(i + 1, "mwg-rs:Area/stArea:x")] = number(left + w / 2);
            xmp[mwgItem(i + 1, "mwg-rs:Area/stArea:y")] = number(top + h / 2);
            xmp[mwgItem(i + 1, "mwg-rs:Area/stArea:w")] = number(w);
            xmp[mwgItem(i + 1, "mwg-rs:Area/stArea:h")] = number(h);
            xmp[mwgItem(i + 1, "mwg-rs:Area/stArea:unit")] = "normalized";
            xmp[mwgItem(i + 1, "mwg-rs:Type")] = "Face";
            xmp[mwgItem(i + 1, "mwg-rs:Name")] = r.name;
            // Microsoft: the top-left corner and size, normalised, as one string.
            addStruct(xmp, kMp + "[" + std::to_string(i + 1) + "]");
            xmp[mpItem(i + 1, "MPReg:Rectangle")] =
                number(left) + ", " + number(top) + ", " + number(w) + ", " + number(h);
            xmp[mpItem(i + 1, "MPReg:PersonDisplayName")] = r.name;
            names.insert(r.name);
        }
        if (!names.empty()) {
            Exiv2::XmpArrayValue subjects(Exiv2::xmpBag);
            for (const std::string& name : names)
                subjects.read(name);
            xmp.add(Exiv2::XmpKey("Xmp.dc.subject"), &subjects);
        }
        std::string packet;
        if (Exiv2::XmpParser::encode(packet, xmp) != 0)
            return makeError(ErrorCode::Internal, "exiv2 could not encode the regions");
        return packet;
    } catch (const Exiv2::AnyError& e) {
        return makeError(ErrorCode::Internal, std::string("exiv2: ") + e.what());
    }
}

}  // namespace

Result<std::string> encodeRegions(const std::vector<Region>& regions, int width, int height) {
    image::initialiseExiv2Once();
    Exiv2::XmpData xmp;
    return encodeInto(xmp, regions, width, height);
}

Status writeSidecar(const std::filesystem::path& photo, const std::vector<Region>& regions,
                    int width, int height) {
    image::initialiseExiv2Once();
    const auto sidecar = sidecarPath(photo);
    // What another app wrote in the sidecar stays; a sidecar Kith cannot parse is not replaced.
    Exiv2::XmpData xmp;
    if (std::filesystem::exists(sidecar)) {
        const auto existing = readFile(sidecar);
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
    auto packet = encodeInto(xmp, regions, width, height);
    if (!packet.ok()) return packet.error();
    const auto temporary = sidecar.string() + ".kith-tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << packet.value();
        out.flush();
        if (!out) return makeError(ErrorCode::Unreadable, "cannot write the sidecar", temporary);
    }
    std::error_code ec;
    std::filesystem::rename(temporary, sidecar, ec);  // atomic: the old one or the new one
    if (ec) {
        std::filesystem::remove(temporary, ec);
        return makeError(ErrorCode::Unreadable, "cannot replace the sidecar", sidecar.string());
    }
    return {};
}

Result<std::vector<Region>> decodeRegions(const std::string& packet, int width, int height) {
    image::initialiseExiv2Once();
    if (packet.size() > kMaxPacketBytes)
        return makeError(ErrorCode::TooLarge, "the XMP packet is over 4 MiB");
    Exiv2::XmpData xmp;
    try {
        if (Exiv2::XmpParser::decode(xmp, packet) != 0)
            return makeError(ErrorCode::CorruptData, "the XMP packet cannot be parsed");
    } catch (const Exiv2::AnyError& e) {
        return makeError(ErrorCode::CorruptData,
                         std::string("the XMP packet is broken: ") + e.what());
    }
    std::vector<Region> regions;
    auto number = [](const std::string& text, double& out) {
        char* end = nullptr;
        out = std::strtod(text.c_str(), &end);
        return !text.empty() && end && *end == '\0' && std::isfinite(out);
    };
    for (std::size_t i = 1;; ++i) {
        const std::string type = value(xmp, mwgItem(i, "mwg-rs:Type"));
        const std::string name = value(xmp, mwgItem(i, "mwg-rs:Name"));
        const std::string cx = value(xmp, mwgItem(i, "mwg-rs:Area/stArea:x"));
        if (type.empty() && name.empty() && cx.empty()) break;
        if (i > kMaxRegions)
            return makeError(ErrorCode::TooLarge, "more than 500 face regions in one photo");
        double x = 0, y = 0, w = 0, h = 0;
        if (type != "Face" || name.empty() || !number(cx, x) ||
            !number(value(xmp, mwgItem(i, "mwg-rs:Area/stArea:y")), y) ||
            !number(value(xmp, mwgItem(i, "mwg-rs:Area/stArea:w")), w) ||
            !number(value(xmp, mwgItem(i, "mwg-rs:Area/stArea:h")), h) || w <= 0 || h <= 0 ||
            w > 1 || h > 1)
            continue;  // not a named face with a sane area: skipped, not fatal
        regions.push_back({static_cast<float>((x - w / 2) * width),
                           static_cast<float>((y - h / 2) * height), static_cast<float>(w * width),
                           static_cast<float>(h * height), name});
    }
    return regions;
}

}  // namespace kith::metadata
