// kith::store — the library: one SQLite file (WAL, foreign keys, numbered migrations) holding the
// folders, photos, faces and everything the people engine decides and is told.
//
//   auto library = Library::open(Library::defaultPath(), Access::ReadWrite);
//   library.value()->write([&](Library::Writer& w) { w.addFolder("/home/me/Pictures"); });
//
// One process writes a library at a time: opening for writing takes an exclusive lock on
// "<file>.lock" (released by the kernel even on kill -9), and a second writer gets a Busy error
// naming the holder. Readers never wait for the writer (WAL).
//
// Thread-safety: a Library is used by one thread at a time; open one per thread to read in
// parallel.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "kith/common/embedding.h"
#include "kith/common/result.h"
#include "kith/store/decision.h"

namespace kith::store {

using Id = std::int64_t;

using kith::kEmbeddingSize;
inline constexpr int kLandmarkValues = 136;  // 68 points, x then y

enum class Access { ReadOnly, ReadWrite };

enum class PhotoStatus { Pending = 0, Done = 1, Failed = 2 };

/// Where a face came from.
enum class FaceOrigin { Detected = 0, Drawn = 1, Imported = 2 };

struct Folder {
    Id id = 0;
    std::filesystem::path path;
    std::int64_t offlineSince = 0;  // unix seconds since it could not be read; 0: online
};

/// What the scanner compares against the disk. `path` holds the file name's bytes as they are
/// (names that are not UTF-8 survive).
struct PhotoFile {
    Id id = 0;
    std::filesystem::path path;
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
    std::string contentHash;  // empty until analysed
    PhotoStatus status = PhotoStatus::Pending;
    std::int64_t sidecarMtimeNs = 0;  // its XMP sidecar when last read; 0: none
    std::string errorCode;            // why it failed (errorCodeName), when it did
};

/// What analysis learned about a photo.
struct PhotoInfo {
    std::string contentHash;
    std::string format;
    int width = 0, height = 0;  // as seen, after orientation
    int orientation = 1;
    std::string takenAt;  // EXIF date taken, "YYYY-MM-DDTHH:MM:SS"; empty if unknown
    std::string camera;   // "Make Model"; empty if unknown
    std::string warning;  // a problem that did not stop analysis (broken EXIF)
};

/// An analysed photo as a timeline lists it.
struct PhotoListing {
    Id id = 0;
    Id folder = 0;  // 0: in no folder the library lists
    std::filesystem::path path;
    std::string contentHash;
    std::string takenAt;  // EXIF date taken, "YYYY-MM-DDTHH:MM:SS"; empty if unknown
    std::string camera;
    std::int64_t mtimeNs = 0;
};

struct Face {
    Id id = 0;
    Id photoId = 0;
    float x = 0, y = 0, width = 0, height = 0;  // pixels of the oriented, full-size photo
    float score = 0;
    std::array<float, kLandmarkValues> landmarks{};
    std::array<float, kEmbeddingSize> embedding{};
    std::string model;  // which networks produced it
    FaceOrigin origin = FaceOrigin::Detected;
    bool dismissed = false;    // a person said "not a face"
    std::string importedName;  // written when the face is added: the name the photo's XMP gave
                               // it (another app's, or an earlier Kith's); the people engine
                               // takes it in
};

/// A face with the name of its person, as an export writes it.
struct NamedFace {
    Id photo = 0;
    Id face = 0;
    float x = 0, y = 0, width = 0, height = 0;
    std::string name;
};

struct PhotoError {
    std::filesystem::path path;
    std::string code;  // errorCodeName()
    std::string message;
};

// ---- The people engine's rows ----

/// Who a face is. A face without one is unassigned.
struct Assignment {
    Id face = 0;
    Id person = 0;
    float confidence = 0;    // 0..1, how sure the automatic step was (1 when confirmed)
    bool confirmed = false;  // a person said so: no automatic step moves it
};

/// A person as a gallery shows it.
struct PersonCard {
    Person person;
    std::int64_t faces = 0;
    Face cover;  // without landmarks and embedding
    std::string coverContentHash;
};

struct Counts {
    std::int64_t folders = 0, photos = 0, faces = 0, errors = 0, pending = 0;
    std::int64_t persons = 0;  // with faces (a named person whose photos are all gone waits)
};

class Library {
  public:
    /// Opens the library at `file`, creating it and its folder when writing and absent, and
    /// bringing its schema up to date. Errors: StorageError (not a library, damaged, newer
    /// schema than this Kith knows), Busy (another process is writing it), NotFound (reading a
    /// library that does not exist).
    static Result<std::unique_ptr<Library>> open(const std::filesystem::path& file, Access access);

    /// Another connection to this library, for writing from another thread of this process (a
    /// scan beside the app's own writer). It shares this one's writer lock (either may close
    /// first), and SQLite takes the two connections' transactions in turn, each waiting up to
    /// 5 s for the other's. Errors: InvalidArgument (this one was opened read-only),
    /// StorageError.
    Result<std::unique_ptr<Library>> openAnotherWriter() const;

