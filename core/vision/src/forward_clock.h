// Time spent inside cv::dnn::Net::forward, accumulated per network, so benchmarks can set the
// pipeline's total against pure inference. Every forward pass goes through it, so it also holds
// the fault seam that runs before one.
#pragma once

#include <chrono>
#include <functional>
#include <utility>

namespace kith::vision {

class ForwardClock {
  public:
    /// Runs `forward` and adds its duration.
    template <typename Forward>
    auto time(Forward&& forward) {
        if (beforeForward_) beforeForward_();
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
    /// Called before every forward pass (a fault seam; empty: nothing).
    void setBeforeForward(std::function<void()> hook) { beforeForward_ = std::move(hook); }

  private:
    std::function<void()> beforeForward_;
    double milliseconds_ = 0;
};

}  // namespace kith::vision
