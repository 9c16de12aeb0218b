// A labelled photo set scanned once with the real networks, kept in a library file, and written
// again into fresh libraries as a user's scans would bring its photos (for people benchmarks).
#pragma once

#include <filesystem>
#include <vector>

#include "kith/store.h"

namespace kith::bench {

/// A photo as the scan left it: what a fresh library needs to hold it again.
struct ScannedPhoto {
    std::filesystem::path path;
    store::PhotoInfo info;
    std::vector<store::Face> faces;
};

/// The photos of the folder `images` with their faces, scanned into `file` the first time (on
/// the CPU, thumbnails in `cache`) and read back from it after.
std::vector<ScannedPhoto> scanOnce(const std::filesystem::path& images,
                                   const std::filesystem::path& file,
                                   const std::filesystem::path& models,
                                   const std::filesystem::path& cache);

/// Writes photos (and their faces) into a library in one transaction, as a scan would.
void writePhotos(store::Library& library, const std::vector<ScannedPhoto>& photos);

}  // namespace kith::bench
