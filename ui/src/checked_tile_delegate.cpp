#include "checked_tile_delegate.h"

#include <QPainter>
#include <QPainterPath>

namespace kith::ui {

void CheckedTileDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    QStyledItemDelegate::paint(painter, option, index);
    if (!(option.state & QStyle::State_Selected)) return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor accent = option.palette.color(QPalette::Highlight);
    painter->setPen(QPen(accent, 3));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(QRectF(option.rect).adjusted(2, 2, -2, -2), 6, 6);
    // The check: a filled circle on the top left corner, a white tick in it.
    const QRectF badge(option.rect.left() + 6, option.rect.top() + 6, 24, 24);
    painter->setPen(QPen(Qt::white, 2));
    painter->setBrush(accent);
    painter->drawEllipse(badge);
    QPainterPath tick;
    tick.moveTo(badge.left() + 6, badge.center().y());
    tick.lineTo(badge.left() + 10.5, badge.bottom() - 7);
    tick.lineTo(badge.right() - 5.5, badge.top() + 7);
    painter->setPen(QPen(Qt::white, 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(tick);
    painter->restore();
}

}  // namespace kith::ui
