// What the app shows of a person or a photo, read from the library's tables alone (no engine):
// so that the worker and, while a scan keeps the worker busy, a read-only reader show the same.
#pragma once

#include <functional>
#include <optional>

#include "kith/pipeline.h"
#include "kith/store.h"
#include "library_service.h"

namespace kith::ui {

class LibraryReads {
  public:
    LibraryReads(store::Library& library, const pipeline::ThumbnailCache& thumbnails)
        : library_(library), thumbnails_(thumbnails) {}

    /// Tiles for faces, in the order given (faces not found left out), each with its person.
    Result<QVector<FaceTile>> tiles(const std::vector<store::Id>& faces);
    /// A person's page, without suggestions (those need the engine). NotFound, said for a
    /// person to read, if there is no such person.
    Result<PersonDetail> person(store::Id person);
    /// A photo with its faces and their names. NotFound if there is no such photo.
    Result<PhotoDetail> photo(store::Id photo);
    /// Every analysed photo, newest first, and the folders with their photo counts.
    Result<PhotoList> photoList();

  private:
    store::Library& library_;
    const pipeline::ThumbnailCache& thumbnails_;
};

/// Serves person and photo pages from a read-only connection on its own thread while a scan
/// keeps the worker busy (SQLite's WAL lets it read while the scan writes).
class LibraryReader : public QObject {
    Q_OBJECT
  public:
    explicit LibraryReader(AppOptions options);
    ~LibraryReader() override;
    void loadPerson(qint64 person);
    void loadPhoto(qint64 photo);
    void loadPhotos();

  signals:
    void personLoaded(const kith::ui::PersonDetail& person);
    void photoLoaded(const kith::ui::PhotoDetail& photo);
    void photosLoaded(const kith::ui::PhotoList& photos);
    void failed(const QString& message);

  private:
    LibraryReads* reads();  // opens the library the first time; nullptr (and a message) if not

    AppOptions options_;
    pipeline::ThumbnailCache thumbnails_;
    std::unique_ptr<store::Library> library_;
    std::unique_ptr<LibraryReads> reads_;
};

}  // namespace kith::ui