    /// $XDG_DATA_HOME/kith/library.db (~/.local/share/kith/library.db).
    static std::filesystem::path defaultPath();

    /// The schema version this Kith writes; migrations bring older libraries up to it.
    static int currentSchemaVersion();

    ~Library();
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;

    const std::filesystem::path& file() const;
    int schemaVersion() const;

    /// Changes made inside one `write` call land together or not at all (one transaction).
    class Writer {
      public:
        virtual ~Writer() = default;
        /// Adds a folder (idempotent) and returns its id.
        virtual Id addFolder(const std::filesystem::path& path) = 0;
        /// Forgets a folder and the photos under it (their faces and decisions with them).
        virtual void removeFolder(const std::filesystem::path& path) = 0;
        /// A folder that could not be read (its photos stay), or that can be again.
        virtual void setFolderOffline(Id folder, bool offline) = 0;
        /// A photo seen for the first time, to be analysed.
        virtual Id addPendingPhoto(const std::filesystem::path& path, Id folder, std::int64_t size,
                                   std::int64_t mtimeNs) = 0;
        /// A photo's analysis of its file as it is now (size, time): its information and faces
        /// replace whatever it had (who the old faces were is remembered: recollections()).
        virtual void recordAnalysis(Id photo, std::int64_t size, std::int64_t mtimeNs,
                                    const PhotoInfo& info, const std::vector<Face>& faces,
                                    const std::string& model) = 0;
        /// One more face for a photo (one a person drew around a face the detector missed).
        /// Returns its id.
        virtual Id addFace(Id photo, const Face& face, const std::string& model) = 0;
        /// A photo that could not be read, with why; not tried again until its file changes
        /// (unless the reason may pass: a permission, a vanished file). A photo analysed before
        /// keeps its faces, and its decisions with them, for when the file is whole again.
        virtual void recordFailure(Id photo, std::int64_t size, std::int64_t mtimeNs,
                                   const Error& error) = 0;
        /// A failed photo whose file is back as it was when analysed: its analysis stands.
        virtual void restorePhoto(Id photo, std::int64_t size, std::int64_t mtimeNs) = 0;
        /// A known photo found under a new name: its faces and decisions stay with it. The
        /// pending entry the scan made for the new name, if any, is dropped.
        virtual void movePhoto(Id photo, const std::filesystem::path& newPath, Id folder,
                               std::int64_t size, std::int64_t mtimeNs) = 0;
        /// A photo whose file was touched but whose content did not change: its analysis stands.
        virtual void updateFileState(Id photo, std::int64_t size, std::int64_t mtimeNs) = 0;
        /// Photos whose files are gone, with their faces. Who their confirmed faces were, and
        /// which were not faces, is remembered by the photos' content (see recollections()).
        virtual void removePhotos(std::span<const Id> photos) = 0;
        /// Memories taken in, or no longer wanted.
        virtual void forgetMemories(std::span<const Id> memories) = 0;

        // People. Ids given to add* are ignored; the new id is returned.
        virtual Id addPerson(const Person& person) = 0;
        virtual void updatePerson(const Person& person) = 0;
        /// Removes a person; its faces become unassigned, its constraints go with it.
        virtual void removePerson(Id person) = 0;
        /// Puts the person back with its own id, as it was (for undo).
        virtual void restorePerson(const Person& person) = 0;
        /// Gives a face a person (and takes it out of the unassigned pool).
        virtual void assign(const Assignment& assignment) = 0;
        /// Takes a face from its person, into the unassigned pool when `pooled`.
        virtual void unassign(Id face, bool pooled) = 0;
        virtual void setDismissed(Id face, bool dismissed) = 0;
        virtual Id addConstraint(const Constraint& constraint) = 0;
        virtual void removeConstraint(Id constraint) = 0;
        /// Puts a constraint back with its own id (for undo).
        virtual void restoreConstraint(const Constraint& constraint) = 0;
        /// What an export last wrote for a photo (empty: nothing, the record goes).
        virtual void recordExport(Id photo, const std::string& signature) = 0;
        /// The time of a photo's XMP sidecar as last read (0: it has none).
        virtual void recordSidecar(Id photo, std::int64_t mtimeNs) = 0;
        /// A name the photo's XMP gives a face already stored, for the people engine to take in.
        virtual void importName(Id face, const std::string& name) = 0;
        /// The people engine has taken in a face's imported name.
        virtual void markImportTaken(Id face) = 0;
        /// Records a decision (encoded by encodePayload) and returns its id.
        virtual Id addDecision(const DecisionRecord& record) = 0;
        /// Records again what a decision did, once the rows it created have their ids.
        virtual void setDecisionRecord(Id decision, const DecisionRecord& record) = 0;
        virtual void setDecisionUndone(Id decision, bool undone) = 0;
    };
    Status write(const std::function<void(Writer&)>& changes);
    /// write(), unless a face was deleted since faceDeletions() gave `deletionsSeen` (a scan on
    /// another connection analysed a photo again, or removed one): then nothing is written, and
    /// the error is Conflict. For changes worked out from faces read earlier, which may name a
    /// face that is gone, or whose id a new face has taken since.
    Status writeUnlessFacesDeleted(std::int64_t deletionsSeen,
                                   const std::function<void(Writer&)>& changes);

