#include "photo_list.h"

#include <QLocale>
#include <QObject>
#include <algorithm>

namespace kith::ui {
namespace {

bool isInside(const QString& path, const QString& folder) {
    const QString prefix = folder.endsWith('/') ? folder : folder + '/';
    return path.startsWith(prefix);
}

}  // namespace

QString monthOf(const QDateTime& when) {
    return when.isValid() ? QLocale().toString(when.date(), "MMMM yyyy")
                          : QObject::tr("Date unknown");
}

QVector<FolderEntry> outermostFolders(const QVector<FolderEntry>& folders,
                                      QVector<QStringList>* nested) {
    QVector<FolderEntry> sorted = folders;
    // By path, a folder comes before every folder inside it.
    std::sort(sorted.begin(), sorted.end(),
              [](const FolderEntry& a, const FolderEntry& b) { return a.path < b.path; });
    QVector<FolderEntry> outer;
    QVector<QStringList> inside;
    for (const FolderEntry& f : sorted) {
        const auto parent = std::find_if(outer.begin(), outer.end(), [&](const FolderEntry& o) {
            return isInside(f.path, o.path);
        });
        if (parent == outer.end()) {
            outer.push_back(f);
            inside.push_back({f.path});
            continue;
        }
        parent->photos += f.photos;
        inside[parent - outer.begin()] << f.path;
    }
    if (nested) *nested = inside;
    return outer;
}

}  // namespace kith::ui
