// Where the face models are looked for: the user's cache first, then the copy installed beside
// the program (<exe dir>/../share/kith/models), so a package extracted anywhere finds its own.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "kith/vision.h"
#include "model_files.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;

// Sets an environment variable for one scope, restoring it afterwards.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            setenv(name, value->c_str(), 1);
        else
            unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

fs::path besideThisProgram() {
    return (fs::read_symlink("/proc/self/exe").parent_path() / ".." / "share" / "kith" / "models")
        .lexically_normal();
}

}  // namespace

TEST_CASE("models in the user's cache are found before the installed ones", "[vision]") {
    kith::test::TempDir cache;
    const fs::path models = cache.path() / "kith" / "models";
    fs::create_directories(models);
    for (const char* manifest : {kith::vision::kDetectorManifest, kith::vision::kLandmarkManifest,
                                 kith::vision::kRecognitionManifest})
        std::ofstream(models / manifest) << "{}";
    ScopedEnv noOverride("KITH_MODELS_DIR", std::nullopt);
    ScopedEnv xdg("XDG_CACHE_HOME", cache.path().string());
    const auto found = kith::vision::findModelDirectory();
    REQUIRE(found.ok());
    CHECK(found.value() == models);
}

TEST_CASE("without models in the cache, the copy beside the program is looked for", "[vision]") {
    kith::test::TempDir emptyCache;
    ScopedEnv noOverride("KITH_MODELS_DIR", std::nullopt);
    ScopedEnv xdg("XDG_CACHE_HOME", emptyCache.path().string());
    const auto found = kith::vision::findModelDirectory();
    if (found.ok()) {
        // Installed on this machine: then it is the copy beside the program, or the system's.
        CHECK((found.value() == besideThisProgram() ||
               found.value() == fs::path("/usr/share/kith/models")));
    } else {
        const std::string& message = found.error().message;
        INFO(message);
        const auto cacheAt = message.find((emptyCache.path() / "kith" / "models").string());
        const auto besideAt = message.find(besideThisProgram().string());
        REQUIRE(cacheAt != std::string::npos);
        REQUIRE(besideAt != std::string::npos);
        CHECK(cacheAt < besideAt);
        CHECK(message.find("--models DIR") != std::string::npos);
    }
}