    /// Whether the file is sound, page by page (SQLite's quick_check: it reads the whole file,
    /// about a second per few hundred MB): what a long write such as a scan checks first.
    /// Errors: StorageError, saying what is damaged.
    Status checkIntegrity();

    Result<std::vector<Folder>> folders();
    Result<std::vector<PhotoFile>> photoFiles();
    Result<Counts> counts();
    Result<std::vector<PhotoError>> errors();
    /// Every face, in photo then face order.
    Result<std::vector<Face>> faces();
    Result<std::vector<Face>> facesOfPhoto(Id photo);
    /// The faces with these ids, in the order given (ids not found are left out).
    Result<std::vector<Face>> facesById(std::span<const Id> ids);
    /// Where a photo is on disk; nothing when the library has no such photo.
    Result<std::optional<std::filesystem::path>> photoPath(Id photo);
    /// What the people engine reads of a face.
    struct EmbeddingRow {
        Id face = 0;
        Id photo = 0;
        bool dismissed = false;
        float side = 0;  // the longer side of its box, in pixels of the photo as seen
        std::span<const float, kEmbeddingSize> embedding;
    };
    /// Every face's row (of faces with an id past `after`), in id order, without holding them
    /// all in memory at once (what the people engine needs of a million faces).
    Status forEachEmbedding(const std::function<void(const EmbeddingRow&)>& visit, Id after = 0);
    /// How many faces were ever deleted. Face ids are reused only after a deletion, so while
    /// this stays the same, the faces with an id past the last one seen are exactly the new ones.
    Result<std::int64_t> faceDeletions();
    Result<std::optional<PhotoInfo>> photoInfo(Id photo);

    /// The library's content without ids or times: one line per photo and per face, sorted by
    /// path, then the people (persons by their faces, the pool, constraints, decisions). Two
    /// libraries built from the same photos and decisions compare equal line for line.
    Result<std::vector<std::string>> canonicalDump();

    /// Writes a consistent copy of the library to a new file (VACUUM INTO): what a trial run,
    /// such as eval's oracle, works on so the real library is left as it is.
    Status copyTo(const std::filesystem::path& file);

    Result<std::vector<Person>> persons();
    /// Every person with faces, with its face count and the face that stands for it (the chosen
    /// cover, else the confirmed face with the best confidence, else the face with the best
    /// confidence: the people engine's rule), straight from the tables, so that a gallery can
    /// show them before the engine has read every face. Largest first.
    Result<std::vector<PersonCard>> personCards();
    /// personCards() of these persons alone (one without faces has no card).
    Result<std::vector<PersonCard>> personCards(std::span<const Id> persons);
    Result<std::vector<Assignment>> assignments();
    /// A person's faces, in id order.
    Result<std::vector<Assignment>> assignmentsOfPerson(Id person);
    /// Who the faces of a photo are (unassigned faces left out).
    Result<std::vector<Assignment>> assignmentsOfPhoto(Id photo);
    /// Faces the people engine has seen and left unassigned.
    Result<std::vector<Id>> pooledFaces();
    Result<std::vector<Constraint>> constraints();
    /// Every decision, oldest first, undone ones included.
    Result<std::vector<Decision>> decisions();
    /// A face found again: one that a removed photo of the same content, or an earlier read of
    /// its photo, held at the same place (boxes overlapping by IoU 0.5 or more), with what was
    /// decided about it then.
    struct Recollection {
        Id memory = 0;
        Id face = 0;
        Id person = 0;  // it was confirmed in this person (0: none)
        bool dismissed = false;
    };
    /// Faces found again that no person holds yet, each at most once, best overlap first.
    Result<std::vector<Recollection>> recollections();
    /// Names the photos' XMP gave faces that the people engine has not taken in yet, by face id.
    Result<std::vector<std::pair<Id, std::string>>> pendingImports();
    /// Every face whose person has a name (faces dismissed as not faces left out), by photo.
    Result<std::vector<NamedFace>> namedFaces();
    /// What exports last wrote, by photo.
    Result<std::unordered_map<Id, std::string>> exportSignatures();

    /// Every photo's id and path.
    Result<std::vector<std::pair<Id, std::filesystem::path>>> photoPaths();
    /// Every analysed photo (pending and failed ones left out), newest first: by date taken,
    /// else by the file's time; ties by path.
    Result<std::vector<PhotoListing>> photoListing();

  private:
    struct Impl;
    explicit Library(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kith::store
