#include "photos_page.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLocale>
#include <QPainter>
#include <QVBoxLayout>
#include <utility>

#include "words.h"

namespace kith::ui {
namespace {

constexpr int kHeadingHeight = 40;

QString describe(const PhotoEntry& p) {
    QString text = QFileInfo(p.path).fileName() + "\n" +
                   QLocale().toString(p.when, "dddd d MMMM yyyy, HH:mm") +
                   (p.dateTaken ? QString() : QObject::tr(" (file time: no date taken)"));
    if (!p.camera.isEmpty()) text += "\n" + p.camera;
    return text;
}

}  // namespace

PhotosModel::PhotosModel(FaceImages& images, QObject* parent)
    : QAbstractListModel(parent), images_(images) {
    // A thumbnail arrived: repaint the photo showing it.
    connect(&images_, &FaceImages::loaded, this, [this](const QString& path) {
        for (int row = 0; row < rows_.size(); ++row)
            if (rows_[row].photo >= 0 && thumbnailOf(photos_[rows_[row].photo]) == path)
                emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

QString PhotosModel::thumbnailOf(const PhotoEntry& photo) const {
    return photo.thumbnail.isEmpty() ? photo.path : photo.thumbnail;
}

void PhotosModel::setPhotos(const QVector<PhotoEntry>& photos) {
    photos_ = photos;
    rebuild();
}

void PhotosModel::setOnly(const QSet<qint64>& only) {
    only_ = only;
    rebuild();
}

void PhotosModel::setThumbnailSide(int side) {
    if (side == side_) return;
    side_ = side;
    if (!rows_.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {Qt::DecorationRole});
}

void PhotosModel::rebuild() {
    beginResetModel();
    rows_.clear();
    QString month;
    for (int i = 0; i < photos_.size(); ++i) {
        if (!only_.isEmpty() && !only_.contains(photos_[i].id)) continue;
        // Months were named on the worker: a library of 100 000 photos is listed without
        // formatting 100 000 dates on the UI thread.
        const QString& m = photos_[i].month;
        if (rows_.isEmpty() || m != month) rows_.push_back({-1, month = m});
        rows_.push_back({i, {}});
    }
    endResetModel();
}

QVector<qint64> PhotosModel::shownPhotos() const {
    QVector<qint64> ids;
    for (const Row& r : rows_)
        if (r.photo >= 0) ids << photos_[r.photo].id;
    return ids;
}

int PhotosModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

Qt::ItemFlags PhotosModel::flags(const QModelIndex& index) const {
    if (!index.isValid() || index.row() >= rows_.size()) return Qt::NoItemFlags;
    return rows_[index.row()].photo < 0 ? Qt::ItemIsEnabled
                                        : Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant PhotosModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Row& row = rows_[index.row()];
    if (row.photo < 0) {
        if (role == Qt::DisplayRole) return row.heading;
        if (role == HeadingRole) return true;
        return {};
    }
    const PhotoEntry& p = photos_[row.photo];
    switch (role) {
        case Qt::DecorationRole:
            return images_.get(thumbnailOf(p), side_);
        case Qt::ToolTipRole:
            return describe(p);
        case Qt::AccessibleTextRole:
            return QFileInfo(p.path).fileName();
        case IdRole:
            return p.id;
        case HeadingRole:
            return false;
        default:
            return {};
    }
}

PhotoGridDelegate::PhotoGridDelegate(const GridZoom& zoom, QListView* view)
    : QStyledItemDelegate(view), zoom_(zoom), view_(view) {}

QSize PhotoGridDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex& index) const {
    if (index.data(PhotosModel::HeadingRole).toBool())
        // The whole width, so that a month starts a row of its own.
        return {view_->viewport()->width() - 2 * view_->spacing() - 2, kHeadingHeight};
    return zoom_.cell();
}

void PhotoGridDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
    painter->save();
    if (index.data(PhotosModel::HeadingRole).toBool()) {
        QFont font = option.font;
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * 1.25);
        painter->setFont(font);
        painter->setPen(option.palette.color(QPalette::WindowText));
        painter->drawText(option.rect.adjusted(4, 0, 0, -6), Qt::AlignLeft | Qt::AlignBottom,
                          index.data().toString());
        painter->restore();
        return;
    }
    const QPixmap pixmap = index.data(Qt::DecorationRole).value<QPixmap>();
    QSize shown = pixmap.size();
    shown.scale(option.rect.size() - QSize(8, 8), Qt::KeepAspectRatio);
    const QRect where(option.rect.center() - QPoint(shown.width() / 2, shown.height() / 2), shown);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawPixmap(where, pixmap);
    if (option.state & QStyle::State_Selected) {
        painter->setPen(QPen(option.palette.color(QPalette::Highlight), 4));
        painter->drawRect(where.adjusted(2, 2, -2, -2));
    }
    if (option.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(option.palette.color(QPalette::Highlight), 1, Qt::DashLine));
        painter->drawRect(option.rect.adjusted(1, 1, -2, -2));
    }
    painter->restore();
}

