#include "batch_writer.h"

#include <algorithm>

namespace kith::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

void accumulate(ScanTimings& total, const ScanTimings& t) {
    total.readAndHash += t.readAndHash;
    total.decode += t.decode;
    total.inference += t.inference;
    total.preprocessing += t.preprocessing;
    total.thumbnails += t.thumbnails;
    total.storage += t.storage;
}

void apply(store::Library::Writer& w, const Outcome& o, const std::string& model) {
    const Work& work = o.work;
    switch (o.kind) {
        case Outcome::Kind::Analysed:
            w.recordAnalysis(work.photo, work.size, work.mtimeNs, o.info, o.faces, model);
            w.recordSidecar(work.photo, work.sidecarMtimeNs);
            break;
        case Outcome::Kind::NamesRead:
            for (const auto& [face, name] : o.names)
                w.importName(face, name);
            for (const store::Face& face : o.faces)
                w.addFace(work.photo, face, model);
            if (o.error.message.empty()) w.recordSidecar(work.photo, work.sidecarMtimeNs);
            break;
        case Outcome::Kind::Failed:
            w.recordFailure(work.photo, work.size, work.mtimeNs, o.error);
            break;
        case Outcome::Kind::Touched:
            w.updateFileState(work.photo, work.size, work.mtimeNs);
            break;
        case Outcome::Kind::Restored:
            w.restorePhoto(work.photo, work.size, work.mtimeNs);
            break;
        case Outcome::Kind::Moved:
            w.movePhoto(o.movedFrom, work.path, work.folder, work.size, work.mtimeNs);
            break;
        case Outcome::Kind::ThumbnailsMade:
            break;  // only the cache was written
    }
}

}  // namespace

BatchWriter::BatchWriter(store::Library& library, std::string model, size_t batchSize,
                         std::chrono::milliseconds maxDelay, size_t total,
                         std::function<void(const ScanProgress&)> onProgress)
    : library_(library),
      model_(std::move(model)),
      batchSize_(batchSize),
      maxDelay_(maxDelay),
      onProgress_(std::move(onProgress)),
      started_(Clock::now()),
      lastCommit_(started_) {
    progress_.total = total;
}

void BatchWriter::add(Outcome outcome, bool paused) {
    accumulate(tally_.timings, outcome.timings);
    switch (outcome.kind) {
        case Outcome::Kind::Analysed:
            ++tally_.analysed;
            break;
        case Outcome::Kind::Failed:
            ++tally_.failed;
            tally_.problems.push_back(outcome.error);
            break;
        case Outcome::Kind::Touched:
            ++tally_.touched;
            break;
        case Outcome::Kind::Restored:
            ++tally_.restored;
            break;
        case Outcome::Kind::Moved:
            ++tally_.moved;
            movedFrom_.insert(outcome.movedFrom);
            break;
        case Outcome::Kind::NamesRead:
            tally_.namesImported += outcome.names.size();
            break;
        case Outcome::Kind::ThumbnailsMade:
            tally_.thumbnailsMade += outcome.error.message.empty();
            break;
    }
    tally_.faces += outcome.faces.size();
    if (outcome.kind == Outcome::Kind::Analysed && !outcome.info.warning.empty())
        tally_.warnings.push_back(
            {ErrorCode::CorruptData, outcome.info.warning, outcome.work.path.string()});
    tally_.namesImported += static_cast<std::size_t>(
        std::count_if(outcome.faces.begin(), outcome.faces.end(),
                      [](const store::Face& f) { return !f.importedName.empty(); }));
    batch_.push_back(std::move(outcome));
    if (batch_.size() >= batchSize_)
        flush();
    else
        tick();

    ++progress_.done;
    if (!onProgress_) return;
    const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
    progress_.faces = tally_.faces;
    progress_.failed = tally_.failed;
    progress_.photosPerSecond = elapsed > 0 ? progress_.done / elapsed : 0;
    progress_.etaSeconds = progress_.photosPerSecond > 0
                               ? (progress_.total - progress_.done) / progress_.photosPerSecond
                               : -1;
    progress_.paused = paused;
    onProgress_(progress_);
}

void BatchWriter::tick() {
    if (Clock::now() - lastCommit_ >= maxDelay_) flush();
}

void BatchWriter::flush() {
    lastCommit_ = Clock::now();
    if (batch_.empty() || !status_.ok()) return;
    const auto start = Clock::now();
    status_ = library_.write([&](store::Library::Writer& w) {
        for (const Outcome& o : batch_)
            apply(w, o, model_);
    });
    tally_.timings.storage +=
        std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    batch_.clear();
}

void BatchWriter::addTo(ScanReport& report) const {
    report.analysed += tally_.analysed;
    report.failed += tally_.failed;
    report.touched += tally_.touched;
    report.restored += tally_.restored;
    report.moved += tally_.moved;
    report.faces += tally_.faces;
    report.namesImported += tally_.namesImported;
    report.thumbnailsMade += tally_.thumbnailsMade;
    accumulate(report.timings, tally_.timings);
    report.problems.insert(report.problems.end(), tally_.problems.begin(), tally_.problems.end());
    report.warnings.insert(report.warnings.end(), tally_.warnings.begin(), tally_.warnings.end());
}

}  // namespace kith::pipeline
