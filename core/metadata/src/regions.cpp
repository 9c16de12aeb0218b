#include <cmath>
#include <cstdlib>
#include <exiv2/exiv2.hpp>
#include <iomanip>
#include <set>
#include <sstream>

#include "kith/image.h"
#include "kith/metadata.h"
#include "xmp_regions.h"

namespace kith::metadata {
namespace {

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

}  // namespace

namespace {

// Another app's region Kith does not write itself (a pet, a focus area, a face without a name):
// its fields by their path inside the region, kept through a rewrite.
using KeptRegion = std::vector<std::pair<std::string, std::unique_ptr<Exiv2::Value>>>;

std::vector<KeptRegion> regionsOfOthers(const Exiv2::XmpData& xmp) {
    std::vector<KeptRegion> kept;
    for (std::size_t i = 1; i <= kMaxRegions; ++i) {
        const std::string prefix = mwgItem(i, "");
        const std::string type = value(xmp, mwgItem(i, "mwg-rs:Type"));
        const std::string name = value(xmp, mwgItem(i, "mwg-rs:Name"));
        bool any = false;
        KeptRegion region;
        for (const Exiv2::Xmpdatum& datum : xmp) {
            const std::string key = datum.key();
            if (key.rfind(prefix, 0) != 0) continue;
            any = true;
            const std::string field = key.substr(prefix.size());
            // Fields inside arrays of structures are not carried (exiv2 would need each
            // declared); plain values, structures and arrays of text are.
            if (field.find('[') == std::string::npos)
                region.emplace_back(field, datum.getValue().release());
        }
        if (!any) break;
        if (type != "Face" || name.empty()) kept.push_back(std::move(region));
    }
    return kept;
}

// Puts a kept region back as item `index` of the region list, declaring the structures its
// fields sit in.
void addKept(Exiv2::XmpData& xmp, std::size_t index, const KeptRegion& region) {
    const std::string item = kMwgList + "[" + std::to_string(index) + "]";
    addStruct(xmp, item);
    std::set<std::string> declared;
    for (const auto& [field, fieldValue] : region) {
        for (auto slash = field.find('/'); slash != std::string::npos;
             slash = field.find('/', slash + 1))
            if (declared.insert(field.substr(0, slash)).second)
                addStruct(xmp, item + "/" + field.substr(0, slash));
        xmp.add(Exiv2::XmpKey(item + "/" + field), fieldValue.get());
    }
}

}  // namespace

Result<std::string> encodeInto(Exiv2::XmpData& xmp, const std::vector<Region>& regions,
                               const Frame& frame) {
    const int width = frame.storedWidth(), height = frame.storedHeight();
    if (width <= 0 || height <= 0)
        return makeError(ErrorCode::InvalidArgument, "a photo's size is needed for its regions");
    try {
        const std::vector<KeptRegion> others = regionsOfOthers(xmp);
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
            const cv::Rect2f stored =
                image::orientedToStored({r.x, r.y, r.width, r.height}, frame.orientation,
                                        static_cast<float>(width), static_cast<float>(height));
            const double w = stored.width / width, h = stored.height / height;
            const double left = stored.x / width, top = stored.y / height;
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
        for (std::size_t k = 0; k < others.size(); ++k)
            addKept(xmp, regions.size() + k + 1, others[k]);
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

Result<std::string> encodeRegions(const std::vector<Region>& regions, const Frame& frame) {
    image::initialiseExiv2Once();
    Exiv2::XmpData xmp;
    return encodeInto(xmp, regions, frame);
}

namespace {

bool parseNumber(const std::string& text, double& out) {
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return !text.empty() && end && *end == '\0' && std::isfinite(out);
}

// A normalised box that lies (mostly) inside the photo; anything else is not a face to import.
bool sane(double left, double top, double w, double h) {
    return w > 0 && h > 0 && w <= 1 && h <= 1 && left > -0.5 && top > -0.5 && left < 1 && top < 1;
}

// A normalised box of the stored image, in pixels of the photo as seen.
Region seen(double left, double top, double w, double h, const std::string& name,
            const Frame& frame) {
    const double sw = frame.storedWidth(), sh = frame.storedHeight();
    const cv::Rect2f box = image::storedToOriented(
        cv::Rect2f(static_cast<float>(left * sw), static_cast<float>(top * sh),
                   static_cast<float>(w * sw), static_cast<float>(h * sh)),
        frame.orientation, static_cast<float>(frame.width), static_cast<float>(frame.height));
    return {box.x, box.y, box.width, box.height, name};
}

// mwg-rs: centre and size, normalised. Regions of other kinds (pets, focus) and nameless ones
// are skipped.
Result<std::vector<Region>> mwgRegions(const Exiv2::XmpData& xmp, const Frame& frame) {
    std::vector<Region> regions;
    for (std::size_t i = 1;; ++i) {
        const std::string type = value(xmp, mwgItem(i, "mwg-rs:Type"));
        const std::string name = value(xmp, mwgItem(i, "mwg-rs:Name"));
        const std::string cx = value(xmp, mwgItem(i, "mwg-rs:Area/stArea:x"));
        if (type.empty() && name.empty() && cx.empty()) break;
        if (i > kMaxRegions)
            return makeError(ErrorCode::TooLarge, "more than 500 face regions in one photo");
        double x = 0, y = 0, w = 0, h = 0;
        if (type != "Face" || name.empty() || !parseNumber(cx, x) ||
            !parseNumber(value(xmp, mwgItem(i, "mwg-rs:Area/stArea:y")), y) ||
            !parseNumber(value(xmp, mwgItem(i, "mwg-rs:Area/stArea:w")), w) ||
            !parseNumber(value(xmp, mwgItem(i, "mwg-rs:Area/stArea:h")), h) ||
            !sane(x - w / 2, y - h / 2, w, h))
            continue;
        regions.push_back(seen(x - w / 2, y - h / 2, w, h, name, frame));
    }
    return regions;
}

// Microsoft People Tags: "left, top, width, height", normalised, and a display name.
Result<std::vector<Region>> mpRegions(const Exiv2::XmpData& xmp, const Frame& frame) {
    std::vector<Region> regions;
    for (std::size_t i = 1;; ++i) {
        const std::string rectangle = value(xmp, mpItem(i, "MPReg:Rectangle"));
        const std::string name = value(xmp, mpItem(i, "MPReg:PersonDisplayName"));
        if (rectangle.empty() && name.empty()) break;
        if (i > kMaxRegions)
            return makeError(ErrorCode::TooLarge, "more than 500 face regions in one photo");
        std::vector<double> numbers;
        std::istringstream fields(rectangle);
        for (std::string field; std::getline(fields, field, ',');) {
            double n = 0;
            field.erase(0, field.find_first_not_of(' '));
            field.erase(field.find_last_not_of(' ') + 1);
            if (!parseNumber(field, n)) break;
            numbers.push_back(n);
        }
        if (name.empty() || numbers.size() != 4 ||
            !sane(numbers[0], numbers[1], numbers[2], numbers[3]))
            continue;
        regions.push_back(seen(numbers[0], numbers[1], numbers[2], numbers[3], name, frame));
    }
    return regions;
}

}  // namespace

Result<std::vector<Region>> decodeRegions(const std::string& packet, const Frame& frame) {
    image::initialiseExiv2Once();
    if (packet.size() > kMaxPacketBytes)
        return makeError(ErrorCode::TooLarge, "the XMP packet is over 4 MiB");
    if (frame.width <= 0 || frame.height <= 0)
        return makeError(ErrorCode::InvalidArgument, "a photo's size is needed for its regions");
    Exiv2::XmpData xmp;
    try {
        if (Exiv2::XmpParser::decode(xmp, packet) != 0)
            return makeError(ErrorCode::CorruptData, "the XMP packet cannot be parsed");
    } catch (const Exiv2::AnyError& e) {
        return makeError(ErrorCode::CorruptData,
                         std::string("the XMP packet is broken: ") + e.what());
    }
    // mwg-rs is the standard; the Microsoft form is read only where there is no mwg-rs region.
    auto regions = mwgRegions(xmp, frame);
    if (!regions.ok() || !regions.value().empty()) return regions;
    return mpRegions(xmp, frame);
}

}  // namespace kith::metadata
