// The one way the library is changed: a Writer inside a transaction.
#include "library_impl.h"

namespace kith::store {
namespace {

constexpr const char* kInsertFace =
    "INSERT INTO faces(photo_id, x, y, width, height, score, landmarks, embedding, model, origin) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

Id insertFace(Database& db, Statement& insert, Id photo, const Face& face,
              const std::string& model) {
    insert.bind(1, photo).bind(2, double{face.x}).bind(3, double{face.y});
    insert.bind(4, double{face.width}).bind(5, double{face.height});
    insert.bind(6, double{face.score}).bindBlob(7, bytesOf(face.landmarks));
    insert.bindBlob(8, bytesOf(face.embedding)).bind(9, model);
    insert.bind(10, static_cast<std::int64_t>(face.origin)).run();
    const Id id = db.lastInsertId();
    if (!face.importedName.empty())
        db.prepare("INSERT OR REPLACE INTO face_imports(face_id, name) VALUES (?, ?)")
            .bind(1, id)
            .bind(2, face.importedName)
            .run();
    return id;
}

class SqlWriter final : public Library::Writer {
  public:
    explicit SqlWriter(Database& db) : db_(db) {}

    Id addFolder(const std::filesystem::path& path) override {
        auto insert = db_.prepare("INSERT OR IGNORE INTO folders(path, added_at) VALUES (?, ?)");
        insert.bindBlob(1, pathBytes(path)).bind(2, nowSeconds()).run();
        auto select = db_.prepare("SELECT id FROM folders WHERE path = ?");
        select.bindBlob(1, pathBytes(path));
        select.step();
        return select.int64(0);
    }

    void setFolderOffline(Id folder, bool offline) override {
        auto update = db_.prepare(offline ? "UPDATE folders SET offline_since = "
                                            "coalesce(offline_since, ?) WHERE id = ?"
                                          : "UPDATE folders SET offline_since = NULL WHERE id = ?");
        if (offline)
            update.bind(1, nowSeconds()).bind(2, folder).run();
        else
            update.bind(1, folder).run();
    }

    void removeFolder(const std::filesystem::path& path) override {
        db_.prepare("DELETE FROM folders WHERE path = ?").bindBlob(1, pathBytes(path)).run();
    }

    Id addPendingPhoto(const std::filesystem::path& path, Id folder, std::int64_t size,
                       std::int64_t mtimeNs) override {
        auto insert = db_.prepare(
            "INSERT INTO photos(path, folder_id, size, mtime_ns, status, updated_at) "
            "VALUES (?, ?, ?, ?, 0, ?)");
        insert.bindBlob(1, pathBytes(path)).bind(2, folder).bind(3, size).bind(4, mtimeNs);
        insert.bind(5, nowSeconds()).run();
        return db_.lastInsertId();
    }

    void recordAnalysis(Id photo, std::int64_t size, std::int64_t mtimeNs, const PhotoInfo& info,
                        const std::vector<Face>& faces, const std::string& model) override {
        updateFileState(photo, size, mtimeNs);
        auto update = db_.prepare(
            "UPDATE photos SET content_hash = ?, format = ?, width = ?, height = ?, "
            "orientation = ?, taken_at = ?, camera = ?, status = 1, error_code = NULL, "
            "error = ?, model = ?, updated_at = ? WHERE id = ?");
        update.bind(1, info.contentHash).bind(2, info.format);
        update.bind(3, std::int64_t{info.width}).bind(4, std::int64_t{info.height});
        update.bind(5, std::int64_t{info.orientation});
        if (info.takenAt.empty())
            update.bindNull(6);
        else
            update.bind(6, info.takenAt);
        if (info.camera.empty())
            update.bindNull(7);
        else
            update.bind(7, info.camera);
        if (info.warning.empty())
            update.bindNull(8);
        else
            update.bind(8, info.warning);
        // The old faces go: what was decided about them waits for the same faces among the new.
        remember(photo, false);
        update.bind(9, model).bind(10, nowSeconds()).bind(11, photo).run();
        db_.prepare("DELETE FROM faces WHERE photo_id = ?").bind(1, photo).run();
        auto insert = db_.prepare(kInsertFace);
        for (const Face& face : faces)
            insertFace(db_, insert, photo, face, model);
    }

    Id addFace(Id photo, const Face& face, const std::string& model) override {
        auto insert = db_.prepare(kInsertFace);
        return insertFace(db_, insert, photo, face, model);
    }

    void recordFailure(Id photo, std::int64_t size, std::int64_t mtimeNs,
                       const Error& error) override {
        updateFileState(photo, size, mtimeNs);
        auto update = db_.prepare(
            "UPDATE photos SET status = 2, error_code = ?, error = ?, updated_at = ? WHERE id = ?");
        update.bind(1, std::string(errorCodeName(error.code))).bind(2, error.message);
        update.bind(3, nowSeconds()).bind(4, photo).run();
        // Faces of an analysed photo stay (with their persons and decisions): a file damaged or
        // out of reach for a while must not take a user's answers with it.
        db_.prepare(
               "DELETE FROM faces WHERE photo_id = ? AND (SELECT content_hash FROM photos "
               "WHERE id = ?) IS NULL")
            .bind(1, photo)
            .bind(2, photo)
            .run();
    }

