#include "grid_zoom.h"

#include <QLabel>
#include <QWheelEvent>

namespace kith::ui {
namespace {

constexpr int kPadding = 16;  // around each image, inside its cell

}  // namespace

GridZoom::GridZoom(QListView* view, int minSide, int maxSide, int side, int textHeight)
    : QObject(view), view_(view), slider_(new QSlider(Qt::Horizontal)), textHeight_(textHeight) {
    slider_->setObjectName("thumbnailSize");
    slider_->setRange(minSide, maxSide);
    slider_->setSingleStep(16);
    slider_->setPageStep(32);
    slider_->setValue(side);
    slider_->setFixedWidth(140);
    slider_->setToolTip(tr("Thumbnail size (also Ctrl+wheel over the grid)"));
    view_->viewport()->installEventFilter(this);
    connect(slider_, &QSlider::valueChanged, this, &GridZoom::apply);
    apply();
}

void GridZoom::addTo(QBoxLayout* bar) const {
    bar->addWidget(new QLabel(tr("Size")));  // the bar's widget owns it
    bar->addWidget(slider_);
}

bool GridZoom::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize) {
        apply();
    } else if (event->type() == QEvent::Wheel) {
        auto* wheel = static_cast<QWheelEvent*>(event);
        if (wheel->modifiers() & Qt::ControlModifier) {
            const int steps = wheel->angleDelta().y() / 120;
            slider_->setValue(slider_->value() + steps * slider_->singleStep());
            return true;  // zooms instead of scrolling
        }
    }
    return QObject::eventFilter(watched, event);
}

void GridZoom::apply() {
    const int side = slider_->value();
    // QListView keeps its spacing as a margin on both sides (and between items laid out by
    // their own size), and wraps an item that would touch the right edge.
    const int spacing = view_->spacing();
    const int available = view_->viewport()->width() - 2 * spacing - 1;
    const int columns = std::max(1, available / (side + kPadding));
    const int width = textHeight_ >= 0 ? available / columns : available / columns - spacing;
    const QSize cell(std::max(side, width), side + kPadding + std::max(0, textHeight_));
    // Laying out thousands of cards again costs the UI thread: only when something changed
    // (a resize that keeps the columns, or the scroll bar coming and going, often does not).
    if (cell == cell_ && view_->iconSize() == QSize(side, side)) return;
    cell_ = cell;
    view_->setIconSize({side, side});
    if (textHeight_ >= 0)
        view_->setGridSize(cell_);
    else
        view_->doItemsLayout();
    emit changed();
}

}  // namespace kith::ui
