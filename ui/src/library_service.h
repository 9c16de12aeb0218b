// The library and its people engine on a thread of their own. The UI asks by calling methods,
// which return at once; answers come back as signals, on the UI thread. The UI thread never
// waits on the disk, the engine or a scan. docs/app.md ("Threads") states the rules.
#pragma once

#include <QObject>
#include <QRectF>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVector>
#include <filesystem>
#include <functional>
#include <memory>

#include "kith/people.h"
#include "kith/pipeline.h"
#include "kith/ui.h"
#include "photo_list.h"

namespace kith::ui {

/// One face as the UI shows it: its crop file and where it is in its photo.
struct FaceTile {
    qint64 face = 0;
    qint64 photo = 0;
    qint64 person = 0;
    QString crop;       // a JPEG in the thumbnail cache (may be missing)
    QString photoPath;  // the photo itself
    QRectF box;         // in the photo's pixels (oriented)
    float confidence = 0;
    bool confirmed = false;

    bool operator==(const FaceTile&) const = default;
};

struct PersonCard {
    qint64 id = 0;
    QString name;  // empty: unnamed
    int faces = 0;
    bool locked = false;
    bool hidden = false;
    QString cover;  // crop of the cover face

    bool operator==(const PersonCard&) const = default;
};

struct PersonDetail {
    PersonCard card;
    QVector<FaceTile> faces;
    /// Faces the engine is unsure about for this person ("is this X?"), with their review items.
    QVector<FaceTile> suggested;
    QStringList suggestedItems;
};

struct ReviewPrompt {
    QString id;
    people::ReviewItem::Kind kind = people::ReviewItem::Kind::SamePerson;
    QString question;
    qint64 person = 0, otherPerson = 0;
    QString name, otherName;         // the persons' names (empty: unnamed)
    qint64 face = 0;                 // "is this X?": the face asked about
    QVector<FaceTile> sideA, sideB;  // samples of each side (the face in question for "is this")
    float distance = -1;             // of the closest pair, when there is one
    float samePerson = 0;            // the distance below which the face model says "same"
    double gain = 0;

    bool operator==(const ReviewPrompt&) const = default;
};

struct PhotoDetail {
    qint64 id = 0;
    QString path;
    QSize size;  // in pixels, as seen (after EXIF orientation): what the boxes are in
    QVector<FaceTile> faces;
    QStringList
        names;       // per face: its person's name; "" when unnamed or nobody's (FaceTile::person)
    QDateTime when;  // taken, else the file's time
    bool dateTaken = false;
    QString camera;  // empty if unknown
};

struct HistoryEntry {
    qint64 id = 0;
    QString when, kind, what;  // `what`: a sentence ("Kept Ann and an unnamed person apart")
    QVector<FaceTile> faces;   // the faces it was about, a few at most
    bool undone = false;
};

struct ScanStatus {
    int done = 0, total = 0, faces = 0, failed = 0;
    double rate = 0, eta = -1;
    bool paused = false, running = false;
};

class LibraryWorker;
class ScanRunner;
struct PeopleChanges;
struct ReviewChanges;

/// Three threads: the UI thread (this object), the library's thread (LibraryWorker: the one
/// owner of the library connection and the people engine; every read for the views and every
/// decision runs there, in the order asked) and the scan thread (ScanRunner: a scan, with a
/// connection of its own, so that the library's thread stays free between its batches).
///
/// Thread-safety: used on the UI thread only; its signals arrive there.
class LibraryService : public QObject {
    Q_OBJECT
  public:
    explicit LibraryService(AppOptions options, QObject* parent = nullptr);
    ~LibraryService() override;

    void open();
    /// People and the review queue again (after a decision, a scan, or on demand).
    void refresh();
    void loadPerson(qint64 person);
    void loadPhoto(qint64 photo);
    void loadHistory();
    /// Every analysed photo and the folders, as photosLoaded.
    void loadPhotos();

