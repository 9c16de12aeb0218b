#include "recognition_net.h"

#include <string>

#include "net_builder.h"
#include "tensor_input.h"

namespace kith::vision {
namespace {

using LayerId = NetBuilder::LayerId;

// conv (+ bias) then dlib's per-channel scale layer, folded into one convolution.
LayerId scaledConv(NetBuilder& b, const WeightMap& w, LayerId in, const std::string& prefix,
                   int stride, Padding padding) {
    const auto& bias = w.get(prefix + "/conv/bias", 1).values;
    const auto& scale = w.get(prefix + "/scale/weights", 1).values;
    const auto& shift = w.get(prefix + "/scale/biases", 1).values;
    ChannelAffine affine{scale, {}};
    for (size_t c = 0; c < bias.size(); ++c)
        affine.shift.push_back(bias[c] * scale[c] + shift[c]);
    return b.conv(in, w.get(prefix + "/conv/filters", 4), stride, padding, affine);
}

LayerId residual(NetBuilder& b, const WeightMap& w, LayerId in, const std::string& prefix) {
    const LayerId out = b.relu(scaledConv(b, w, in, prefix + "/conv1", 1, Padding::Same));
    return b.relu(b.add(scaledConv(b, w, out, prefix + "/conv2", 1, Padding::Same), in));
}

// A downsampling residual block. The shortcut is a 2x2 average pool, zero-padded in channels;
// when the strided 'valid' convolution comes out one pixel smaller than the pool (odd sizes),
// face-api appends a zero row and column to it. `inputSize` is the block's input side in pixels.
LayerId residualDown(NetBuilder& b, const WeightMap& w, LayerId in, const std::string& prefix,
                     int inputSize, int inChannels, int& outputSize) {
    LayerId out = b.relu(scaledConv(b, w, in, prefix + "/conv1", 2, Padding::Valid));
    out = scaledConv(b, w, out, prefix + "/conv2", 1, Padding::Same);
    const int convSize = (inputSize - 3) / 2 + 1;
    const int poolSize = inputSize / 2;
    if (convSize < poolSize) out = b.padEnd(out, 0, poolSize - convSize, poolSize - convSize);
    const int outChannels = w.get(prefix + "/conv2/conv/filters", 4).shape.at(3);
    LayerId shortcut = b.avgPool(in, 2, 2, Padding::Valid);
    if (outChannels > inChannels) shortcut = b.padEnd(shortcut, outChannels - inChannels, 0, 0);
    outputSize = poolSize;
    return b.relu(b.add(shortcut, out));
}

}  // namespace

RecognitionNet::RecognitionNet(const WeightMap& w) {
    NetBuilder b;
    LayerId x = b.relu(scaledConv(b, w, NetBuilder::kInput, "conv32_down", 2, Padding::Valid));
    x = b.maxPool(x, 3, 2, Padding::Valid);
    int size = ((kInputSize - 7) / 2 + 1 - 3) / 2 + 1;  // 150 -> 72 -> 35
    for (const char* block : {"conv32_1", "conv32_2", "conv32_3"})
        x = residual(b, w, x, block);
    x = residualDown(b, w, x, "conv64_down", size, 32, size);
    for (const char* block : {"conv64_1", "conv64_2", "conv64_3"})
        x = residual(b, w, x, block);
    x = residualDown(b, w, x, "conv128_down", size, 64, size);
    for (const char* block : {"conv128_1", "conv128_2"})
        x = residual(b, w, x, block);
    x = residualDown(b, w, x, "conv256_down", size, 128, size);
    for (const char* block : {"conv256_1", "conv256_2"})
        x = residual(b, w, x, block);
    x = residualDown(b, w, x, "conv256_down_out", size, 256, size);
    x = b.globalAvgPool(x);
    b.fullyConnected(x, w.get("fc", 2), nullptr);
    net_ = b.release();
}

void RecognitionNet::setTarget(const DnnTarget& target) {
    applyDnnTarget(net_, clock_, target);
}

cv::Mat RecognitionNet::forward(const std::vector<cv::Mat>& inputs) {
    net_.setInput(makeInputBlob(inputs, {122.782f, 117.001f, 104.298f}, 1.f / 255.f));
    const cv::Mat out = clock_.time([&] { return net_.forward(); });
    return out.reshape(1, static_cast<int>(inputs.size())).clone();
}

}  // namespace kith::vision