    void restorePhoto(Id photo, std::int64_t size, std::int64_t mtimeNs) override {
        updateFileState(photo, size, mtimeNs);
        db_.prepare(
               "UPDATE photos SET status = 1, error_code = NULL, error = NULL, "
               "updated_at = ? WHERE id = ?")
            .bind(1, nowSeconds())
            .bind(2, photo)
            .run();
    }

    void movePhoto(Id photo, const std::filesystem::path& newPath, Id folder, std::int64_t size,
                   std::int64_t mtimeNs) override {
        db_.prepare("DELETE FROM photos WHERE path = ? AND id <> ?")
            .bindBlob(1, pathBytes(newPath))
            .bind(2, photo)
            .run();
        auto update = db_.prepare(
            "UPDATE photos SET path = ?, folder_id = ?, size = ?, mtime_ns = ?, updated_at = ? "
            "WHERE id = ?");
        update.bindBlob(1, pathBytes(newPath)).bind(2, folder).bind(3, size).bind(4, mtimeNs);
        update.bind(5, nowSeconds()).bind(6, photo).run();
    }

    void updateFileState(Id photo, std::int64_t size, std::int64_t mtimeNs) override {
        auto update =
            db_.prepare("UPDATE photos SET size = ?, mtime_ns = ?, updated_at = ? WHERE id = ?");
        update.bind(1, size).bind(2, mtimeNs).bind(3, nowSeconds()).bind(4, photo).run();
    }

    void removePhotos(std::span<const Id> photos) override {
        auto remove = db_.prepare("DELETE FROM photos WHERE id = ?");
        for (Id photo : photos) {
            remember(photo, true);
            remove.bind(1, photo).run();
        }
    }

    void forgetMemories(std::span<const Id> memories) override {
        auto remove = db_.prepare("DELETE FROM face_memories WHERE id = ?");
        for (Id memory : memories)
            remove.bind(1, memory).run();
    }

    Id addPerson(const Person& p) override {
        auto insert = db_.prepare(
            "INSERT INTO persons(name, locked, hidden, cover_face_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)");
        bindPerson(insert, p).bind(5, nowSeconds()).run();
        return db_.lastInsertId();
    }

    void updatePerson(const Person& p) override {
        auto update = db_.prepare(
            "UPDATE persons SET name = ?, locked = ?, hidden = ?, cover_face_id = ? WHERE id = ?");
        bindPerson(update, p).bind(5, p.id).run();
    }

    void removePerson(Id person) override {
        db_.prepare("DELETE FROM persons WHERE id = ?").bind(1, person).run();
    }

    void assign(const Assignment& a) override {
        auto upsert = db_.prepare(
            "INSERT INTO face_person(face_id, person_id, confidence, confirmed) VALUES (?, ?, ?, "
            "?) "
            "ON CONFLICT(face_id) DO UPDATE SET person_id = excluded.person_id, "
            "confidence = excluded.confidence, confirmed = excluded.confirmed");
        upsert.bind(1, a.face).bind(2, a.person).bind(3, double{a.confidence});
        upsert.bind(4, std::int64_t{a.confirmed}).run();
        db_.prepare("DELETE FROM face_pool WHERE face_id = ?").bind(1, a.face).run();
    }

    void restorePerson(const Person& p) override {
        auto insert = db_.prepare(
            // An upsert, not a REPLACE: replacing the row would delete its faces' assignments.
            "INSERT INTO persons(name, locked, hidden, cover_face_id, created_at, id) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "locked = excluded.locked, hidden = excluded.hidden, "
            "cover_face_id = excluded.cover_face_id");
        bindPerson(insert, p).bind(5, nowSeconds()).bind(6, p.id).run();
    }

    void unassign(Id face, bool pooled) override {
        db_.prepare("DELETE FROM face_person WHERE face_id = ?").bind(1, face).run();
        if (pooled)
            db_.prepare("INSERT OR IGNORE INTO face_pool(face_id) VALUES (?)").bind(1, face).run();
        else
            db_.prepare("DELETE FROM face_pool WHERE face_id = ?").bind(1, face).run();
    }

    void setDismissed(Id face, bool dismissed) override {
        db_.prepare("UPDATE faces SET dismissed = ? WHERE id = ?")
            .bind(1, std::int64_t{dismissed})
            .bind(2, face)
            .run();
    }

