// Library folders: the folders Kith scans, each once (a folder inside another is counted in
// it), with its number of photos; add, rescan or remove one; and the files that could not be
// read.
#pragma once

#include <QListWidget>
#include <QPushButton>
#include <QWidget>

#include "photo_list.h"

namespace kith::ui {

class FoldersPage : public QWidget {
    Q_OBJECT
  public:
    explicit FoldersPage(QWidget* parent = nullptr);
    void setFolders(const QVector<FolderEntry>& folders);
    /// "path: why" for each file that could not be read.
    void setProblems(const QStringList& problems);
    QListWidget* list() const { return folders_; }

  signals:
    void addRequested();
    void rescanRequested(const QString& folder);
    /// The folder chosen and the folders inside it, to be forgotten (asked first).
    void removeRequested(const QStringList& folders);

  private:
    void updateButtons();

    QListWidget* folders_;
    QListWidget* problems_;
    QPushButton *rescan_, *remove_;
};

}  // namespace kith::ui
