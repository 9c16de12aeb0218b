#include <algorithm>
#include <cstdlib>
#include <vector>

#include "kith/vision.h"
#include "model_files.h"

namespace kith::vision {
namespace {

bool holdsAllModels(const std::filesystem::path& dir) {
    std::error_code ec;
    for (const char* manifest : {kDetectorManifest, kLandmarkManifest, kRecognitionManifest})
        if (!std::filesystem::is_regular_file(dir / manifest, ec)) return false;
    return true;
}

std::filesystem::path userCacheModels() {
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache)
        return std::filesystem::path(cache) / "kith" / "models";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "kith" / "models";
    return {};
}

// Beside the running program: <exe dir>/../share/kith/models, so an install in any prefix finds
// its own models (/usr/bin/kith reads /usr/share/kith/models; an extracted package in a
// temporary root reads its own copy). Empty when the program's path is unknown.
std::filesystem::path besideExecutable() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return (exe.parent_path() / ".." / "share" / "kith" / "models").lexically_normal();
}

}  // namespace

Result<std::filesystem::path> findModelDirectory(
    const std::optional<std::filesystem::path>& explicitDir) {
    std::vector<std::filesystem::path> candidates;
    if (explicitDir) {
        candidates.push_back(*explicitDir);
    } else {
        if (const char* dir = std::getenv("KITH_MODELS_DIR"); dir && *dir)
            candidates.emplace_back(dir);
        if (auto cache = userCacheModels(); !cache.empty()) candidates.push_back(cache);
        if (auto installed = besideExecutable(); !installed.empty())
            candidates.push_back(installed);
        const std::filesystem::path system = "/usr/share/kith/models";
        if (std::find(candidates.begin(), candidates.end(), system) == candidates.end())
            candidates.push_back(system);
    }
    std::string looked;
    for (const auto& dir : candidates) {
        if (holdsAllModels(dir)) return dir;
        looked += (looked.empty() ? "" : ", ") + dir.string();
    }
    return makeError(ErrorCode::ModelError,
                     "face-api's model files were not found (looked in " + looked +
                         "); reinstall the kith package, run `node models/fetch-models.js` in a "
                         "source checkout, or pass --models DIR");
}

}  // namespace kith::vision