    Id addConstraint(const Constraint& c) override {
        auto insert = db_.prepare(
            "INSERT INTO constraints(kind, face_a, person_a, face_b, person_b, decision_id) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        bindConstraint(insert, c).run();
        return db_.lastInsertId();
    }

    void removeConstraint(Id constraint) override {
        db_.prepare("DELETE FROM constraints WHERE id = ?").bind(1, constraint).run();
    }

    void restoreConstraint(const Constraint& c) override {
        auto insert = db_.prepare(
            "INSERT INTO constraints(kind, face_a, person_a, face_b, person_b, decision_id, id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, "
            "face_a = excluded.face_a, person_a = excluded.person_a, face_b = excluded.face_b, "
            "person_b = excluded.person_b, decision_id = excluded.decision_id");
        bindConstraint(insert, c).bind(7, c.id).run();
    }

    void recordExport(Id photo, const std::string& signature) override {
        if (signature.empty()) {
            db_.prepare("DELETE FROM xmp_exports WHERE photo_id = ?").bind(1, photo).run();
            return;
        }
        db_.prepare(
               "INSERT INTO xmp_exports(photo_id, signature, exported_at) VALUES (?, ?, ?) "
               "ON CONFLICT(photo_id) DO UPDATE SET signature = excluded.signature, "
               "exported_at = excluded.exported_at")
            .bind(1, photo)
            .bind(2, signature)
            .bind(3, nowSeconds())
            .run();
    }

    void recordSidecar(Id photo, std::int64_t mtimeNs) override {
        db_.prepare("UPDATE photos SET sidecar_mtime_ns = ? WHERE id = ?")
            .bind(1, mtimeNs)
            .bind(2, photo)
            .run();
    }

    void importName(Id face, const std::string& name) override {
        db_.prepare("INSERT OR REPLACE INTO face_imports(face_id, name, taken) VALUES (?, ?, 0)")
            .bind(1, face)
            .bind(2, name)
            .run();
    }

    void markImportTaken(Id face) override {
        db_.prepare("UPDATE face_imports SET taken = 1 WHERE face_id = ?").bind(1, face).run();
    }

    Id addDecision(const DecisionRecord& record) override {
        auto insert = db_.prepare("INSERT INTO decisions(made_at, kind, payload) VALUES (?, ?, ?)");
        insert.bind(1, nowSeconds())
            .bind(2, kindName(record.arguments))
            .bind(3, encodePayload(record))
            .run();
        return db_.lastInsertId();
    }

    void setDecisionRecord(Id decision, const DecisionRecord& record) override {
        db_.prepare("UPDATE decisions SET kind = ?, payload = ? WHERE id = ?")
            .bind(1, kindName(record.arguments))
            .bind(2, encodePayload(record))
            .bind(3, decision)
            .run();
    }

    void setDecisionUndone(Id decision, bool undone) override {
        auto update = db_.prepare("UPDATE decisions SET undone_at = ? WHERE id = ?");
        if (undone)
            update.bind(1, nowSeconds());
        else
            update.bindNull(1);
        update.bind(2, decision).run();
    }

  private:
    static Statement& bindConstraint(Statement& s, const Constraint& c) {
        s.bind(1, static_cast<std::int64_t>(c.kind));
        int column = 2;
        for (Id id : {c.faceA, c.personA, c.faceB, c.personB, c.decision}) {
            if (id)
                s.bind(column, id);
            else
                s.bindNull(column);
            ++column;
        }
        return s;
    }

    static Statement& bindPerson(Statement& s, const Person& p) {
        if (p.name.empty())
            s.bindNull(1);
        else
            s.bind(1, p.name);
        s.bind(2, std::int64_t{p.locked}).bind(3, std::int64_t{p.hidden});
        if (p.coverFace)
            s.bind(4, p.coverFace);
        else
            s.bindNull(4);
        return s;
    }

  private:
    // Keeps what was decided about a photo's faces (confirmed in a person, or not a face) for
    // when they are found again: by the photo's content when it leaves the library (`removed`),
    // else by the photo, read again.
    void remember(Id photo, bool removed) {
        auto insert = db_.prepare(
            "INSERT INTO face_memories(content_hash, photo_id, x, y, width, height, person_id, "
            "dismissed, remembered_at) "
            "SELECT CASE WHEN ? THEN p.content_hash END, CASE WHEN ? THEN NULL ELSE p.id END, "
            "f.x, f.y, f.width, f.height, CASE WHEN fp.confirmed = 1 THEN fp.person_id END, "
            "f.dismissed, ? FROM faces f JOIN photos p ON p.id = f.photo_id "
            "LEFT JOIN face_person fp ON fp.face_id = f.id "
            "WHERE f.photo_id = ? AND (fp.confirmed = 1 OR f.dismissed = 1) "
            "AND (NOT ? OR p.content_hash IS NOT NULL)");
        const std::int64_t byContent = removed ? 1 : 0;
        insert.bind(1, byContent).bind(2, byContent).bind(3, nowSeconds()).bind(4, photo);
        insert.bind(5, byContent).run();
    }

    Database& db_;
};

}  // namespace

std::unique_ptr<Library::Writer> makeSqlWriter(Database& db) {
    return std::make_unique<SqlWriter>(db);
}

}  // namespace kith::store
