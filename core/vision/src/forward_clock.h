// Time spent inside cv::dnn::Net::forward, accumulated per network, so benchmarks can set the
// pipeline's total against pure inference.
#pragma once

#include <chrono>

namespace kith::vision {

class ForwardClock {
  public:
    /// Runs `forward` and adds its duration.
    template <typename Forward>
    auto time(Forward&& forward) {
        const auto start = std::chrono::steady_clock::now();
        struct Stop {
            ForwardClock& clock;
            std::chrono::steady_clock::time_point start;
            ~Stop() {
                clock.milliseconds_ += std::chrono::duration<double, std::milli>(
                                           std::chrono::steady_clock::now() - start)
                                           .count();
            }
        } stop{*this, start};
        return forward();
    }
    double milliseconds() const { return milliseconds_; }

  private:
    double milliseconds_ = 0;
};

}  // namespace kith::vision
