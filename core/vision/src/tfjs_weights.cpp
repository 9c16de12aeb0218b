#include "tfjs_weights.h"

#include <cstring>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <numeric>
#include <stdexcept>

namespace kith::vision {
namespace {

std::vector<char> readWholeFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

size_t bytesPerElement(const std::string& dtype) {
    if (dtype == "float32" || dtype == "int32") return 4;
    if (dtype == "uint16") return 2;
    if (dtype == "uint8") return 1;
    return 0;
}

// Decodes `count` elements starting at `bytes` as TF.js stores them: plain little-endian float32
// or int32, or an unsigned quantized integer mapped back to q * scale + min.
std::vector<float> decodeValues(const char* bytes, size_t count, const std::string& dtype,
                                const nlohmann::json& quantization) {
    std::vector<float> values(count);
    if (quantization.is_object()) {
        const std::string qtype = quantization.at("dtype");
        const double scale = quantization.at("scale");
        const double min = quantization.at("min");
        for (size_t i = 0; i < count; ++i) {
            uint32_t q = 0;
            if (qtype == "uint8") {
                q = static_cast<uint8_t>(bytes[i]);
            } else {
                uint16_t q16;
                std::memcpy(&q16, bytes + 2 * i, 2);
                q = q16;
            }
            values[i] = static_cast<float>(q * scale + min);
        }
        return values;
    }
    if (dtype == "float32") {
        std::memcpy(values.data(), bytes, 4 * count);
    } else {  // int32
        for (size_t i = 0; i < count; ++i) {
            int32_t v;
            std::memcpy(&v, bytes + 4 * i, 4);
            values[i] = static_cast<float>(v);
        }
    }
    return values;
}

}  // namespace

size_t WeightTensor::elementCount() const {
    return std::accumulate(shape.begin(), shape.end(), size_t{1}, std::multiplies<>());
}

Result<WeightMap> WeightMap::load(const std::filesystem::path& manifestPath) {
    const std::string where = manifestPath.string();
    const std::vector<char> manifestText = readWholeFile(manifestPath);
    if (manifestText.empty())
        return makeError(ErrorCode::ModelError, "model manifest is missing or empty", where);

    WeightMap map;
    try {
        const auto manifest = nlohmann::json::parse(manifestText.begin(), manifestText.end());
        for (const auto& group : manifest) {
            std::vector<char> data;
            for (const auto& shard : group.at("paths")) {
                const auto shardPath = manifestPath.parent_path() / shard.get<std::string>();
                std::vector<char> bytes = readWholeFile(shardPath);
                if (bytes.empty())
                    return makeError(ErrorCode::ModelError, "weights file is missing or empty",
                                     shardPath.string());
                data.insert(data.end(), bytes.begin(), bytes.end());
            }
            size_t offset = 0;
            for (const auto& entry : group.at("weights")) {
                WeightTensor tensor;
                tensor.shape = entry.at("shape").get<std::vector<int>>();
                const std::string dtype = entry.at("dtype");
                const nlohmann::json quantization = entry.value("quantization", nlohmann::json());
                const size_t elementBytes = quantization.is_object()
                                                ? bytesPerElement(quantization.at("dtype"))
                                                : bytesPerElement(dtype);
                if (elementBytes == 0 || (dtype != "float32" && dtype != "int32"))
                    return makeError(ErrorCode::ModelError,
                                     "unsupported tensor type " + dtype + " for " +
                                         entry.at("name").get<std::string>(),
                                     where);
                const size_t count = tensor.elementCount();
                if (offset + count * elementBytes > data.size())
                    return makeError(ErrorCode::ModelError,
                                     "weights file is shorter than its manifest says", where);
                tensor.values = decodeValues(data.data() + offset, count, dtype, quantization);
                offset += count * elementBytes;
                map.tensors_[entry.at("name")] = std::move(tensor);
            }
        }
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::ModelError,
                         std::string("malformed model manifest: ") + e.what(), where);
    }
    return map;
}

bool WeightMap::contains(const std::string& name) const {
    return tensors_.count(name) > 0;
}

const WeightTensor& WeightMap::get(const std::string& name, size_t rank) const {
    const auto it = tensors_.find(name);
    if (it == tensors_.end()) throw std::runtime_error("the model has no tensor " + name);
    if (it->second.shape.size() != rank)
        throw std::runtime_error("tensor " + name + " has rank " +
                                 std::to_string(it->second.shape.size()) + ", expected " +
                                 std::to_string(rank));
    return it->second;
}

}  // namespace kith::vision
