// Photos: every analysed photo, newest first, under a heading per month, as photo apps show a
// timeline; or only one person's photos. Model/view: thumbnails come from the cache, loaded off
// the UI thread for the rows on screen only.
#pragma once

#include <QAbstractListModel>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSet>
#include <QStyledItemDelegate>
#include <QWidget>

#include "empty_state.h"
#include "face_images.h"
#include "grid_zoom.h"
#include "photo_list.h"

namespace kith::ui {

/// Rows: a heading ("July 2023") before each month's photos, then the photos.
class PhotosModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role { IdRole = Qt::UserRole + 1, HeadingRole };
    explicit PhotosModel(FaceImages& images, QObject* parent = nullptr);

    /// All photos, newest first.
    void setPhotos(const QVector<PhotoEntry>& photos);
    /// Only these photos are shown (all when `only` is empty).
    void setOnly(const QSet<qint64>& only);
    /// The side thumbnails are decoded at, in pixels.
    void setThumbnailSide(int side);
    /// The photos shown, in order (what the photo viewer steps through).
    QVector<qint64> shownPhotos() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

  private:
    struct Row {
        int photo = -1;  // index in photos_; -1: a heading
        QString heading;
    };
    void rebuild();
    QString thumbnailOf(const PhotoEntry& photo) const;

    FaceImages& images_;
    QVector<PhotoEntry> photos_;
    QSet<qint64> only_;
    QVector<Row> rows_;
    int side_ = 160;
};

/// Headings across the whole width, photos in cells that fill it.
class PhotoGridDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    PhotoGridDelegate(const GridZoom& zoom, QListView* view);
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

  private:
    const GridZoom& zoom_;
    QListView* view_;
};

class PhotosPage : public QWidget {
    Q_OBJECT
  public:
    explicit PhotosPage(FaceImages& images, QWidget* parent = nullptr);

    void setPhotos(const QVector<PhotoEntry>& photos);
    /// Only `photos`, under `title` ("Photos of Ada"), with a button back to all.
    void showOnly(const QString& title, const QSet<qint64>& photos);
    void showAll();
    QListView* view() const { return view_; }
    const PhotosModel& model() const { return model_; }

  protected:
    void showEvent(QShowEvent* event) override;

  signals:
    /// A photo opened, with the photos shown, in order, for the viewer to step through.
    void photoActivated(qint64 photo, const QVector<qint64>& shown);
    void addFolderRequested();

  private:
    void updateTitle();

    PhotosModel model_;
    QListView* view_;
    GridZoom* zoom_;
    QLabel* title_;
    QPushButton* showAll_;
    EmptyState* empty_;
    QString onlyTitle_;  // empty: all photos
    // Photos that arrived while the page was not on screen, shown when it is: a large library
    // is not listed and laid out again for every scan batch nobody is looking at.
    QVector<PhotoEntry> waiting_;
    bool anyWaiting_ = false;
};

}  // namespace kith::ui
