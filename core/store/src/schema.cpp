#include "schema.h"

namespace kith::store {

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string_view> all = {
        // 1: folders, photos and faces; the people tables the engine needs, so that it can grow
        // without moving anything already stored.
        R"sql(
CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,            -- the folder's path as bytes (any file name)
    added_at INTEGER NOT NULL              -- unix seconds
);

CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    folder_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT,                     -- XXH3-128 of the file, hex; NULL until read
    format TEXT,
    width INTEGER,                         -- as seen, after EXIF orientation
    height INTEGER,
    orientation INTEGER,
    taken_at TEXT,                         -- EXIF date taken, ISO 8601 without zone
    camera TEXT,
    status INTEGER NOT NULL DEFAULT 0,     -- 0 pending, 1 done, 2 failed
    error_code TEXT,
    error TEXT,                            -- why it failed, or a warning when it did not
    model TEXT,                            -- the networks that analysed it
    updated_at INTEGER NOT NULL
);
CREATE INDEX photos_by_hash ON photos(content_hash);
CREATE INDEX photos_by_status ON photos(status);
CREATE INDEX photos_by_folder ON photos(folder_id);

CREATE TABLE faces (
    id INTEGER PRIMARY KEY,
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    x REAL NOT NULL, y REAL NOT NULL, width REAL NOT NULL, height REAL NOT NULL,
    score REAL NOT NULL,
    landmarks BLOB,                        -- 68 points as float32 x, y
    embedding BLOB,                        -- 128 float32, unit length
    model TEXT NOT NULL,
    origin INTEGER NOT NULL DEFAULT 0      -- 0 detected, 1 drawn by the user, 2 imported
);
CREATE INDEX faces_by_photo ON faces(photo_id);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    name TEXT,                             -- NULL: not named yet
    locked INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    cover_face_id INTEGER REFERENCES faces(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

-- Who each face is. A face without a row is unassigned.
CREATE TABLE face_person (
    face_id INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    confidence REAL NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0   -- 1: a person said so; no automatic step moves it
);
CREATE INDEX face_person_by_person ON face_person(person_id);

-- Every human decision, in order. Undo walks back through them.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    made_at INTEGER NOT NULL,
    kind TEXT NOT NULL,                    -- confirm, reject, merge, different, split, lock, ...
    payload TEXT NOT NULL,                 -- JSON: the arguments and what changed
    undone_at INTEGER
);

-- What decisions mean for every automatic step: must-link or cannot-link between two faces, a
-- face and a person, or two persons.
CREATE TABLE constraints (
    id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,                 -- 0 must-link, 1 cannot-link
    face_a INTEGER REFERENCES faces(id) ON DELETE CASCADE,
    person_a INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    face_b INTEGER REFERENCES faces(id) ON DELETE CASCADE,
    person_b INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    decision_id INTEGER REFERENCES decisions(id) ON DELETE CASCADE,
    CHECK ((face_a IS NULL) <> (person_a IS NULL)),
    CHECK ((face_b IS NULL) <> (person_b IS NULL))
);
CREATE INDEX constraints_by_face_a ON constraints(face_a);
CREATE INDEX constraints_by_face_b ON constraints(face_b);
)sql",
        // 2: a face a person said is not a face stays (so a rescan does not bring it back) but
        // leaves every person; faces the people engine has seen but left unassigned are
        // remembered, so that "new faces" means the ones it has not seen.
        R"sql(
ALTER TABLE faces ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE face_pool (
    face_id INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE
);
)sql",
        // 3: a count of face deletions, kept by the database itself, so that the people engine
        // can take in a scan's new faces without reading every face again: ids are reused only
        // after a deletion, so with no deletion since, the faces past the last id seen are the new
        // ones.
        R"sql(
CREATE TABLE face_deletions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL
);
INSERT INTO face_deletions VALUES (1, 0);
CREATE TRIGGER count_face_deletions AFTER DELETE ON faces BEGIN
    UPDATE face_deletions SET count = count + 1 WHERE id = 1;
END;
)sql",
        // 4: names that travel in the photos' XMP. A name another app gave a face (a region in
        // the photo's metadata) waits here until the people engine has taken it in; a photo's
        // sidecar is remembered by its time, so that a scan reads it again when another app
        // changed it; the regions Kith last wrote for a photo are remembered by a signature, so
        // that an export writes only what changed.
        R"sql(
CREATE TABLE face_imports (
    face_id INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    taken INTEGER NOT NULL DEFAULT 0       -- 1: the people engine has applied it
);
-- Every people update asks for the names still waiting: only those are indexed.
CREATE INDEX face_imports_waiting ON face_imports(face_id) WHERE taken = 0;
ALTER TABLE photos ADD COLUMN sidecar_mtime_ns INTEGER NOT NULL DEFAULT 0;  -- 0: no sidecar
CREATE TABLE xmp_exports (
    photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    signature TEXT NOT NULL,               -- where and what was written: see kith::metadata
    exported_at INTEGER NOT NULL
);
)sql",
        // 5: nothing missing for a while is lost. A library folder that cannot be read (a drive
        // unplugged, a share down) is marked offline and its photos stay; a photo that was
        // analysed and then fails to read keeps its faces, and comes back whole when its file
        // does. Failed photos recorded before kept no faces: forgetting their content makes the
        // file, when it comes back, analysed again rather than taken for one whose faces stand.
        R"sql(
ALTER TABLE folders ADD COLUMN offline_since INTEGER;  -- unix seconds; NULL: online
UPDATE photos SET content_hash = NULL WHERE status = 2;
)sql",
        // 6: what a person decided about a face outlives the face. A photo removed (its file
        // gone) or read again (its file changed) leaves here who its confirmed faces were and
        // which boxes were not faces, by the photo's content or the photo, and each face's box;
        // the same face found again (the file back from the trash, an edit that kept the faces)
        // gets its person back.
        R"sql(
CREATE TABLE face_memories (
    id INTEGER PRIMARY KEY,
    content_hash TEXT,                     -- a removed photo's content
    photo_id INTEGER REFERENCES photos(id) ON DELETE CASCADE,  -- a photo read again
    x REAL NOT NULL, y REAL NOT NULL, width REAL NOT NULL, height REAL NOT NULL,
    person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,  -- confirmed in this person
    dismissed INTEGER NOT NULL DEFAULT 0,  -- "not a face"
    remembered_at INTEGER NOT NULL,
    CHECK ((content_hash IS NULL) <> (photo_id IS NULL))
);
CREATE INDEX face_memories_by_hash ON face_memories(content_hash);
CREATE INDEX face_memories_by_photo ON face_memories(photo_id);
)sql",
    };
    return all;
}

}  // namespace kith::store