    /// `mergedName`, for yes to "same person?": the name the merged person keeps (when both
    /// had one, the user chooses).
    void answer(const QString& item, people::Answer answer, const QString& mergedName = {});
    /// Several answers as one gesture (batch confirm: yes to the selected, no to the others).
    void answerAll(const QVector<QPair<QString, people::Answer>>& answers);
    /// `name`: the merged person's name, when the user chose one (else `into`'s, else `from`'s).
    void merge(qint64 into, qint64 from, const QString& name = {});
    void split(qint64 person, const QVector<qint64>& faces);
    void reject(const QVector<qint64>& faces);
    void moveFaces(const QVector<qint64>& faces, qint64 person);
    void rename(qint64 person, const QString& name);
    /// "This is NAME" for a face: confirmed in the person of that name, or a new person so named.
    void nameFace(qint64 face, const QString& name);
    void setLocked(qint64 person, bool locked);
    void setHidden(qint64 person, bool hidden);
    void setCover(qint64 person, qint64 face);
    /// A face the detector missed, boxed by the user (pixels of the oriented photo).
    void drawFace(qint64 photo, const QRectF& box);
    /// "Not a face": the face leaves people for good (undoable).
    void notAFace(qint64 face);
    void undo();
    /// Undoes decisions, latest first, until `decision` is undone too ("undo back to here"), as
    /// one step of the engine.
    void undoThrough(qint64 decision);

    /// Where names go for other apps (none: kept in Kith only). Turning it on writes the
    /// names the library has at once; after that, each decision writes what it changed.
    void setNameExport(std::optional<metadata::Target> target);

    /// Scans folders (they are added to the library), then updates people.
    void scan(const QStringList& folders);
    /// Forgets folders and what Kith learned from their photos (the files are not touched).
    void removeFolders(const QStringList& folders);
    /// Pause, resume or cancel every scan asked for and not over yet (they take effect at once,
    /// through each scan's ScanControl: the library's thread is not asked).
    void pauseScan();
    void resumeScan();
    void cancelScan();

    /// Requests queued and not finished yet (their signals all delivered once it is 0).
    int pending() const { return pending_; }

  signals:
    void idle();                        // the last pending request finished
    void opened(const QString& error);  // empty: opened
    /// The people since the last report (the first: everyone, as added).
    void peopleChanged(const kith::ui::PeopleChanges& changes);
    /// The review queue since the last report (the first: every prompt, as added).
    void reviewChanged(const kith::ui::ReviewChanges& changes);
    void personLoaded(const kith::ui::PersonDetail& person);
    void photoLoaded(const kith::ui::PhotoDetail& photo);
    void historyLoaded(const QVector<kith::ui::HistoryEntry>& history);
    void photosLoaded(const kith::ui::PhotoList& photos);
    /// Faces of `from` were split off into the new person `made`.
    void personSplit(qint64 from, qint64 made);
    void decided(const QString& what);  // a decision was applied (or undone)
    void naming();                      // the user is naming someone (rename, "this is NAME")
    /// The library's folders, and the files that could not be read ("path: why").
    void foldersChanged(const QStringList& folders, const QStringList& problems);
    void failed(const QString& message);
    void scanProgress(const kith::ui::ScanStatus& status);
    void scanFinished(const QString& summary);

  private:
    /// Runs `job` on the library's thread, counted in pending().
    void run(std::function<void(LibraryWorker*)> job);
    /// Counts a request done, once the signals it emitted have arrived.
    void finished();
    /// A scan asked for is over: its control is dropped, and it is counted done.
    void scanEnded();

    QThread thread_, scanThread_;
    int pending_ = 0;
    LibraryWorker* worker_;  // lives on thread_, deleted when it finishes
    ScanRunner* runner_;     // lives on scanThread_, the same
    /// The scans asked for and not over yet, oldest first (the UI thread's own list).
    QList<std::shared_ptr<pipeline::ScanControl>> scans_;
};

}  // namespace kith::ui

Q_DECLARE_METATYPE(kith::ui::PersonCard)
Q_DECLARE_METATYPE(kith::ui::PersonDetail)
Q_DECLARE_METATYPE(kith::ui::ReviewPrompt)
Q_DECLARE_METATYPE(kith::ui::PhotoDetail)
Q_DECLARE_METATYPE(kith::ui::HistoryEntry)
Q_DECLARE_METATYPE(kith::ui::ScanStatus)
