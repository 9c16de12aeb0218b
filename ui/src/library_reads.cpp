#include "library_reads.h"

#include <QFileInfo>
#include <map>

#include "words.h"

namespace kith::ui {
Result<QVector<FaceTile>> LibraryReads::tiles(const std::vector<store::Id>& faces) {
    const auto stored = library_.facesById(faces);
    if (!stored.ok()) return stored.error();
    std::map<store::Id, std::pair<std::string, QString>> photos;  // hash and path, by photo
    std::map<store::Id, store::Id> personOf;
    QVector<FaceTile> result;
    for (const store::Face& f : stored.value()) {
        auto it = photos.find(f.photoId);
        if (it == photos.end()) {
            const auto info = library_.photoInfo(f.photoId);
            const auto path = library_.photoPath(f.photoId);
            const auto who = library_.assignmentsOfPhoto(f.photoId);
            if (!info.ok() || !path.ok() || !who.ok())
                return info.ok() ? (path.ok() ? who.error() : path.error()) : info.error();
            for (const store::Assignment& a : who.value())
                personOf[a.face] = a.person;
            it = photos
                     .emplace(f.photoId,
                              std::pair{info.value() ? info.value()->contentHash : std::string(),
                                        path.value() ? qs(path.value()->string()) : QString()})
                     .first;
        }
        FaceTile t;
        t.face = f.id;
        t.photo = f.photoId;
        t.person = personOf.count(f.id) ? personOf[f.id] : 0;
        if (!it->second.first.empty())
            t.crop = qs(thumbnails_.faceCrop(it->second.first, f).string());
        t.photoPath = it->second.second;
        t.box = QRectF(f.x, f.y, f.width, f.height);
        result.push_back(t);
    }
    return result;
}

Result<PersonDetail> LibraryReads::person(store::Id person) {
    const auto persons = library_.persons();
    if (!persons.ok()) return persons.error();
    const auto it = std::find_if(persons.value().begin(), persons.value().end(),
                                 [&](const store::Person& p) { return p.id == person; });
    if (it == persons.value().end())
        return makeError(ErrorCode::NotFound,
                         QObject::tr("This person is no longer in the library (merged or undone).")
                             .toStdString());
    const auto members = library_.assignmentsOfPerson(person);
    if (!members.ok()) return members.error();
    PersonDetail detail;
    detail.card.id = it->id;
    detail.card.name = qs(it->name);
    detail.card.faces = static_cast<int>(members.value().size());
    detail.card.locked = it->locked;
    detail.card.hidden = it->hidden;
    std::vector<store::Id> ids;
    std::map<store::Id, store::Assignment> byId;
    for (const store::Assignment& a : members.value()) {
        ids.push_back(a.face);
        byId[a.face] = a;
    }
    auto faces = tiles(ids);
    if (!faces.ok()) return faces.error();
    detail.faces = std::move(faces.value());
    for (FaceTile& t : detail.faces) {
        t.confidence = byId[t.face].confidence;
        t.confirmed = byId[t.face].confirmed;
    }
    return detail;
}

Result<PhotoDetail> LibraryReads::photo(store::Id photo) {
    const auto path = library_.photoPath(photo);
    if (!path.ok()) return path.error();
    if (!path.value())
        return makeError(ErrorCode::NotFound,
                         QObject::tr("This photo is no longer in the library.").toStdString());
    const auto faces = library_.facesOfPhoto(photo);
    if (!faces.ok()) return faces.error();
    const auto persons = library_.persons();
    if (!persons.ok()) return persons.error();
    PhotoDetail detail;
    detail.id = photo;
    detail.path = qs(path.value()->string());
    if (const auto info = library_.photoInfo(photo); info.ok() && info.value()) {
        detail.size = QSize(info.value()->width, info.value()->height);
        detail.camera = qs(info.value()->camera);
        detail.when = QDateTime::fromString(qs(info.value()->takenAt), Qt::ISODate);
        detail.dateTaken = detail.when.isValid();
    }
    if (!detail.dateTaken) detail.when = QFileInfo(detail.path).lastModified();
    std::vector<store::Id> ids;
    for (const auto& f : faces.value())
        if (!f.dismissed) ids.push_back(f.id);
    auto shown = tiles(ids);
    if (!shown.ok()) return shown.error();
    detail.faces = std::move(shown.value());
    std::map<store::Id, std::string> nameOf;
    for (const store::Person& p : persons.value())
        nameOf[p.id] = p.name;
    for (const FaceTile& t : detail.faces)
        detail.names << (t.person ? qs(nameOf[t.person]) : QString());
    return detail;
}

Result<PhotoList> LibraryReads::photoList() {
    const auto listed = library_.photoListing();
    if (!listed.ok()) return listed.error();
    const auto folders = library_.folders();
    if (!folders.ok()) return folders.error();
    PhotoList list;
    std::map<store::Id, int> photosIn;
    list.photos.reserve(static_cast<qsizetype>(listed.value().size()));
    for (const store::PhotoListing& p : listed.value()) {
        PhotoEntry e;
        e.id = p.id;
        e.folder = p.folder;
        e.path = qs(p.path.string());
        if (!p.contentHash.empty())
            e.thumbnail = qs(thumbnails_.photoThumbnail(p.contentHash).string());
        e.when = QDateTime::fromString(qs(p.takenAt), Qt::ISODate);
        e.dateTaken = e.when.isValid();
        if (!e.dateTaken) e.when = QDateTime::fromMSecsSinceEpoch(p.mtimeNs / 1'000'000);
        e.camera = qs(p.camera);
        e.month = monthOf(e.when);
        ++photosIn[p.folder];
        list.photos.push_back(std::move(e));
    }
    for (const store::Folder& f : folders.value())
        list.folders.push_back({f.id, qs(f.path.string()), photosIn[f.id], f.offlineSince});
    return list;
}

}  // namespace kith::ui
