#include "folders_page.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QVBoxLayout>

#include "words.h"

namespace kith::ui {
namespace {

enum Role { PathRole = Qt::UserRole + 1, NestedRole };

QString describe(const FolderEntry& f) {
    QString text =
        f.path + "  —  " + countOf(f.photos, QObject::tr("photo"), QObject::tr("photos"));
    if (f.offlineSince)
        text += QObject::tr("  (offline since %1: its photos and people are kept until it is back)")
                    .arg(QLocale().toString(QDateTime::fromSecsSinceEpoch(f.offlineSince),
                                            QLocale::ShortFormat));
    return text;
}

}  // namespace

FoldersPage::FoldersPage(QWidget* parent)
    : QWidget(parent),
      folders_(new QListWidget),
      problems_(new QListWidget),
      rescan_(new QPushButton(tr("Rescan"))),
      remove_(new QPushButton(tr("Remove from the library…"))) {
    setObjectName("foldersPage");
    folders_->setObjectName("folders");
    problems_->setObjectName("problems");
    problems_->setToolTip(tr("Files Kith found but could not read, and why; the scan went on"));
    auto* add = new QPushButton(tr("Add a folder…"));
    add->setObjectName("addFolder");
    add->setToolTip(tr("Kith scans it in the background and finds the people in it"));
    rescan_->setObjectName("rescanFolder");
    rescan_->setToolTip(tr("Looks for new, changed and removed photos in the selected folder"));
    remove_->setObjectName("removeFolder");
    remove_->setToolTip(
        tr("Kith forgets the folder and what it learned from its photos; the photos stay"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(rescan_);
    buttons->addWidget(remove_);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    auto* intro =
        new QLabel(tr("Folders in this library. Everything Kith learns stays on this computer; "
                      "it changes your photos only if you ask it to write names into them "
                      "(Settings)."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(folders_, 1);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Files that could not be read")));
    layout->addWidget(problems_, 1);

    connect(add, &QPushButton::clicked, this, &FoldersPage::addRequested);
    connect(folders_, &QListWidget::currentRowChanged, this, &FoldersPage::updateButtons);
    connect(rescan_, &QPushButton::clicked, this, [this] {
        if (const QListWidgetItem* item = folders_->currentItem())
            emit rescanRequested(item->data(PathRole).toString());
    });
    connect(remove_, &QPushButton::clicked, this, [this] {
        const QListWidgetItem* item = folders_->currentItem();
        if (!item) return;
        const QString path = item->data(PathRole).toString();
        const auto answer = QMessageBox::question(
            this, tr("Remove a folder"),
            tr("Remove %1 from the library? Kith forgets its photos, their faces and the names "
               "you gave them. The photos themselves are not touched; adding the folder again "
               "scans them anew.")
                .arg(path));
        if (answer == QMessageBox::Yes) emit removeRequested(item->data(NestedRole).toStringList());
    });
    setFolders({});
}

void FoldersPage::setFolders(const QVector<FolderEntry>& folders) {
    const QString current =
        folders_->currentItem() ? folders_->currentItem()->data(PathRole).toString() : QString();
    folders_->clear();
    QVector<QStringList> nested;
    const QVector<FolderEntry> outer = outermostFolders(folders, &nested);
    if (outer.isEmpty())
        folders_->addItem(
            tr("No folders yet: add one below, and Kith finds the people in its "
               "photos."));
    for (int i = 0; i < outer.size(); ++i) {
        auto* item = new QListWidgetItem(describe(outer[i]), folders_);  // the list owns it
        item->setData(PathRole, outer[i].path);
        item->setData(NestedRole, nested[i]);
        if (outer[i].path == current) folders_->setCurrentItem(item);
    }
    updateButtons();
}

void FoldersPage::setProblems(const QStringList& problems) {
    problems_->clear();
    problems_->addItems(problems.isEmpty() ? QStringList{tr("None")} : problems);
}

void FoldersPage::updateButtons() {
    const QListWidgetItem* item = folders_->currentItem();
    const bool chosen = item && !item->data(PathRole).toString().isEmpty();
    rescan_->setEnabled(chosen);
    remove_->setEnabled(chosen);
}

}  // namespace kith::ui
