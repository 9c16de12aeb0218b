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
        candidates.emplace_back("/usr/share/kith/models");
    }
    std::string looked;
    for (const auto& dir : candidates) {
        if (holdsAllModels(dir)) return dir;
        looked += (looked.empty() ? "" : ", ") + dir.string();
    }
    return makeError(ErrorCode::ModelError,
                     "face-api's model files were not found (looked in " + looked +
                         "); run models/fetch-models.sh, or pass --models DIR");
}

}  // namespace kith::vision
