// Face regions in XMP: what Kith writes reads back as the same names on the same boxes, in both
// forms other apps read, and hostile packets are refused without harm.
#include <catch2/catch.hpp>
#include <exiv2/exiv2.hpp>
#include <fstream>
#include <set>

#include "kith/image.h"
#include "kith/metadata.h"
#include "test_support.h"

using namespace kith;

namespace {

std::string valueOf(const Exiv2::XmpData& xmp, const std::string& key) {
    const auto it = xmp.findKey(Exiv2::XmpKey(key));
    return it == xmp.end() ? std::string("(missing)") : it->toString();
}

}  // namespace

TEST_CASE("regions written to XMP read back as the same names on the same boxes", "[metadata]") {
    const std::vector<metadata::Region> regions = {{100, 50, 200, 240, "Ada Lovelace"},
                                                   {900, 300, 120, 150, "Grace Hopper"}};
    const auto packet = metadata::encodeRegions(regions, {1600, 1200});
    REQUIRE(packet.ok());
    const auto back = metadata::decodeRegions(packet.value(), {1600, 1200});
    REQUIRE(back.ok());
    REQUIRE(back.value().size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(back.value()[i].name == regions[i].name);
        CHECK(back.value()[i].x == Approx(regions[i].x).margin(0.01));
        CHECK(back.value()[i].y == Approx(regions[i].y).margin(0.01));
        CHECK(back.value()[i].width == Approx(regions[i].width).margin(0.01));
        CHECK(back.value()[i].height == Approx(regions[i].height).margin(0.01));
    }
    // The Microsoft form and the keywords are there too, as other apps read them.
    Exiv2::XmpData xmp;
    REQUIRE(Exiv2::XmpParser::decode(xmp, packet.value()) == 0);
    CHECK(valueOf(xmp, "Xmp.MP.RegionInfo/MPRI:Regions[2]/MPReg:PersonDisplayName") ==
          "Grace Hopper");
    CHECK(valueOf(xmp, "Xmp.MP.RegionInfo/MPRI:Regions[1]/MPReg:Rectangle") ==
          "0.062500, 0.041667, 0.125000, 0.200000");
    REQUIRE(xmp.findKey(Exiv2::XmpKey("Xmp.dc.subject")) != xmp.end());
    CHECK(xmp.findKey(Exiv2::XmpKey("Xmp.dc.subject"))->count() == 2);
    CHECK(valueOf(xmp, "Xmp.mwg-rs.Regions/mwg-rs:AppliedToDimensions/stDim:w") == "1600");
}

TEST_CASE("a sidecar is written beside the photo, its regions replaced, the rest kept",
          "[metadata]") {
    test::TempDir dir;
    const auto photo = dir / "photo.jpg";
    std::ofstream(photo) << "not read";
    {
        // Another app's sidecar: a rating and a keyword of its own.
        Exiv2::XmpData other;
        other["Xmp.xmp.Rating"] = "4";
        Exiv2::XmpArrayValue subjects(Exiv2::xmpBag);
        subjects.read("holiday");
        other.add(Exiv2::XmpKey("Xmp.dc.subject"), &subjects);
        std::string packet;
        REQUIRE(Exiv2::XmpParser::encode(packet, other) == 0);
        std::ofstream(metadata::sidecarPath(photo)) << packet;
    }
    REQUIRE(metadata::writeSidecar(photo, {{10, 10, 50, 50, "Ada"}}, {100, 100}).ok());
    REQUIRE(metadata::writeSidecar(photo, {{20, 20, 40, 40, "Grace"}}, {100, 100}).ok());
    CHECK(metadata::sidecarPath(photo) == dir / "photo.jpg.xmp");
    std::ifstream in(metadata::sidecarPath(photo));
    const std::string packet((std::istreambuf_iterator<char>(in)), {});
    const auto back = metadata::decodeRegions(packet, {100, 100});
    REQUIRE(back.ok());
    REQUIRE(back.value().size() == 1);
    CHECK(back.value()[0].name == "Grace");
    CHECK_FALSE(std::filesystem::exists(dir / ".photo.jpg.xmp.kith-tmp"));
    Exiv2::XmpData xmp;
    REQUIRE(Exiv2::XmpParser::decode(xmp, packet) == 0);
    CHECK(valueOf(xmp, "Xmp.xmp.Rating") == "4");
    const auto keywords = xmp.findKey(Exiv2::XmpKey("Xmp.dc.subject"));
    REQUIRE(keywords != xmp.end());
    std::set<std::string> words;
    for (long i = 0; i < keywords->count(); ++i)
        words.insert(keywords->toString(i));
    CHECK(words.count("holiday") == 1);
    CHECK(words.count("Grace") == 1);
    // A sidecar that is not XMP is left alone, with a clear error.
    const auto broken = dir / "broken.jpg";
    std::ofstream(metadata::sidecarPath(broken)) << "<x:xmpmeta garbage";
    CHECK_FALSE(metadata::writeSidecar(broken, {{1, 1, 5, 5, "Ada"}}, {10, 10}).ok());
    std::ifstream again(metadata::sidecarPath(broken));
    CHECK(std::string((std::istreambuf_iterator<char>(again)), {}) == "<x:xmpmeta garbage");
}

