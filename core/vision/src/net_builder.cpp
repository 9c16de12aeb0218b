#include "net_builder.h"

#include <stdexcept>

namespace kith::vision {
namespace {

const char* padModeName(Padding padding) {
    return padding == Padding::Same ? "SAME" : "VALID";
}

}  // namespace

NetBuilder::LayerId NetBuilder::addLayer(const std::string& type, cv::dnn::LayerParams& params,
                                         const std::vector<LayerId>& inputs) {
    const std::string layerName = type + "_" + std::to_string(names_.size());
    params.name = layerName;
    params.type = type;
    const int opencvId = net_.addLayer(layerName, type, params);
    for (size_t i = 0; i < inputs.size(); ++i)
        net_.connect(inputs[i] == kInput ? 0 : net_.getLayerId(names_.at(inputs[i])), 0, opencvId,
                     static_cast<int>(i));
    names_.push_back(layerName);
    return static_cast<LayerId>(names_.size() - 1);
}

NetBuilder::LayerId NetBuilder::convLike(LayerId input, cv::Mat weights, int outChannels,
                                         int groups, int kernelH, int kernelW, int stride,
                                         Padding padding, const ChannelAffine& affine) {
    const size_t perOutput = weights.total() / outChannels;
    cv::Mat bias(1, outChannels, CV_32F, cv::Scalar(0));
    if (!affine.scale.empty() && static_cast<int>(affine.scale.size()) != outChannels)
        throw std::runtime_error("channel scale does not match the convolution's outputs");
    if (!affine.shift.empty() && static_cast<int>(affine.shift.size()) != outChannels)
        throw std::runtime_error("channel shift does not match the convolution's outputs");
    float* w = weights.ptr<float>();
    for (int o = 0; o < outChannels; ++o) {
        const float scale = affine.scale.empty() ? 1.f : affine.scale[o];
        for (size_t k = 0; k < perOutput; ++k)
            w[o * perOutput + k] *= scale;
        bias.at<float>(o) = affine.shift.empty() ? 0.f : affine.shift[o];
    }
    cv::dnn::LayerParams params;
    params.set("kernel_h", kernelH);
    params.set("kernel_w", kernelW);
    params.set("stride", stride);
    params.set("pad_mode", padModeName(padding));
    params.set("num_output", outChannels);
    params.set("group", groups);
    params.set("bias_term", true);
    params.blobs = {weights, bias};
    return addLayer("Convolution", params, {input});
}

NetBuilder::LayerId NetBuilder::conv(LayerId input, const WeightTensor& filters, int stride,
                                     Padding padding, const ChannelAffine& affine) {
    const int kh = filters.shape.at(0), kw = filters.shape.at(1);
    const int in = filters.shape.at(2), out = filters.shape.at(3);
    const int sizes[] = {out, in, kh, kw};
    cv::Mat weights(4, sizes, CV_32F);
    float* w = weights.ptr<float>();
    for (int y = 0; y < kh; ++y)
        for (int x = 0; x < kw; ++x)
            for (int i = 0; i < in; ++i)
                for (int o = 0; o < out; ++o)
                    w[((o * in + i) * kh + y) * kw + x] =
                        filters.values[((y * kw + x) * in + i) * out + o];
    return convLike(input, weights, out, 1, kh, kw, stride, padding, affine);
}

NetBuilder::LayerId NetBuilder::depthwiseConv(LayerId input, const WeightTensor& filters,
                                              int stride, Padding padding,
                                              const ChannelAffine& affine) {
    const int kh = filters.shape.at(0), kw = filters.shape.at(1);
    const int channels = filters.shape.at(2);
    if (filters.shape.at(3) != 1)
        throw std::runtime_error("depthwise filters with a channel multiplier are not supported");
    const int sizes[] = {channels, 1, kh, kw};
    cv::Mat weights(4, sizes, CV_32F);
    float* w = weights.ptr<float>();
    for (int y = 0; y < kh; ++y)
        for (int x = 0; x < kw; ++x)
            for (int c = 0; c < channels; ++c)
                w[(c * kh + y) * kw + x] = filters.values[(y * kw + x) * channels + c];
    return convLike(input, weights, channels, channels, kh, kw, stride, padding, affine);
}

NetBuilder::LayerId NetBuilder::relu(LayerId input) {
    cv::dnn::LayerParams params;
    return addLayer("ReLU", params, {input});
}

NetBuilder::LayerId NetBuilder::relu6(LayerId input) {
    cv::dnn::LayerParams params;
    params.set("min_value", 0.f);
    params.set("max_value", 6.f);
    return addLayer("ReLU6", params, {input});
}

NetBuilder::LayerId NetBuilder::add(LayerId a, LayerId b) {
    cv::dnn::LayerParams params;
    params.set("operation", "sum");
    return addLayer("Eltwise", params, {a, b});
}

NetBuilder::LayerId NetBuilder::pool(LayerId input, const char* kind, int kernel, int stride,
                                     Padding padding) {
    cv::dnn::LayerParams params;
    params.set("pool", kind);
    params.set("kernel_size", kernel);
    params.set("stride", stride);
    params.set("pad_mode", padModeName(padding));
    return addLayer("Pooling", params, {input});
}

NetBuilder::LayerId NetBuilder::maxPool(LayerId input, int kernel, int stride, Padding padding) {
    return pool(input, "max", kernel, stride, padding);
}

NetBuilder::LayerId NetBuilder::avgPool(LayerId input, int kernel, int stride, Padding padding) {
    return pool(input, "ave", kernel, stride, padding);
}

NetBuilder::LayerId NetBuilder::globalAvgPool(LayerId input) {
    cv::dnn::LayerParams params;
    params.set("pool", "ave");
    params.set("global_pooling", true);
    return addLayer("Pooling", params, {input});
}

NetBuilder::LayerId NetBuilder::fullyConnected(LayerId input, const WeightTensor& weights,
                                               const WeightTensor* bias) {
    const int in = weights.shape.at(0), out = weights.shape.at(1);
    cv::Mat w(out, in, CV_32F);
    for (int i = 0; i < in; ++i)
        for (int o = 0; o < out; ++o)
            w.at<float>(o, i) = weights.values[i * out + o];
    cv::dnn::LayerParams params;
    params.set("num_output", out);
    params.set("bias_term", bias != nullptr);
    params.set("axis", 1);
    params.blobs = {w};
    if (bias)
        params.blobs.push_back(
            cv::Mat(1, out, CV_32F, const_cast<float*>(bias->values.data())).clone());
    return addLayer("InnerProduct", params, {input});
}

NetBuilder::LayerId NetBuilder::padEnd(LayerId input, int channels, int rows, int cols) {
    const int paddings[] = {0, 0, 0, channels, 0, rows, 0, cols};
    cv::dnn::LayerParams params;
    params.set("paddings", cv::dnn::DictValue::arrayInt(paddings, 8));
    params.set("value", 0.f);
    return addLayer("Padding", params, {input});
}

}  // namespace kith::vision
