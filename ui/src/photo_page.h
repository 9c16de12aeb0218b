// The photo viewer: the whole photo with a box and a name on each face. Click a face to select
// it: a panel beside the photo names it ("This is…", with a completer over the people), takes
// it out of the wrong person, or opens its person (also by double click). Above the photo: its
// file name, date and camera; the arrow keys step through the list it was opened from.
#pragma once

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
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
    int selected() const { return selected_; }
    void select(int face);
    /// Where face `i`'s box is on screen (its centre).
    QPoint centreOf(int i) const;
    /// While on, dragging draws a box around a face the detector missed.
    void setDrawing(bool on);

  signals:
    void faceSelected(int face);  // index in photo().faces, or -1
    void faceActivated(int face);
    void boxDrawn(const QRectF& box);  // in the photo's pixels

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

  private:
    /// Where the photo is drawn, and the scale from its pixels (as seen) to the screen.
    struct Placement {
        QRectF where;
        double scale = 0;
    };
    Placement placement() const;
    QRectF onScreen(const QRectF& box) const;
    int faceAt(const QPointF& point) const;

    FaceImages& images_;
    PhotoDetail photo_;
    int selected_ = -1;
    bool drawing_ = false;
    QPointF dragFrom_, dragTo_;  // on screen, while a box is being drawn
    bool dragging_ = false;
    static constexpr int kPhotoSize = 1600;  // decoded at most this large for viewing
};

class PhotoPage : public QWidget {
    Q_OBJECT
  public:
    PhotoPage(LibraryService& service, FaceImages& images, QWidget* parent = nullptr);
    void show(const PhotoDetail& photo);
    const PhotoDetail& photo() const { return canvas_->photo(); }
    PhotoCanvas* canvas() const { return canvas_; }
    void setNames(const QStringList& names);
    /// The photos Left and Right step through (the list the photo was opened from).
    void setSequence(const QVector<qint64>& photos);
    /// Opened from somewhere to go back to (a review question): a button with `label` says so,
    /// and `face` is selected once its photo shows. An empty label: opened from nowhere special.
    void offerReturn(const QString& label, qint64 face = 0);

  signals:
    void personActivated(qint64 person);
    /// The button offerReturn showed was clicked.
    void returnRequested();

  protected:
    void keyPressEvent(QKeyEvent* event) override;

  private:
    void showSelection(int face);
    void showInfo();
    /// Opens the photo `by` places along the sequence from the one shown, if there is one.
    void step(int by);

    LibraryService& service_;
    FaceImages& images_;
    PhotoCanvas* canvas_;
    QWidget* panel_;
    QLabel *crop_, *who_, *info_;
    QVector<qint64> sequence_;
    QLineEdit* name_;
    QPushButton *notThis_, *open_, *notAFace_, *draw_, *return_;
    qint64 faceToSelect_ = 0;
};

}  // namespace kith::ui
