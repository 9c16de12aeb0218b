#include "ssd_mobilenet_net.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "net_builder.h"
#include "tensor_input.h"

namespace kith::vision {
namespace {

using LayerId = NetBuilder::LayerId;

// conv -> + offset -> relu6, the "pointwise" block of face-api's export (the batch norm is
// already folded into the offset).
LayerId pointwiseBlock(NetBuilder& b, const WeightMap& w, LayerId in, const std::string& prefix,
                       int stride) {
    const auto& offset = w.get(prefix + "/convolution_bn_offset", 1);
    return b.relu6(
        b.conv(in, w.get(prefix + "/weights", 4), stride, Padding::Same, {{}, offset.values}));
}

// depthwise conv -> batch norm -> relu6.
LayerId depthwiseBlock(NetBuilder& b, const WeightMap& w, LayerId in, int index, int stride) {
    const std::string prefix = "MobilenetV1/Conv2d_" + std::to_string(index) + "_depthwise";
    const auto& gamma = w.get(prefix + "/BatchNorm/gamma", 1).values;
    const auto& beta = w.get(prefix + "/BatchNorm/beta", 1).values;
    const auto& mean = w.get(prefix + "/BatchNorm/moving_mean", 1).values;
    const auto& variance = w.get(prefix + "/BatchNorm/moving_variance", 1).values;
    constexpr float kEpsilon = 0.0010000000474974513f;  // face-api's batch norm epsilon
    ChannelAffine affine;
    for (size_t c = 0; c < gamma.size(); ++c) {
        const float scale = gamma[c] / std::sqrt(variance[c] + kEpsilon);
        affine.scale.push_back(scale);
        affine.shift.push_back(beta[c] - mean[c] * scale);
    }
    return b.relu6(b.depthwiseConv(in, w.get(prefix + "/depthwise_weights", 4), stride,
                                   Padding::Same, affine));
}

LayerId biasedConv(NetBuilder& b, const WeightMap& w, LayerId in, const std::string& prefix) {
    return b.conv(in, w.get(prefix + "/weights", 4), 1, Padding::Same,
                  {{}, w.get(prefix + "/biases", 1).values});
}

float sigmoid(float x) {
    return 1.f / (1.f + std::exp(-x));
}

}  // namespace

SsdMobilenetNet::SsdMobilenetNet(const WeightMap& w) {
    NetBuilder b;
    LayerId x = pointwiseBlock(b, w, NetBuilder::kInput, "MobilenetV1/Conv2d_0_pointwise", 2);
    LayerId conv11 = x;
    for (int i = 1; i <= 13; ++i) {
        const bool downsample = i == 2 || i == 4 || i == 6 || i == 12;
        x = depthwiseBlock(b, w, x, i, downsample ? 2 : 1);
        x = pointwiseBlock(b, w, x, "MobilenetV1/Conv2d_" + std::to_string(i) + "_pointwise", 1);
        if (i == 11) conv11 = x;
    }
    // Extra feature layers: alternating 1x1 and strided 3x3 "pointwise" blocks.
    std::vector<LayerId> features = {conv11, x};
    LayerId y = x;
    for (int i = 0; i < 8; ++i) {
        y = pointwiseBlock(b, w, y, "Prediction/Conv2d_" + std::to_string(i) + "_pointwise",
                           i % 2 == 1 ? 2 : 1);
        if (i % 2 == 1) features.push_back(y);
    }
    for (size_t i = 0; i < features.size(); ++i) {
        const std::string prefix = "Prediction/BoxPredictor_" + std::to_string(i);
        boxOutputs_.push_back(
            b.name(biasedConv(b, w, features[i], prefix + "/BoxEncodingPredictor")));
        classOutputs_.push_back(b.name(biasedConv(b, w, features[i], prefix + "/ClassPredictor")));
    }
    net_ = b.release();

    const auto& anchors = w.get("Output/extra_dim", 3);
    const int count = anchors.shape.at(1);
    for (int i = 0; i < count; ++i)
        trainedAnchors_.emplace_back(anchors.values[4 * i], anchors.values[4 * i + 1],
                                     anchors.values[4 * i + 2], anchors.values[4 * i + 3]);
    // At 512x512 the six predictor layers see grids of 32, 16, 8, 4, 2 and 1 cells a side; the
    // anchors of a cell are consecutive, so the first cell of each layer gives its shapes.
    size_t first = 0;
    for (size_t layer = 0; layer < features.size(); ++layer) {
        const int perCell = w.get("Prediction/BoxPredictor_" + std::to_string(layer) +
                                      "/BoxEncodingPredictor/weights",
                                  4)
                                .shape.at(3) /
                            4;
        const int grid = kTrainedInputSize / (16 << layer);
        std::vector<cv::Size2f> shapes;
        for (int a = 0; a < perCell; ++a) {
            const cv::Vec4f& anchor = trainedAnchors_.at(first + a);
            shapes.emplace_back((anchor[3] - anchor[1]) * kTrainedInputSize,
                                (anchor[2] - anchor[0]) * kTrainedInputSize);
        }
        anchorShapes_.push_back(shapes);
        strides_.push_back(static_cast<float>(kTrainedInputSize) / grid);
        first += static_cast<size_t>(grid) * grid * perCell;
    }
    if (first != trainedAnchors_.size())
        throw std::runtime_error("the detector's anchors do not match its prediction layers");
}

namespace {

// Where the cells of a feature map look, along one axis of the input, and how many there are.
// Every layer of the detector that shrinks its input is a 3x3 convolution of stride 2 with
// TensorFlow's SAME padding (OpenCV's is the same): a one-pixel pad before an input of odd
// size, none before an even one. So the centre of cell j after `halvings` of them is
// offset + j * 2^halvings input pixels, and the offset depends on the sizes met on the way.
struct CellAxis {
    float offset = 0.5f;
    int cells = 0;
};

CellAxis cellAxis(int inputSize, int halvings) {
    CellAxis axis{0.5f, inputSize};
    float step = 1.f;
    for (int k = 0; k < halvings; ++k) {
        const int padBefore = axis.cells % 2;
        axis.offset += step * static_cast<float>(1 - padBefore);
        step *= 2;
        axis.cells = (axis.cells + 1) / 2;
    }
    return axis;
}

// The first predictor layer sees the input shrunk four times (stride 16).
constexpr int kHalvingsToFirstLayer = 4;

}  // namespace

std::vector<cv::Rect2f> SsdMobilenetNet::anchorsForLayer(size_t layer, cv::Size input) const {
    // The anchors are laid out as at 512x512 (cell j at (j + 0.5) * stride), and the network
    // learned its box offsets relative to where its cells look at that size. At another size
    // the cells look elsewhere when an odd size was met on the way (384 = 3 x 128: the two
    // cells of the stride-256 layer look at 64 and 320, not 128 and 384); the anchors follow
    // them, or every face that layer sees is boxed beside itself.
    const int halvings = static_cast<int>(layer) + kHalvingsToFirstLayer;
    const float stride = strides_.at(layer);
    const CellAxis x = cellAxis(input.width, halvings), y = cellAxis(input.height, halvings);
    const float trained = cellAxis(kTrainedInputSize, halvings).offset;
    const float shiftX = x.offset - trained, shiftY = y.offset - trained;
    std::vector<cv::Rect2f> anchors;
    for (int r = 0; r < y.cells; ++r)
        for (int c = 0; c < x.cells; ++c)
            for (const cv::Size2f& shape : anchorShapes_.at(layer)) {
                const float cy = (r + 0.5f) * stride + shiftY, cx = (c + 0.5f) * stride + shiftX;
                anchors.emplace_back(cx - shape.width / 2, cy - shape.height / 2, shape.width,
                                     shape.height);
            }
    return anchors;
}

void SsdMobilenetNet::setTarget(const DnnTarget& target) {
    applyDnnTarget(net_, clock_, target);
}

std::vector<std::vector<SsdCandidate>> SsdMobilenetNet::forward(const std::vector<cv::Mat>& inputs,
                                                                float minScore) {
    const int batch = static_cast<int>(inputs.size());
    net_.setInput(makeInputBlob(inputs, {127.5f, 127.5f, 127.5f}, 1.f / 127.5f));
    std::vector<std::string> names = boxOutputs_;
    names.insert(names.end(), classOutputs_.begin(), classOutputs_.end());
    std::vector<cv::Mat> outputs;
    clock_.time([&] { net_.forward(outputs, names); });

    // The heads enumerate (row, column, anchor) in TensorFlow's NHWC order; OpenCV hands them
    // back as NCHW, so index them accordingly. Box encodings are (ty, tx, th, tw) relative to
    // the anchor, scaled by 10, 10, 5, 5 as in the TF object detection API.
    const float minLogit = std::log(minScore / (1.f - minScore));
    std::vector<std::vector<SsdCandidate>> results(batch);
    const size_t layers = boxOutputs_.size();
    for (size_t l = 0; l < layers; ++l) {
        const cv::Mat& boxes = outputs[l];
        const cv::Mat& classes = outputs[layers + l];
        const int perCell = boxes.size[1] / 4, rows = boxes.size[2], cols = boxes.size[3];
        const std::vector<cv::Rect2f> anchors = anchorsForLayer(l, inputs.front().size());
        if (anchors.size() != static_cast<size_t>(rows) * cols * perCell)
            throw std::logic_error("the detector's feature map is not the size its anchors assume");
        const size_t plane = static_cast<size_t>(rows) * cols;
        for (int n = 0; n < batch; ++n) {
            const float* boxData = boxes.ptr<float>() + n * boxes.size[1] * plane;
            const float* classData = classes.ptr<float>() + n * classes.size[1] * plane;
            for (size_t cell = 0; cell < plane; ++cell)
                for (int a = 0; a < perCell; ++a) {
                    const float logit = classData[(a * 3 + 1) * plane + cell];
                    if (logit < minLogit) continue;
                    const cv::Rect2f& anchor = anchors[cell * perCell + a];
                    const float ty = boxData[(a * 4 + 0) * plane + cell] / 10;
                    const float tx = boxData[(a * 4 + 1) * plane + cell] / 10;
                    const float th = boxData[(a * 4 + 2) * plane + cell] / 5;
                    const float tw = boxData[(a * 4 + 3) * plane + cell] / 5;
                    const float cy = anchor.y + anchor.height / 2 + ty * anchor.height;
                    const float cx = anchor.x + anchor.width / 2 + tx * anchor.width;
                    const float h = std::exp(th) * anchor.height, w = std::exp(tw) * anchor.width;
                    results[n].push_back({{cx - w / 2, cy - h / 2, w, h}, sigmoid(logit)});
                }
        }
    }
    return results;
}

}  // namespace kith::vision
