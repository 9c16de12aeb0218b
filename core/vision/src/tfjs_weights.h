// Reads a TensorFlow.js weights manifest (`*-weights_manifest.json`) and its `.bin` shards into
// named float tensors, dequantizing uint8/uint16-quantized tensors (value = q * scale + min).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "kith/common/result.h"

namespace kith::vision {

/// A dense float tensor in TensorFlow's layout (row-major, last dimension fastest; convolution
/// filters are [height, width, in, out], depthwise filters [height, width, in, multiplier]).
struct WeightTensor {
    std::vector<int> shape;
    std::vector<float> values;  // product(shape) elements

    size_t elementCount() const;
};

/// All tensors of one model, by their TF.js name ("MobilenetV1/Conv2d_0_pointwise/weights").
/// Thread-safety: immutable after load; safe to read from several threads.
class WeightMap {
  public:
    /// Loads the manifest and every shard it names (from the manifest's folder). Fails with
    /// ModelError when a shard is missing, shorter than the manifest says, or a dtype is unknown.
    static Result<WeightMap> load(const std::filesystem::path& manifestPath);

    bool contains(const std::string& name) const;

    /// The tensor `name`, checked to have `rank` dimensions. Throws std::runtime_error naming the
    /// tensor when it is absent or has another rank: a network cannot be built from such a file,
    /// and the model loader turns that into a ModelError.
    const WeightTensor& get(const std::string& name, size_t rank) const;

  private:
    std::map<std::string, WeightTensor> tensors_;
};

}  // namespace kith::vision
