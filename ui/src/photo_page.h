// The photo viewer: the whole photo with a box and a name on each face; clicking a face opens
// its person.
#pragma once

#include <QWidget>

#include "face_images.h"
#include "library_service.h"

namespace kith::ui {

class PhotoCanvas : public QWidget {
    Q_OBJECT
  public:
    PhotoCanvas(FaceImages& images, QWidget* parent = nullptr);
    void show(const PhotoDetail& photo);
    const PhotoDetail& photo() const { return photo_; }

  signals:
    void personActivated(qint64 person);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    /// Where the photo is drawn, and the scale from its pixels (as seen) to the screen.
    struct Placement {
        QRectF where;
        double scale = 0;
    };
    Placement placement() const;

    FaceImages& images_;
    PhotoDetail photo_;
    static constexpr int kPhotoSize = 1600;  // decoded at most this large for viewing
};

}  // namespace kith::ui
