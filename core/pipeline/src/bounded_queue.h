// A blocking queue with a capacity, so producers wait instead of piling up work in memory.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace kith::pipeline {

/// Thread-safety: any number of producers and consumers.
template <typename T>
class BoundedQueue {
  public:
    explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

    /// Waits for room. Returns false (dropping the item) once the queue is closed.
    bool push(T item) {
        std::unique_lock lock(mutex_);
        notFull_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
        if (closed_) return false;
        items_.push_back(std::move(item));
        notEmpty_.notify_one();
        return true;
    }

    /// Waits for an item; nothing once the queue is closed and empty.
    std::optional<T> pop() {
        std::unique_lock lock(mutex_);
        notEmpty_.wait(lock, [&] { return closed_ || !items_.empty(); });
        return takeFront();
    }

    /// Like pop, but gives up after `timeout` (returning nothing, the queue still open).
    template <typename Duration>
    std::optional<T> popFor(Duration timeout) {
        std::unique_lock lock(mutex_);
        notEmpty_.wait_for(lock, timeout, [&] { return closed_ || !items_.empty(); });
        return takeFront();
    }

    /// No more pushes; consumers drain what is left, then get nothing.
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        notEmpty_.notify_all();
        notFull_.notify_all();
    }

    bool closedAndEmpty() {
        std::lock_guard lock(mutex_);
        return closed_ && items_.empty();
    }

  private:
    std::optional<T> takeFront() {
        if (items_.empty()) return std::nullopt;
        T item = std::move(items_.front());
        items_.pop_front();
        notFull_.notify_one();
        return item;
    }

    std::mutex mutex_;
    std::condition_variable notEmpty_, notFull_;
    std::deque<T> items_;
    size_t capacity_;
    bool closed_ = false;
};

}  // namespace kith::pipeline