TEST_CASE("hostile XMP is refused or skipped, never trusted", "[metadata]") {
    CHECK_FALSE(metadata::decodeRegions("<x:xmpmeta this is not xml", {100, 100}).ok());
    CHECK_FALSE(metadata::decodeRegions(std::string(5 << 20, ' '), {100, 100}).ok());
    // A thousand regions: refused as a whole.
    std::vector<metadata::Region> many;
    for (int i = 0; i < 1000; ++i)
        many.push_back({1, 1, 2, 2, "x"});
    const auto packet = metadata::encodeRegions(many, {100, 100});
    REQUIRE(packet.ok());
    CHECK_FALSE(metadata::decodeRegions(packet.value(), {100, 100}).ok());
    // Wrong types and impossible areas: skipped, the sane region kept.
    std::string odd =
        metadata::encodeRegions({{10, 10, 20, 20, "Ada"}, {10, 10, 20, 20, "Bob"}}, {100, 100})
            .value();
    const auto at = odd.find("mwg-rs:Type=\"Face\"");
    REQUIRE(at != std::string::npos);
    odd.replace(at, 18, "mwg-rs:Type=\"Pet\"");
    const auto back = metadata::decodeRegions(odd, {100, 100});
    REQUIRE(back.ok());
    REQUIRE(back.value().size() == 1);
}

TEST_CASE("Microsoft's People Tags form is read where there is no mwg-rs region", "[metadata]") {
    const std::string packet =
        test::microsoftRegions(test::microsoftRegion("0.25, 0.5, 0.125, 0.25", "Ada") +
                               test::microsoftRegion("0.1, nonsense", "Broken") +
                               test::microsoftRegion("0.5, 0.5, 0.1, 0.1", ""));
    const auto regions = metadata::decodeRegions(packet, {800, 400});
    REQUIRE(regions.ok());
    REQUIRE(regions.value().size() == 1);
    const metadata::Region& ada = regions.value()[0];
    CHECK(ada.name == "Ada");
    CHECK(ada.x == Approx(200));
    CHECK(ada.y == Approx(200));
    CHECK(ada.width == Approx(100));
    CHECK(ada.height == Approx(100));
}

TEST_CASE("another app's regions that are not named faces survive Kith's writes", "[metadata]") {
    test::TempDir dir;
    const auto photo = dir / "pet.jpg";
    std::ofstream(photo) << "not read";
    std::ofstream(metadata::sidecarPath(photo))
        << test::mwgRegions(test::mwgFace("Rex", "Pet", "0.5", "0.6", "0.2", "0.3") +
                            test::mwgFace("Old", "Face", "0.1", "0.1", "0.1", "0.1"));
    REQUIRE(metadata::writeSidecar(photo, {{10, 10, 20, 20, "Ada"}}, {100, 100}).ok());
    std::ifstream in(metadata::sidecarPath(photo));
    const std::string packet((std::istreambuf_iterator<char>(in)), {});
    Exiv2::XmpData xmp;
    REQUIRE(Exiv2::XmpParser::decode(xmp, packet) == 0);
    // Kith's face replaces the named faces; the pet stays, with its area.
    const std::string list = "Xmp.mwg-rs.Regions/mwg-rs:RegionList";
    CHECK(valueOf(xmp, list + "[1]/mwg-rs:Name") == "Ada");
    CHECK(valueOf(xmp, list + "[2]/mwg-rs:Name") == "Rex");
    CHECK(valueOf(xmp, list + "[2]/mwg-rs:Type") == "Pet");
    CHECK(valueOf(xmp, list + "[2]/mwg-rs:Area/stArea:y") == "0.6");
    CHECK(valueOf(xmp, list + "[3]/mwg-rs:Name") == "(missing)");
    const auto faces = metadata::decodeRegions(packet, {100, 100});
    REQUIRE(faces.ok());
    REQUIRE(faces.value().size() == 1);
    CHECK(faces.value()[0].name == "Ada");
}

