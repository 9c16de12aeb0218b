// What LibraryService does on the library's thread: the one owner of the library connection and
// the people engine. Scans run beside it (ScanRunner, on a thread and connection of their own).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QQueue>
#include <memory>

#include "kith/pipeline.h"
#include "library_reads.h"
#include "library_service.h"
#include "people_changes.h"
#include "review_changes.h"
#include "scan_runner.h"

namespace kith::ui {

/// Thread-safety: lives on the library's thread; every method runs there (queued by
/// LibraryService), and only that thread touches its connection and engine.
class LibraryWorker : public QObject {
    Q_OBJECT
  public:
    explicit LibraryWorker(AppOptions options);
    ~LibraryWorker() override;

    // Each runs on the worker thread (LibraryService queues them there).
    void open();
    /// `reload`: after the engine took in a scan's faces (at open, or while and after a scan
    /// runs), people are sent as a set to reload.
    void refresh(bool reload = false);
    void loadPerson(qint64 person);
    void loadPhoto(qint64 photo);
    void loadHistory();
    void loadPhotos();
    void removeFolders(const QStringList& folders);
    /// Runs a decision, then reports it (in words) and refreshes people and the review.
    void decide(const std::function<Result<QString>(people::PeopleEngine&)>& decision);
    /// Starts a scan of `folders` on the scan thread (after the one running, if any); `control`
    /// pauses and cancels it. Ends with scanEnded(), whatever happens.
    void scan(const QStringList& folders, std::shared_ptr<pipeline::ScanControl> control);
    /// A batch of the running scan was committed: the engine takes in what it added, at most a
    /// tenth of the time, so that people form while the scan runs.
    void scanCommitted();
    /// The running scan ended: the engine takes in the rest, and the next scan starts.
    void scanDone(const kith::ui::ScanOutcome& outcome);
    /// Where names go for other apps (none: off); writes them at once.
    void setNameExport(std::optional<metadata::Target> target);
    /// A face the detector missed, boxed by the user in a photo (full-size pixels): described by
    /// the networks, stored, placed among people. Returns what was done, in words.
    Result<QString> addDrawnFace(qint64 photo, const QRectF& box);

    // The app's words for what the engine returns as data: people by name, or as an unnamed
    // person with so many faces.
    static QString personWords(const people::PeopleEngine& engine, store::Id person);
    static QString answeredWords(const people::PeopleEngine& engine,
                                 const people::Answered& answered);
    static QString undoneWords(const people::PeopleEngine& engine, const people::Undone& undone);
    /// Why a decision changed nothing, in the app's words: the engine's own name what it missed
    /// by id ("no person 12").
    static QString decisionFailure(const Error& error);

  signals:
    void opened(const QString& error);
    void peopleChanged(const kith::ui::PeopleChanges& changes);
    void reviewChanged(const kith::ui::ReviewChanges& changes);
    void personLoaded(const kith::ui::PersonDetail& person);
    void photoLoaded(const kith::ui::PhotoDetail& photo);
    void historyLoaded(const QVector<kith::ui::HistoryEntry>& history);
    void photosLoaded(const kith::ui::PhotoList& photos);
    void decided(const QString& what);
    void foldersChanged(const QStringList& folders, const QStringList& problems);
    void failed(const QString& message);
    void scanProgress(const kith::ui::ScanStatus& status);
    void scanFinished(const QString& summary);
    /// For the scan thread: a scan to run.
    void scanRequested(const kith::ui::ScanRequest& request);
    /// A scan asked for by scan() is over (or could not start); after its other signals.
    void scanEnded();

  private:
    static QString questionWords(const people::PeopleEngine& engine,
                                 const people::ReviewItem& item);
    /// Tiles for faces, in the order given.
    QVector<FaceTile> tiles(const std::vector<store::Id>& faces);
    /// The questions most worth asking now, with their samples and words.
    QVector<ReviewPrompt> reviewPrompts();
    PersonCard card(const store::PersonCard& person) const;
    /// What changed among the people the gallery shows since it was last told: the cards of
    /// the persons the engine says it changed, or every card (`reload`, or when the engine
    /// read the library anew).
    void emitPeople(bool reload);
    /// Every person's card read, and compared with what was reported last.
    void emitEveryPerson(bool reload);
    /// The cards of these persons read, and compared with what was reported of them.
    void emitPersons(const people::PeopleChanges& engineSaid);
    bool ready() const { return library_ && engine_; }
    /// Names that changed, written to the photos' XMP as the user chose; what was done, in
    /// words (empty when nothing was written).
    QString exportNames();
    void startNextScan();
    /// The summary of a finished scan, in words.
    static QString scanSummary(const pipeline::ScanReport& report);

    AppOptions options_;
    std::unique_ptr<store::Library> library_;
    std::unique_ptr<LibraryReads> reads_;
    std::unique_ptr<people::PeopleEngine> engine_;
    pipeline::ThumbnailCache thumbnails_;
    std::unique_ptr<vision::FaceAnalyzer> analyzer_;  // loaded the first time a face is drawn
    struct QueuedScan {
        QStringList folders;
        std::shared_ptr<pipeline::ScanControl> control;
    };
    QQueue<QueuedScan> queuedScans_;        // asked for while another runs
    bool scanning_ = false;                 // a scan runs on the scan thread
    QVector<PersonCard> reportedPeople_;    // as peopleChanged last left them
    QVector<ReviewPrompt> reportedReview_;  // as reviewChanged last left it
    QElapsedTimer sinceUpdate_;             // since the engine last took in a scan's faces
    qint64 updateCost_ = 0;                 // how long that took, in ms
};

}  // namespace kith::ui
