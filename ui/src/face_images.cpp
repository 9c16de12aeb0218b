#include "face_images.h"

#include <QImageReader>
#include <QPainter>
#include <QPainterPath>
#include <QPointer>

namespace kith::ui {
namespace {

// Pixmaps kept: enough for a few screens of faces at once (cost: kilopixels).
constexpr int kCacheKilopixels = 64 * 1024;

QString keyOf(const QString& path, int size) {
    return QString::number(size) + ":" + path;
}

QPixmap placeholder(int size) {
    QPixmap p(size, size);
    p.fill(QColor(0xe4, 0xe6, 0xea));
    return p;
}

QPixmap cutToCircle(const QPixmap& image, int size) {
    QPixmap round(size, size);
    round.fill(Qt::transparent);
    QPainter painter(&round);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    QPainterPath circle;
    circle.addEllipse(QRectF(0, 0, size, size));
    painter.setClipPath(circle);
    // Filled: a photo that is not square loses its sides, not a part of the circle.
    const QPixmap filled =
        image.scaled(size, size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    painter.drawPixmap((size - filled.width()) / 2, (size - filled.height()) / 2, filled);
    return round;
}

}  // namespace

FaceImages::FaceImages(QObject* parent) : QObject(parent), cache_(kCacheKilopixels) {
    pool_.setMaxThreadCount(2);
}

FaceImages::~FaceImages() {
    pool_.clear();
    pool_.waitForDone();
}

QPixmap FaceImages::get(const QString& path, int size) {
    const QString key = keyOf(path, size);
    if (const QPixmap* cached = cache_.object(key)) return *cached;
    if (path.isEmpty()) return placeholder(size);
    if (!loading_.contains(key)) {
        loading_.insert(key);
        QPointer<FaceImages> self(this);
        pool_.start([self, key, path, size] {
            QImageReader reader(path);
            reader.setAutoTransform(true);  // EXIF orientation, as the library's boxes assume
            QImage image = reader.read();
            if (!image.isNull())
                image = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            if (self)
                QMetaObject::invokeMethod(self, [self, key, path, image, size] {
                    if (self)
                        self->arrived(key, path,
                                      image.isNull() ? placeholder(size).toImage() : image,
                                      !image.isNull());
                });
        });
    }
    return placeholder(size);
}

QPixmap FaceImages::getRound(const QString& path, int size) {
    const QString key = "round:" + keyOf(path, size);
    if (const QPixmap* cached = cache_.object(key)) return *cached;
    const bool loaded = cache_.contains(keyOf(path, size));
    const QPixmap round = cutToCircle(get(path, size), size);
    // Kept once the image is in; a placeholder's circle is made again until then.
    if (loaded) cache_.insert(key, new QPixmap(round), std::max(1, size * size / 1024));
    return round;
}

void FaceImages::forgetMissing() {
    for (const QString& key : std::as_const(missing_)) {
        cache_.remove(key);
        cache_.remove("round:" + key);
    }
    missing_.clear();
}

void FaceImages::arrived(const QString& key, const QString& path, const QImage& image, bool found) {
    loading_.remove(key);
    if (!found) missing_.insert(key);
    // A file that cannot be read is cached as its placeholder, so it is not read again and again.
    // QCache owns what it is given.
    cache_.insert(key, new QPixmap(QPixmap::fromImage(image)),
                  std::max(1, image.width() * image.height() / 1024));
    emit loaded(path);
}

}  // namespace kith::ui
