// Builds a cv::dnn::Net layer by layer from TensorFlow-layout weights, so that face-api's
// networks run in OpenCV DNN without a converted model file.
#pragma once

#include <opencv2/dnn.hpp>
#include <string>
#include <vector>

#include "tfjs_weights.h"

namespace kith::vision {

/// TensorFlow's padding modes. `Same` pads so that output = ceil(input / stride), with the odd
/// pixel of padding at the bottom/right as TensorFlow does.
enum class Padding { Same, Valid };

/// A per-output-channel affine map applied after a convolution: y = x * scale + shift. Folded
/// into the convolution's weights and bias (exact up to float rounding), so batch norms and
/// dlib-style scale layers cost nothing at run time.
struct ChannelAffine {
    std::vector<float> scale;  // empty means 1
    std::vector<float> shift;  // empty means 0
};

/// Thread-safety: not thread-safe; used by one thread while a network is being built.
class NetBuilder {
  public:
    using LayerId = int;
    static constexpr LayerId kInput = 0;

    /// A 2-D convolution with filters [kh, kw, in, out] (TensorFlow layout), stride on both axes,
    /// then `affine` per output channel.
    LayerId conv(LayerId input, const WeightTensor& filters, int stride, Padding padding,
                 const ChannelAffine& affine = {});
    /// A depthwise convolution with filters [kh, kw, channels, 1], then `affine`.
    LayerId depthwiseConv(LayerId input, const WeightTensor& filters, int stride, Padding padding,
                          const ChannelAffine& affine = {});
    LayerId relu(LayerId input);
    LayerId relu6(LayerId input);  // clip to [0, 6]
    LayerId add(LayerId a, LayerId b);
    LayerId maxPool(LayerId input, int kernel, int stride, Padding padding);
    LayerId avgPool(LayerId input, int kernel, int stride, Padding padding);
    LayerId globalAvgPool(LayerId input);
    /// y = x W + b with W [in, out] (TensorFlow layout); x is flattened per batch item.
    LayerId fullyConnected(LayerId input, const WeightTensor& weights, const WeightTensor* bias);
    /// Appends zeros: `channels` more channels, `rows` more rows at the bottom, `cols` more
    /// columns at the right.
    LayerId padEnd(LayerId input, int channels, int rows, int cols);

    /// The layer's name in the built net, to request it as an output.
    const std::string& name(LayerId id) const { return names_.at(id); }

    /// Hands over the network; the builder must not be used afterwards.
    cv::dnn::Net release() { return std::move(net_); }

  private:
    LayerId addLayer(const std::string& type, cv::dnn::LayerParams& params,
                     const std::vector<LayerId>& inputs);
    LayerId pool(LayerId input, const char* kind, int kernel, int stride, Padding padding);
    LayerId convLike(LayerId input, cv::Mat weights, int outChannels, int groups, int kernelH,
                     int kernelW, int stride, Padding padding, const ChannelAffine& affine);

    cv::dnn::Net net_;
    std::vector<std::string> names_{"_input"};
};

}  // namespace kith::vision
