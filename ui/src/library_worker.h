// What LibraryService does on its worker thread: the library, the people engine and scans.
#pragma once

#include <QObject>
#include <memory>
#include <mutex>

#include "kith/pipeline.h"
#include "library_reads.h"
#include "library_service.h"

namespace kith::ui {

class LibraryWorker : public QObject {
    Q_OBJECT
  public:
    explicit LibraryWorker(AppOptions options);
    ~LibraryWorker() override;

    // Each runs on the worker thread (LibraryService queues them there).
    void open();
    void refresh();
    void loadPerson(qint64 person);
    void loadPhoto(qint64 photo);
    void loadHistory();
    void loadPhotos();
    void removeFolders(const QStringList& folders);
    /// Runs a decision, then reports it (in words) and refreshes people and the review.
    void decide(const std::function<Result<QString>(people::PeopleEngine&)>& decision);
    void scan(const QStringList& folders);
    /// Where names go for other apps ("off", "sidecar", "embedded"); writes them at once.
    void setNameExport(const std::string& mode);
    /// A face the detector missed, boxed by the user in a photo (full-size pixels): described by
    /// the networks, stored, placed among people. Returns what was done, in words.
    Result<QString> addDrawnFace(qint64 photo, const QRectF& box);

    // The app's words for what the engine returns as data: people by name, or as an unnamed
    // person with so many faces.
    static QString personWords(const people::PeopleEngine& engine, store::Id person);
    static QString answeredWords(const people::PeopleEngine& engine,
                                 const people::Answered& answered);
    static QString undoneWords(const people::PeopleEngine& engine, const people::Undone& undone);

    /// Called from the UI thread while a scan runs.
    void pauseScan();
    void resumeScan();
    void cancelScan();

  signals:
    void opened(const QString& error);
    void peopleChanged(const QVector<kith::ui::PersonCard>& people);
    void reviewChanged(const QVector<kith::ui::ReviewPrompt>& prompts);
    void personLoaded(const kith::ui::PersonDetail& person);
    void photoLoaded(const kith::ui::PhotoDetail& photo);
    void historyLoaded(const QVector<kith::ui::HistoryEntry>& history);
    void photosLoaded(const kith::ui::PhotoList& photos);
    void decided(const QString& what);
    void foldersChanged(const QStringList& folders, const QStringList& problems);
    void failed(const QString& message);
    void scanProgress(const kith::ui::ScanStatus& status);
    void scanFinished(const QString& summary);

  private:
    static QString questionWords(const people::PeopleEngine& engine,
                                 const people::ReviewItem& item);
    /// Tiles for faces, in the order given.
    QVector<FaceTile> tiles(const std::vector<store::Id>& faces);
    PersonCard card(const store::PersonCard& person) const;
    /// Every person with faces, as the gallery shows them, from the library's tables.
    void emitPeople();
    bool ready() const { return library_ && engine_; }
    /// Names that changed, written to the photos' XMP as the user chose; what was done, in
    /// words (empty when nothing was written).
    QString exportNames();

    AppOptions options_;
    std::unique_ptr<store::Library> library_;
    std::unique_ptr<LibraryReads> reads_;
    std::unique_ptr<people::PeopleEngine> engine_;
    pipeline::ThumbnailCache thumbnails_;
    std::unique_ptr<vision::FaceAnalyzer> analyzer_;  // loaded the first time a face is drawn
    std::mutex scanMutex_;  // guards runningScan_, which the UI thread pauses and cancels
    pipeline::ScanJob* runningScan_ = nullptr;
};

}  // namespace kith::ui