TEST_CASE("regions are stored relative to the photo as stored, before EXIF orientation",
          "[metadata]") {
    // A photo stored 400 x 300 and turned 90 degrees clockwise to be seen (orientation 6): seen,
    // it is 300 x 400. A face at the top left as seen is at the bottom left as stored.
    const metadata::Frame frame{300, 400, 6};
    const metadata::Region face{30, 40, 60, 80, "Ada"};
    const auto packet = metadata::encodeRegions({face}, frame);
    REQUIRE(packet.ok());
    Exiv2::XmpData xmp;
    REQUIRE(Exiv2::XmpParser::decode(xmp, packet.value()) == 0);
    const std::string item = "Xmp.mwg-rs.Regions/mwg-rs:RegionList[1]/mwg-rs:Area/stArea:";
    // As stored: x from 40 to 120 of 400, y from 300 - 90 = 210 to 270 of 300.
    CHECK(std::stod(valueOf(xmp, item + "x")) == Approx(80.0 / 400));
    CHECK(std::stod(valueOf(xmp, item + "y")) == Approx(240.0 / 300));
    CHECK(std::stod(valueOf(xmp, item + "w")) == Approx(80.0 / 400));
    CHECK(std::stod(valueOf(xmp, item + "h")) == Approx(60.0 / 300));
    CHECK(valueOf(xmp, "Xmp.mwg-rs.Regions/mwg-rs:AppliedToDimensions/stDim:w") == "400");
    CHECK(valueOf(xmp, "Xmp.mwg-rs.Regions/mwg-rs:AppliedToDimensions/stDim:h") == "300");
    // Read back, it is where it was seen, for every orientation.
    for (int orientation = 1; orientation <= 8; ++orientation) {
        INFO("orientation " << orientation);
        const metadata::Frame turned{300, 400, orientation};
        const auto back =
            metadata::decodeRegions(metadata::encodeRegions({face}, turned).value(), turned);
        REQUIRE(back.ok());
        REQUIRE(back.value().size() == 1);
        CHECK(back.value()[0].x == Approx(face.x).margin(0.01));
        CHECK(back.value()[0].y == Approx(face.y).margin(0.01));
        CHECK(back.value()[0].width == Approx(face.width).margin(0.01));
        CHECK(back.value()[0].height == Approx(face.height).margin(0.01));
    }
}

TEST_CASE("a photo whose own XMP cannot be parsed is not rewritten, its XMP kept", "[metadata]") {
    test::TempDir dir;
    const auto photo = dir / "captioned.jpg";
    std::filesystem::copy_file(test::devSet() / "images" / "img1.jpg", photo);
    std::filesystem::permissions(photo, std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    // The photo's own packet, as a careless app wrote it: a DOCTYPE and a '>' missing.
    const std::string own =
        "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><!DOCTYPE x [<!ENTITY e 'e'>]>"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
        "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
        "xmlns:dc='http://purl.org/dc/elements/1.1/'<dc:description>Grandma at the "
        "lake</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>";
    // Put in by hand, as an APP1 segment right after the JPEG's start (exiv2 would refuse it).
    auto bytes = test::readBytes(photo);
    const std::string segment = std::string("http://ns.adobe.com/xap/1.0/") + '\0' + own;
    const std::size_t length = segment.size() + 2;
    std::vector<unsigned char> app1 = {0xff, 0xe1, static_cast<unsigned char>(length >> 8),
                                       static_cast<unsigned char>(length & 0xff)};
    app1.insert(app1.end(), segment.begin(), segment.end());
    bytes.insert(bytes.begin() + 2, app1.begin(), app1.end());
    test::writeBytes(photo, bytes);
    const auto before = test::readBytes(photo);
    const auto written = metadata::writeEmbedded(photo, {{100, 50, 200, 240, "Grandma"}});
    REQUIRE_FALSE(written.ok());
    CHECK_THAT(written.error().message, Catch::Contains("cannot be parsed"));
    CHECK(test::readBytes(photo) == before);
}