PhotosPage::PhotosPage(FaceImages& images, QWidget* parent)
    : QWidget(parent),
      model_(images),
      view_(new QListView),
      title_(new QLabel),
      showAll_(new QPushButton(tr("Show all photos"))),
      empty_(new EmptyState(tr("No photos yet. Add a folder of photos: Kith shows them here, "
                               "newest first, and finds the people in them."),
                            tr("Add a folder…"))) {
    setObjectName("photosPage");
    view_->setObjectName("photosView");
    view_->setModel(&model_);
    view_->setViewMode(QListView::IconMode);
    view_->setMovement(QListView::Static);
    view_->setResizeMode(QListView::Adjust);
    view_->setSpacing(2);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setLayoutMode(QListView::Batched);  // 100 000 photos lay out in slices
    view_->setBatchSize(500);
    view_->setToolTip(tr("Double-click or Enter opens a photo; arrow keys there step through"));
    zoom_ = new GridZoom(view_, 96, 320, 160, -1);
    view_->setItemDelegate(new PhotoGridDelegate(*zoom_, view_));  // owned by the view
    model_.setThumbnailSide(zoom_->side());
    connect(zoom_, &GridZoom::changed, this, [this] { model_.setThumbnailSide(zoom_->side()); });

    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title_->setFont(titleFont);
    title_->setObjectName("photosTitle");
    showAll_->setObjectName("showAllPhotos");
    empty_->button()->setObjectName("photosAddFolder");
    auto* bar = new QHBoxLayout;
    bar->addWidget(title_, 1);
    bar->addWidget(showAll_);
    zoom_->addTo(bar);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);
    layout->addWidget(empty_, 1);

    connect(view_, &QListView::activated, this, [this](const QModelIndex& i) {
        if (i.data(PhotosModel::HeadingRole).toBool()) return;
        emit photoActivated(i.data(PhotosModel::IdRole).toLongLong(), model_.shownPhotos());
    });
    connect(showAll_, &QPushButton::clicked, this, &PhotosPage::showAll);
    connect(empty_->button(), &QPushButton::clicked, this, &PhotosPage::addFolderRequested);
    updateTitle();
}

void PhotosPage::setPhotos(const QVector<PhotoEntry>& photos) {
    if (!isVisible()) {
        waiting_ = photos;
        anyWaiting_ = true;
        return;
    }
    model_.setPhotos(photos);
    updateTitle();
}

void PhotosPage::showEvent(QShowEvent* event) {
    if (anyWaiting_) {
        anyWaiting_ = false;
        model_.setPhotos(std::exchange(waiting_, {}));
        updateTitle();
    }
    QWidget::showEvent(event);
}

void PhotosPage::showOnly(const QString& title, const QSet<qint64>& photos) {
    onlyTitle_ = title;
    model_.setOnly(photos);
    updateTitle();
}

void PhotosPage::showAll() {
    onlyTitle_.clear();
    model_.setOnly({});
    updateTitle();
}

void PhotosPage::updateTitle() {
    const qsizetype shown = model_.shownPhotos().size();
    const QString count = countOf(shown, tr("photo"), tr("photos"));
    title_->setText(onlyTitle_.isEmpty() ? tr("All photos, newest first: %1").arg(count)
                                         : onlyTitle_ + ": " + count);
    showAll_->setVisible(!onlyTitle_.isEmpty());
    const bool none = shown == 0 && onlyTitle_.isEmpty();
    view_->setVisible(!none);
    empty_->setVisible(none);
    if (!none && !view_->currentIndex().isValid() && model_.rowCount() > 1)
        // The newest photo, current but not chosen: Enter opens it.
        view_->selectionModel()->setCurrentIndex(model_.index(1, 0), QItemSelectionModel::NoUpdate);
}

}  // namespace kith::ui
