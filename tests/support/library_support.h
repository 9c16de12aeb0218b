// Helpers for tests that scan real photos into a real library in a temporary folder.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kith/pipeline.h"
#include "kith/scan.h"
#include "kith/store.h"
#include "synthetic_faces.h"

namespace kith::test {

/// Copies the first `count` dev photos (sorted by name; all when 0) into `folder`.
std::vector<std::filesystem::path> copyDevPhotos(const std::filesystem::path& folder,
                                                 size_t count = 0);

/// Scan options for tests: the real models, CPU, `jobs` workers, thumbnails under `cache`.
pipeline::ScanOptions scanOptions(const std::filesystem::path& cache, int jobs = 2);

/// Opens (or creates) a library for writing, failing the test if it cannot.
std::unique_ptr<store::Library> openLibrary(const std::filesystem::path& file);

/// Overwrites a decision's stored payload with `payload` and sets it in force, behind the
/// library's back (a separate SQLite connection): a damaged row, as a hand edit or a bad disk
/// leaves one.
void damageDecision(const std::filesystem::path& file, store::Id decision,
                    const std::string& payload);

/// The real file system, with faults on request, as a permission slip, an I/O error or another
/// program leaves them (tests may run as root, where chmod does not stop a read): a folder that
/// cannot be listed, a file that cannot be read, a file that vanishes just before it is read;
/// and a count of reads.
class FaultyFileSystem final : public scan::FileSystem {
  public:
    Result<std::vector<Entry>> list(const std::filesystem::path& folder) override;
    Result<Entry> stat(const std::filesystem::path& path) override;
    Result<std::vector<unsigned char>> read(const std::filesystem::path& file,
                                            std::uint64_t maxBytes) override;

    std::filesystem::path unlistable, unreadable, vanishing;
    std::atomic<int> reads{0};

  private:
    std::unique_ptr<scan::FileSystem> real_ = scan::realFileSystem();
};

/// Scans `roots` into the library with the real file system (or `fs`), failing the test if the
/// scan itself fails.
pipeline::ScanReport scanInto(store::Library& library,
                              const std::vector<std::filesystem::path>& roots,
                              const pipeline::ScanOptions& options, scan::FileSystem* fs = nullptr);

/// Adds a photo holding these faces (boxes side by side, `side` pixels square) to the library;
/// returns the face ids.
std::vector<store::Id> addPhoto(store::Library& library, const std::vector<Embedding>& faces,
                                float side = 80);

}  // namespace kith::test
