// kith::metadata — names that travel with the photos: face regions in XMP, in the Metadata
// Working Group's form (mwg-rs, what digiKam, Lightroom and Picasa read) and Microsoft's People
// Tags form (MP, which digiKam and Lightroom Classic also write), with the names as keywords.
//
//   auto written = writeSidecar(photo, {{box, "Ada"}}, width, height);   // photo.jpg.xmp
//   auto regions = readRegions(photo);   // from the sidecar, else from the file itself
//
// Sidecars are named `photo.jpg.xmp` (the file name plus .xmp): digiKam's default, and what
// darktable writes; digiKam also reads `photo.xmp`, which readRegions looks at second.
// Thread-safety: plain functions; safe from several threads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kith/common/result.h"

namespace kith::metadata {

/// A named face region. The box is in pixels of the photo as seen (after EXIF orientation).
struct Region {
    float x = 0, y = 0, width = 0, height = 0;
    std::string name;
};

/// The sidecar Kith writes for a photo: `photo.jpg.xmp`.
std::filesystem::path sidecarPath(const std::filesystem::path& photo);

/// The XMP packet holding these regions (mwg-rs and MP forms, names as dc:subject keywords),
/// for a photo of `width` x `height` pixels as seen.
Result<std::string> encodeRegions(const std::vector<Region>& regions, int width, int height);

/// Writes the regions to the photo's sidecar, replacing it atomically (a temporary file renamed
/// over it), so a crash never leaves half a sidecar. Other XMP already in the sidecar is kept.
Status writeSidecar(const std::filesystem::path& photo, const std::vector<Region>& regions,
                    int width, int height);

/// Face regions with names in an XMP packet (mwg-rs first, else MP), in pixels of a photo of
/// `width` x `height`. Refuses packets over 4 MiB and more than 500 regions (hostile metadata).
Result<std::vector<Region>> decodeRegions(const std::string& packet, int width, int height);

}  // namespace kith::metadata
