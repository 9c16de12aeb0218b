// Tiles that show they are chosen as photo apps do: a check mark in a filled circle on the
// image's corner, and a frame, not only a tint.
#pragma once

#include <QStyledItemDelegate>

namespace kith::ui {

class CheckedTileDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
};

}  // namespace kith::ui
