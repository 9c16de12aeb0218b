// kith::metadata — names that travel with the photos: face regions in XMP, in the Metadata
// Working Group's form (mwg-rs, what digiKam, Lightroom and Picasa read) and Microsoft's People
// Tags form (MP, which digiKam and Lightroom Classic also write), with the names as keywords.
//
//   auto written = writeSidecar(photo, {{box, "Ada"}}, frame);   // photo.jpg.xmp
//   auto found = readRegions(photo, image.xmpPacket, frame);    // the sidecar, else the file
//
// Sidecars are named `photo.jpg.xmp` (the file name plus .xmp): digiKam's default, and what
// darktable writes; digiKam also reads `photo.xmp`, which readRegions looks at second.
// Thread-safety: plain functions; safe from several threads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kith/common/result.h"
#include "kith/store.h"

namespace kith::metadata {

/// A named face region. The box is in pixels of the photo as seen (after EXIF orientation).
struct Region {
    float x = 0, y = 0, width = 0, height = 0;
    std::string name;
};

/// What placing regions in a photo takes: its size as seen, and its EXIF orientation. In XMP,
/// MWG regions (and Microsoft's) are relative to the image as stored, before the orientation
/// turns it (the MWG guidelines, 5.9); Kith turns them on the way in and out.
struct Frame {
    int width = 0, height = 0;  // as seen
    int orientation = 1;        // EXIF, 1..8
    int storedWidth() const { return orientation >= 5 ? height : width; }
    int storedHeight() const { return orientation >= 5 ? width : height; }
};

/// The sidecar Kith writes for a photo: `photo.jpg.xmp`.
std::filesystem::path sidecarPath(const std::filesystem::path& photo);
/// The sidecars a photo's names are read from, first first: `photo.jpg.xmp`, `photo.xmp`.
std::vector<std::filesystem::path> sidecarsOf(const std::filesystem::path& photo);

/// The XMP packet holding these regions (mwg-rs and MP forms, names as dc:subject keywords).
Result<std::string> encodeRegions(const std::vector<Region>& regions, const Frame& frame);

/// Writes the regions to the photo's sidecar, replacing it atomically (a temporary file renamed
/// over it), so a crash never leaves half a sidecar. Other XMP already in the sidecar is kept.
Status writeSidecar(const std::filesystem::path& photo, const std::vector<Region>& regions,
                    const Frame& frame);

/// Writes the regions into the photo file itself (JPEG, PNG, TIFF, WebP: what exiv2 writes):
/// the file is rewritten in memory, verified (it reads back as the same format, size and
/// pixels, with these names), and only then put in place of the original by an atomic rename,
/// so a failure or a kill at any moment leaves the original as it was. Other metadata is kept.
Status writeEmbedded(const std::filesystem::path& photo, const std::vector<Region>& regions);

/// Face regions with names in an XMP packet (mwg-rs first, else MP), in pixels of the photo as
/// seen. Regions of other kinds, without a name or with an impossible area are
/// skipped. Refuses packets over 4 MiB and more than 500 regions (hostile metadata).
Result<std::vector<Region>> decodeRegions(const std::string& packet, const Frame& frame);

struct FoundRegions {
    std::vector<Region> regions;
    std::filesystem::path from;  // the sidecar or the photo they were read from; empty if none
};

/// The named face regions other apps (or Kith) left for a photo: from its sidecar
/// (`photo.jpg.xmp`, else `photo.xmp`), else from the XMP inside the file (`embeddedPacket`, as
/// image::EncodedImage holds it). Errors: TooLarge, CorruptData, Unreadable, with the file.
Result<FoundRegions> readRegions(const std::filesystem::path& photo,
                                 const std::string& embeddedPacket, const Frame& frame);

// ---- A library's names, out to its photos ----

enum class Target {
    Sidecar,   // photo.jpg.xmp beside the photo (the default: the photo is not touched)
    Embedded,  // into the photo file itself
};

struct ExportOptions {
    Target target = Target::Sidecar;
    bool all = false;  // every photo with names, changed or not
};

struct ExportReport {
    std::size_t written = 0;      // photos whose regions were written
    std::size_t cleared = 0;      // photos written before whose names are all gone: regions removed
    std::size_t unchanged = 0;    // as last written: not touched
    std::vector<Error> problems;  // photos that could not be written (the rest went on)
};

/// Writes the names of the library's named faces into their photos' XMP: only photos whose
/// named faces (names or boxes) changed since the last export to the same target, unless `all`.
/// A photo rewritten in place is recorded with its new size and time, so a scan keeps its faces.
/// Errors: StorageError; a photo that cannot be written is a problem in the report.
Result<ExportReport> exportNames(store::Library& library, const ExportOptions& options);

}  // namespace kith::metadata
