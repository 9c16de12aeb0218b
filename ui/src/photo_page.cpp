#include "photo_page.h"

#include <QMouseEvent>
#include <QPainter>

namespace kith::ui {

PhotoCanvas::PhotoCanvas(FaceImages& images, QWidget* parent) : QWidget(parent), images_(images) {
    setMinimumSize(320, 240);
    setMouseTracking(true);
    connect(&images_, &FaceImages::loaded, this, [this](const QString& path) {
        if (path == photo_.path) update();
    });
}

void PhotoCanvas::show(const PhotoDetail& photo) {
    photo_ = photo;
    setToolTip(tr("Click a face to open the person"));
    update();
}

PhotoCanvas::Placement PhotoCanvas::placement() const {
    if (photo_.size.isEmpty()) return {};
    const QSizeF fitted =
        QSizeF(photo_.size).scaled(QSizeF(size()) - QSizeF(16, 16), Qt::KeepAspectRatio);
    return {{(width() - fitted.width()) / 2, (height() - fitted.height()) / 2, fitted.width(),
             fitted.height()},
            fitted.width() / photo_.size.width()};
}

void PhotoCanvas::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0x20, 0x22, 0x26));
    if (photo_.path.isEmpty()) return;
    const QPixmap pixmap = images_.get(photo_.path, kPhotoSize);
    const auto [where, scale] = placement();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawPixmap(where, pixmap, pixmap.rect());
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    for (int i = 0; i < photo_.faces.size(); ++i) {
        const QRectF box = photo_.faces[i].box;
        const QRectF shown(where.left() + box.left() * scale, where.top() + box.top() * scale,
                           box.width() * scale, box.height() * scale);
        const QString name = photo_.names.value(i);
        painter.setPen(
            QPen(name.isEmpty() ? QColor(0xff, 0xc1, 0x07) : QColor(0x4c, 0xaf, 0x50), 2));
        painter.drawRect(shown);
        const QString label = name.isEmpty() ? tr("Who is this?") : name;
        const QRectF text = painter.boundingRect(shown.adjusted(0, shown.height() + 2, 0, 24),
                                                 Qt::AlignHCenter | Qt::AlignTop, label);
        painter.fillRect(text.adjusted(-4, -1, 4, 1), QColor(0, 0, 0, 170));
        painter.setPen(Qt::white);
        painter.drawText(text, Qt::AlignCenter, label);
    }
}

void PhotoCanvas::mousePressEvent(QMouseEvent* event) {
    const auto [where, scale] = placement();
    if (scale <= 0) return;
    const QPointF at = (event->position() - where.topLeft()) / scale;
    for (const FaceTile& f : photo_.faces)
        if (f.box.contains(at) && f.person) emit personActivated(f.person);
}

}  // namespace kith::ui
