#include "library_support.h"

#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "test_support.h"

namespace kith::test {

void damageDecision(const std::filesystem::path& file, store::Id decision,
                    const std::string& payload) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* update = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "UPDATE decisions SET payload = ?, undone_at = NULL WHERE id = ?",
                               -1, &update, nullptr) == SQLITE_OK);
    sqlite3_bind_text(update, 1, payload.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(update, 2, decision);
    const int stepped = sqlite3_step(update);
    sqlite3_finalize(update);
    sqlite3_close(db);
    REQUIRE(stepped == SQLITE_DONE);
}

Result<std::vector<scan::FileSystem::Entry>> FaultyFileSystem::list(
    const std::filesystem::path& folder) {
    if (folder == unlistable)
        return makeError(ErrorCode::Unreadable, "cannot read it: Permission denied",
                         folder.string());
    return real_->list(folder);
}

Result<scan::FileSystem::Entry> FaultyFileSystem::stat(const std::filesystem::path& path) {
    return real_->stat(path);
}

Result<std::vector<unsigned char>> FaultyFileSystem::read(const std::filesystem::path& file,
                                                          std::uint64_t maxBytes) {
    ++reads;
    if (file == vanishing) std::filesystem::remove(file);
    if (file == unreadable)
        return makeError(ErrorCode::Unreadable, "cannot read it: Permission denied", file.string());
    return real_->read(file, maxBytes);
}

std::vector<std::filesystem::path> copyDevPhotos(const std::filesystem::path& folder,
                                                 size_t count) {
    std::vector<std::filesystem::path> sources;
    for (const auto& entry : std::filesystem::directory_iterator(devSet() / "images"))
        sources.push_back(entry.path());
    std::sort(sources.begin(), sources.end());
    if (count > 0 && count < sources.size()) sources.resize(count);
    std::filesystem::create_directories(folder);
    std::vector<std::filesystem::path> copies;
    for (const auto& source : sources) {
        copies.push_back(folder / source.filename());
        std::filesystem::copy_file(source, copies.back(),
                                   std::filesystem::copy_options::overwrite_existing);
    }
    return copies;
}

pipeline::ScanOptions scanOptions(const std::filesystem::path& cache, int jobs) {
    pipeline::ScanOptions options;
    options.modelDir = modelDir();
    options.backend = vision::BackendPreference::Cpu;
    options.jobs = jobs;
    options.batchSize = 8;
    options.cacheDir = cache;
    return options;
}

std::unique_ptr<store::Library> openLibrary(const std::filesystem::path& file) {
    auto library = store::Library::open(file, store::Access::ReadWrite);
    INFO((library.ok() ? std::string() : library.error().describe()));
    REQUIRE(library.ok());
    return std::move(library.value());
}

pipeline::ScanReport scanInto(store::Library& library,
                              const std::vector<std::filesystem::path>& roots,
                              const pipeline::ScanOptions& options, scan::FileSystem* fs) {
    auto real = scan::realFileSystem();
    pipeline::ScanJob job(library, fs ? *fs : *real, options);
    auto report = job.run(roots);
    INFO((report.ok() ? std::string() : report.error().describe()));
    REQUIRE(report.ok());
    return report.value();
}

std::vector<store::Id> addPhoto(store::Library& library, const std::vector<Embedding>& faces,
                                float side) {
    // Photos are numbered as SQLite numbers their rows (one past the largest id), so that the
    // number is the photo's id: paths stay unique and repeatable, also after photos are removed.
    const auto paths = library.photoPaths();
    REQUIRE(paths.ok());
    std::int64_t number = 1;
    for (const auto& [id, path] : paths.value())
        number = std::max(number, id + 1);
    const std::string path = "/synthetic/photo" + std::to_string(number) + ".jpg";
    store::Id photo = 0;
    const Status written = library.write([&](store::Library::Writer& w) {
        const store::Id folder = w.addFolder("/synthetic");
        photo = w.addPendingPhoto(path, folder, 1000, number);
        std::vector<store::Face> stored;
        for (std::size_t i = 0; i < faces.size(); ++i) {
            store::Face f;
            f.x = 100.f * static_cast<float>(i);
            f.width = f.height = side;
            f.score = 0.9f;
            f.embedding = faces[i];
            stored.push_back(f);
        }
        const store::PhotoInfo info{
            "hash" + std::to_string(number), "JPEG", 800, 600, 1, "", "", ""};
        w.recordAnalysis(photo, 1000, number, info, stored, "synthetic");
    });
    REQUIRE(written.ok());
    const auto stored = library.facesOfPhoto(photo);
    REQUIRE(stored.ok());
    std::vector<store::Id> ids;
    for (const auto& f : stored.value())
        ids.push_back(f.id);
    return ids;
}

}  // namespace kith::test
