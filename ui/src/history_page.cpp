#include "history_page.h"

#include <QHBoxLayout>
#include <QPainter>
#include <QVBoxLayout>

namespace kith::ui {

HistoryModel::HistoryModel(FaceImages& images, QObject* parent)
    : QAbstractListModel(parent), images_(images) {
    connect(&images_, &FaceImages::loaded, this, [this](const QString& path) {
        for (int row = 0; row < entries_.size(); ++row)
            for (const FaceTile& f : entries_[row].faces)
                if (f.crop == path) emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

void HistoryModel::setEntries(const QVector<HistoryEntry>& entries) {
    beginResetModel();
    entries_ = entries;
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

QPixmap HistoryModel::faceStrip(const HistoryEntry& entry) const {
    // Always as wide as the most faces a row shows, so that the sentences line up.
    constexpr int kGap = 4;
    QPixmap strip(kFacesShown * (kFaceSize + kGap), kFaceSize);
    strip.fill(Qt::transparent);
    QPainter painter(&strip);
    int x = 0;
    for (const FaceTile& f : entry.faces.mid(0, kFacesShown)) {
        painter.drawPixmap(x, 0, images_.getRound(f.crop, kFaceSize));
        x += kFaceSize + kGap;
    }
    return strip;
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= entries_.size()) return {};
    const HistoryEntry& e = entries_[index.row()];
    switch (role) {
        case Qt::DisplayRole:
            return e.what + "\n" + e.when + (e.undone ? tr(" · undone") : QString());
        case Qt::DecorationRole:
            return faceStrip(e);
        case Qt::ForegroundRole:
            return e.undone ? QVariant(QColor(Qt::gray)) : QVariant();
        case Qt::ToolTipRole:
            return e.undone ? tr("Undone: it no longer holds") : tr("In force");
        case IdRole:
            return e.id;
        case UndoneRole:
            return e.undone;
        case FacesRole: {
            QVariantList faces;
            for (const FaceTile& f : e.faces)
                faces << f.face;
            return faces;
        }
        default:
            return {};
    }
}

HistoryPage::HistoryPage(FaceImages& images, QWidget* parent)
    : QWidget(parent),
      model_(images),
      list_(new QListView),
      empty_(new EmptyState(tr("No decisions yet. Merges, splits, names and every other answer "
                               "you give appear here, newest first, and Ctrl+Z undoes the "
                               "latest."),
                            {})),
      undoBack_(new QPushButton(tr("Undo back to the selected decision"))) {
    setObjectName("historyPage");
    list_->setObjectName("history");
    list_->setModel(&model_);
    list_->setIconSize(
        {HistoryModel::kFacesShown * (HistoryModel::kFaceSize + 4), HistoryModel::kFaceSize});
    list_->setSpacing(3);
    list_->setUniformItemSizes(true);
    list_->setToolTip(tr("Every decision, newest first. Ctrl+Z undoes the latest one."));
    empty_->setObjectName("historyEmpty");
    auto* undo = new QPushButton(tr("Undo the latest decision (Ctrl+Z)"));
    undoBack_->setObjectName("undoBack");
    undoBack_->setToolTip(tr("Undoes the selected decision and every one made after it"));
    undoBack_->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(list_, 1);
    layout->addWidget(empty_, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(undo);
    buttons->addWidget(undoBack_);
    layout->addLayout(buttons);
    connect(undo, &QPushButton::clicked, this, &HistoryPage::undoRequested);
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &HistoryPage::updateButtons);
    connect(&model_, &QAbstractItemModel::modelReset, this, &HistoryPage::updateButtons);
    connect(undoBack_, &QPushButton::clicked, this, [this] {
        const QModelIndex current = list_->currentIndex();
        if (current.isValid())
            emit undoThroughRequested(current.data(HistoryModel::IdRole).toLongLong());
    });
    setEntries({});
}

void HistoryPage::setEntries(const QVector<HistoryEntry>& entries) {
    model_.setEntries(entries);
    list_->setVisible(!entries.isEmpty());
    empty_->setVisible(entries.isEmpty());
}

void HistoryPage::updateButtons() {
    const QModelIndex current = list_->currentIndex();
    undoBack_->setEnabled(current.isValid() && !current.data(HistoryModel::UndoneRole).toBool());
}

}  // namespace kith::ui
