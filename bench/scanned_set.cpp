#include "scanned_set.h"

#include <iostream>

#include "dev_set.h"
#include "kith/pipeline.h"

namespace kith::bench {

std::vector<ScannedPhoto> scanOnce(const std::filesystem::path& images,
                                   const std::filesystem::path& file,
                                   const std::filesystem::path& models,
                                   const std::filesystem::path& cache) {
    if (!std::filesystem::exists(file)) {
        std::cerr << "scanning " << images.string() << " once into " << file.string() << "\n";
        auto library = orExit(store::Library::open(file, store::Access::ReadWrite));
        pipeline::ScanOptions o;
        o.modelDir = models;
        o.backend = vision::BackendPreference::Cpu;
        o.cacheDir = cache;
        auto fs = scan::realFileSystem();
        pipeline::ScanJob job(*library, *fs, o);
        orExit(job.run({images}));
    }
    // For writing: a scan kept from an older Kith is migrated, not refused.
    auto library = orExit(store::Library::open(file, store::Access::ReadWrite));
    std::vector<ScannedPhoto> photos;
    for (const auto& [id, path] : orExit(library->photoPaths())) {
        const auto info = orExit(library->photoInfo(id));
        if (!info) continue;
        photos.push_back({path, *info, orExit(library->facesOfPhoto(id))});
    }
    return photos;
}

void writePhotos(store::Library& library, const std::vector<ScannedPhoto>& photos) {
    if (photos.empty()) return;
    orExit(library.write([&](store::Library::Writer& w) {
        const store::Id folder = w.addFolder(photos.front().path.parent_path());
        for (const ScannedPhoto& p : photos) {
            const store::Id id = w.addPendingPhoto(p.path, folder, 1000, 1);
            w.recordAnalysis(id, 1000, 1, p.info, p.faces, "bench");
        }
    }));
}

}  // namespace kith::bench
