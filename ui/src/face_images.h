// Face crops and photos, loaded off the UI thread and kept in a bounded cache. A view asks for
// an image; it gets it at once if cached (else a placeholder) and hears `loaded` when it is in.
#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QThreadPool>

namespace kith::ui {

class FaceImages : public QObject {
    Q_OBJECT
  public:
    explicit FaceImages(QObject* parent = nullptr);
    ~FaceImages() override;

    /// The image at `path`, scaled to fit `size` x `size`, or a placeholder while it loads (and
    /// for a missing file).
    QPixmap get(const QString& path, int size);
    /// The same cut to a circle `size` across (filled, centred), as photo apps show faces.
    QPixmap getRound(const QString& path, int size);
    /// Forgets the files that could not be read, so they are read again when next asked for (a
    /// scan may have made the crops and thumbnails that were missing).
    void forgetMissing();
    /// Images asked for and not loaded yet.
    int pending() const { return static_cast<int>(loading_.size()); }

  signals:
    void loaded(const QString& path);

  private:
    void arrived(const QString& key, const QString& path, const QImage& image, bool found);

    QThreadPool pool_;
    QCache<QString, QPixmap> cache_;
    QSet<QString> loading_;
    QSet<QString> missing_;  // keys cached as their placeholder
};

}  // namespace kith::ui
