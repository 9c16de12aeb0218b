#include "tfjs_weights.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>

#include "test_support.h"

using namespace kith;
using kith::vision::WeightMap;

namespace {

void writeModel(const test::TempDir& dir, const std::string& manifest,
                const std::vector<unsigned char>& bin) {
    std::ofstream(dir / "m-weights_manifest.json") << manifest;
    test::writeBytes(dir / "m.bin", bin);
}

}  // namespace

TEST_CASE("quantized and plain tensors are read back as TF.js decodes them", "[vision]") {
    test::TempDir dir;
    // Two uint8-quantized values (q * scale + min) followed by one plain float32.
    const float plain = -1.25f;
    std::vector<unsigned char> bin(6, 0);
    bin[1] = 200;
    std::memcpy(bin.data() + 2, &plain, sizeof plain);
    writeModel(dir,
               R"([{"paths":["m.bin"],"weights":[
                    {"name":"q","shape":[2],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.5,"min":-3}},
                    {"name":"f","shape":[1,1],"dtype":"float32"}]}])",
               bin);
    auto weights = WeightMap::load(dir / "m-weights_manifest.json");
    REQUIRE(weights.ok());
    const auto& q = weights.value().get("q", 1);
    CHECK(q.values == std::vector<float>{-3.f, 97.f});
    CHECK(weights.value().get("f", 2).values == std::vector<float>{plain});
    CHECK_THROWS_WITH(weights.value().get("f", 4), Catch::Contains("rank 2"));
    CHECK_THROWS_WITH(weights.value().get("missing", 1), Catch::Contains("missing"));
}

TEST_CASE("a weights file shorter than its manifest is a model error", "[vision]") {
    test::TempDir dir;
    writeModel(dir,
               R"([{"paths":["m.bin"],"weights":[{"name":"f","shape":[4],"dtype":"float32"}]}])",
               std::vector<unsigned char>(8, 0));
    auto weights = WeightMap::load(dir / "m-weights_manifest.json");
    REQUIRE_FALSE(weights.ok());
    CHECK(weights.error().code == ErrorCode::ModelError);
    CHECK_THAT(weights.error().message, Catch::Contains("shorter"));
}

TEST_CASE("a missing weights shard or a malformed manifest is a model error", "[vision]") {
    test::TempDir dir;
    std::ofstream(dir / "a-weights_manifest.json")
        << R"([{"paths":["absent.bin"],"weights":[{"name":"f","shape":[1],"dtype":"float32"}]}])";
    auto missing = WeightMap::load(dir / "a-weights_manifest.json");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::ModelError);
    CHECK_THAT(missing.error().path, Catch::Contains("absent.bin"));

    std::ofstream(dir / "b-weights_manifest.json") << "{not json";
    auto malformed = WeightMap::load(dir / "b-weights_manifest.json");
    REQUIRE_FALSE(malformed.ok());
    CHECK(malformed.error().code == ErrorCode::ModelError);
}
