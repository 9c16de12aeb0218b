#include "library_support.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "test_support.h"

namespace kith::test {

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

}  // namespace kith::test
