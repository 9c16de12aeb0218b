#include "landmark_net.h"

#include <string>

#include "net_builder.h"
#include "tensor_input.h"

namespace kith::vision {
namespace {

using LayerId = NetBuilder::LayerId;

// TensorFlow's separableConv2d (depthwise then 1x1, no bias in between) plus a bias.
LayerId separableConv(NetBuilder& b, const WeightMap& w, LayerId in, const std::string& prefix,
                      int stride) {
    const LayerId depthwise =
        b.depthwiseConv(in, w.get(prefix + "/depthwise_filter", 4), stride, Padding::Same);
    return b.conv(depthwise, w.get(prefix + "/pointwise_filter", 4), 1, Padding::Same,
                  {{}, w.get(prefix + "/bias", 1).values});
}

// A dense block: each convolution sees the sum of all earlier outputs of the block.
LayerId denseBlock(NetBuilder& b, const WeightMap& w, LayerId in, const std::string& prefix,
                   bool firstLayer) {
    const LayerId out1 =
        b.relu(firstLayer ? b.conv(in, w.get(prefix + "/conv0/filters", 4), 2, Padding::Same,
                                   {{}, w.get(prefix + "/conv0/bias", 1).values})
                          : separableConv(b, w, in, prefix + "/conv0", 2));
    const LayerId out2 = separableConv(b, w, out1, prefix + "/conv1", 1);
    const LayerId out3 = separableConv(b, w, b.relu(b.add(out1, out2)), prefix + "/conv2", 1);
    const LayerId sum3 = b.add(out1, b.add(out2, out3));
    const LayerId out4 = separableConv(b, w, b.relu(sum3), prefix + "/conv3", 1);
    return b.relu(b.add(sum3, out4));
}

}  // namespace

LandmarkNet::LandmarkNet(const WeightMap& w) {
    NetBuilder b;
    LayerId x = denseBlock(b, w, NetBuilder::kInput, "dense0", true);
    x = denseBlock(b, w, x, "dense1", false);
    x = denseBlock(b, w, x, "dense2", false);
    x = denseBlock(b, w, x, "dense3", false);
    x = b.avgPool(x, 7, 2, Padding::Valid);
    b.fullyConnected(x, w.get("fc/weights", 2), &w.get("fc/bias", 1));
    net_ = b.release();
}

void LandmarkNet::setTarget(const DnnTarget& target) {
    applyDnnTarget(net_, clock_, target);
}

std::vector<std::vector<cv::Point2f>> LandmarkNet::forward(const std::vector<cv::Mat>& inputs) {
    net_.setInput(makeInputBlob(inputs, {122.782f, 117.001f, 104.298f}, 1.f / 255.f));
    const cv::Mat out = clock_.time([&] { return net_.forward(); });
    std::vector<std::vector<cv::Point2f>> points(inputs.size());
    for (size_t n = 0; n < inputs.size(); ++n) {
        const float* row = out.ptr<float>(static_cast<int>(n));
        for (int i = 0; i < kPointCount; ++i)
            points[n].emplace_back(row[2 * i], row[2 * i + 1]);
    }
    return points;
}

}  // namespace kith::vision
