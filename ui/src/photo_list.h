// The library's analysed photos and its folders, as the Photos and Library folders views show
// them: plain values, read on the worker and handed to the UI thread by a signal.
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace kith::ui {

struct PhotoEntry {
    qint64 id = 0;
    qint64 folder = 0;       // 0: in no listed folder
    QString path;            // the photo itself
    QString thumbnail;       // a JPEG in the thumbnail cache (may be missing)
    QDateTime when;          // taken, else the file's time
    bool dateTaken = false;  // `when` is the EXIF date taken (else the file's time)
    QString camera;          // empty if unknown
    QString month;           // "July 2023", the heading it is listed under (see monthOf)
};

struct FolderEntry {
    qint64 id = 0;
    QString path;
    int photos = 0;           // analysed photos in it
    qint64 offlineSince = 0;  // unix seconds; 0: online
};

/// Newest first (see store::Library::photoListing).
struct PhotoList {
    QVector<PhotoEntry> photos;
    QVector<FolderEntry> folders;
};

/// The heading a photo of that time is listed under: "July 2023", or "Date unknown".
QString monthOf(const QDateTime& when);

/// The folders a person added, with a folder inside another listed one folded into it (its
/// photos counted there): adding ~/Pictures after ~/Pictures/2023 lists one folder, not two.
/// `nested` gets, for each folder returned, the paths folded into it (itself first).
QVector<FolderEntry> outermostFolders(const QVector<FolderEntry>& folders,
                                      QVector<QStringList>* nested = nullptr);

}  // namespace kith::ui

Q_DECLARE_METATYPE(kith::ui::PhotoList)
