// The one writer of a scan: takes the workers' outcomes, commits them in batched transactions,
// counts them, and reports progress.
#pragma once

#include <chrono>
#include <functional>
#include <unordered_set>

#include "kith/pipeline.h"
#include "photo_worker.h"

namespace kith::pipeline {

/// Thread-safety: one thread (the writer).
class BatchWriter {
  public:
    BatchWriter(store::Library& library, std::string model, size_t batchSize,
                std::chrono::milliseconds maxDelay, size_t total,
                std::function<void(const ScanProgress&)> onProgress);

    /// Takes one outcome; commits when the batch is full or old enough.
    void add(Outcome outcome, bool paused);
    /// Commits when the batch is old enough (call while waiting for outcomes).
    void tick();
    /// Commits whatever is left.
    void flush();

    /// The first write that failed, if any: the scan must stop.
    const Status& status() const { return status_; }
    /// Known photos found again under a new name: not to be removed as gone.
    const std::unordered_set<store::Id>& movedFrom() const { return movedFrom_; }
    /// Adds the counts and timings of everything taken to `report`.
    void addTo(ScanReport& report) const;

  private:
    store::Library& library_;
    std::string model_;
    size_t batchSize_;
    std::chrono::milliseconds maxDelay_;
    std::function<void(const ScanProgress&)> onProgress_;
    std::vector<Outcome> batch_;
    std::chrono::steady_clock::time_point started_, lastCommit_;
    Status status_;
    ScanProgress progress_;
    ScanReport tally_;  // counts, timings and problems only
    std::unordered_set<store::Id> movedFrom_;
};

}  // namespace kith::pipeline
