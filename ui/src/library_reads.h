// What the app shows of a person or a photo, read from the library's tables alone (the engine
// adds its suggestions on top).
#pragma once

#include <functional>
#include <optional>

#include "kith/pipeline.h"
#include "kith/store.h"
#include "library_service.h"

namespace kith::ui {

/// Thread-safety: used on the thread that owns `library` (the library's thread).
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

}  // namespace kith::ui
