// A library's names out to the photos' XMP, photo by photo, writing only what changed.
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "kith/metadata.h"

namespace kith::metadata {
namespace {

// What a photo's regions are, as a short stable text: where they go, and a 64-bit FNV-1a hash of
// the names and boxes (to the pixel). The same faces with the same names give the same text.
std::string signatureOf(Target target, const std::vector<Region>& regions) {
    std::uint64_t hash = 1469598103934665603ull;
    auto add = [&](const std::string& text) {
        for (unsigned char c : text) {
            hash ^= c;
            hash *= 1099511628211ull;
        }
        hash ^= 0xff;  // a separator no UTF-8 text holds
        hash *= 1099511628211ull;
    };
    for (const Region& r : regions) {
        add(r.name);
        add(std::to_string(std::lround(r.x)) + "," + std::to_string(std::lround(r.y)) + "," +
            std::to_string(std::lround(r.width)) + "," + std::to_string(std::lround(r.height)));
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return std::string(target == Target::Embedded ? "embedded:" : "sidecar:") + hex;
}

std::int64_t nanoseconds(const struct timespec& t) {
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// The files as the library records them, so that the next scan sees a photo Kith rewrote as
// unchanged (its faces and people stay) and does not read back the sidecar Kith just wrote.
void recordFileState(store::Library::Writer& w, store::Id photo, const std::filesystem::path& path,
                     Target target) {
    struct stat st {};
    if (target == Target::Embedded) {
        if (::stat(path.c_str(), &st) == 0)
            w.updateFileState(photo, static_cast<std::int64_t>(st.st_size),
                              nanoseconds(st.st_mtim));
        return;
    }
    std::int64_t newest = 0;
    for (const auto& sidecar : sidecarsOf(path))
        if (::stat(sidecar.c_str(), &st) == 0) newest = std::max(newest, nanoseconds(st.st_mtim));
    w.recordSidecar(photo, newest);
}

}  // namespace

Result<ExportReport> exportNames(store::Library& library, const ExportOptions& options) {
    const auto named = library.namedFaces();
    if (!named.ok()) return named.error();
    const auto previous = library.exportSignatures();
    if (!previous.ok()) return previous.error();

    std::map<store::Id, std::vector<Region>> regionsOf;
    for (const store::NamedFace& f : named.value())
        regionsOf[f.photo].push_back({f.x, f.y, f.width, f.height, f.name});
    // Photos written before whose names are all gone now: their regions are taken out.
    for (const auto& [photo, signature] : previous.value())
        regionsOf.try_emplace(photo);

    ExportReport report;
    for (const auto& [id, regions] : regionsOf) {
        const store::Id photo = id;  // a copy: clang 14 (the fuzz build) cannot capture a binding
        const std::string signature = regions.empty() ? "" : signatureOf(options.target, regions);
        const auto before = previous.value().find(photo);
        const bool exported = before != previous.value().end();
        if (!options.all && (exported ? before->second == signature : regions.empty())) {
            ++report.unchanged;
            continue;
        }
        const auto path = library.photoPath(photo);
        const auto info = library.photoInfo(photo);
        if (!path.ok() || !info.ok()) return path.ok() ? info.error() : path.error();
        if (!path.value() || !info.value()) continue;  // gone since
        const std::filesystem::path file = *path.value();
        // Nothing to take out of a sidecar that is not there.
        if (regions.empty() && options.target == Target::Sidecar &&
            !std::filesystem::exists(sidecarPath(file))) {
            (void)library.write([&](store::Library::Writer& w) { w.recordExport(photo, ""); });
            continue;
        }
        const Status status = options.target == Target::Embedded
                                  ? writeEmbedded(file, regions)
                                  : writeSidecar(file, regions,
                                                 {info.value()->width, info.value()->height,
                                                  info.value()->orientation});
        if (!status.ok()) {
            report.problems.push_back(status.error());
            continue;
        }
        ++(regions.empty() ? report.cleared : report.written);
        const Status recorded = library.write([&](store::Library::Writer& w) {
            w.recordExport(photo, signature);
            recordFileState(w, photo, file, options.target);
        });
        if (!recorded.ok()) return recorded.error();
    }
    return report;
}

}  // namespace kith::metadata
