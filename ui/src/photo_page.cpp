#include "photo_page.h"

#include <QCompleter>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QStringListModel>
#include <QVBoxLayout>

#include "words.h"

namespace kith::ui {
namespace {

constexpr int kCropSize = 200;

}  // namespace

PhotoCanvas::PhotoCanvas(FaceImages& images, QWidget* parent) : QWidget(parent), images_(images) {
    setMinimumSize(320, 240);
    setMouseTracking(true);
    connect(&images_, &FaceImages::loaded, this, [this](const QString& path) {
        if (path == photo_.path) update();
    });
}

void PhotoCanvas::show(const PhotoDetail& photo) {
    const bool samePhoto = photo.id == photo_.id;
    photo_ = photo;
    setToolTip(tr("Click a face to name or correct it; double-click to open the person"));
    select(samePhoto && selected_ < photo_.faces.size() ? selected_ : -1);
}

void PhotoCanvas::select(int face) {
    selected_ = face;
    update();
    emit faceSelected(face);
}

QPoint PhotoCanvas::centreOf(int i) const {
    return onScreen(photo_.faces.value(i).box).center().toPoint();
}

QRectF PhotoCanvas::onScreen(const QRectF& box) const {
    const auto [where, scale] = placement();
    return {where.left() + box.left() * scale, where.top() + box.top() * scale, box.width() * scale,
            box.height() * scale};
}

int PhotoCanvas::faceAt(const QPointF& point) const {
    // The smallest box under the point: a face inside a larger box stays reachable.
    int found = -1;
    for (int i = 0; i < photo_.faces.size(); ++i) {
        const QRectF box = photo_.faces[i].box;
        if (onScreen(box).contains(point) &&
            (found < 0 || box.width() * box.height() <
                              photo_.faces[found].box.width() * photo_.faces[found].box.height()))
            found = i;
    }
    return found;
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
    if (photo_.path.isEmpty()) {
        painter.setPen(QColor(0xc8, 0xc8, 0xc8));
        painter.drawText(rect().adjusted(40, 40, -40, -40), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("No photo open yet. Double-click one in Photos, or a face of a "
                            "person: the photo shows here, with every face in it named."));
        return;
    }
    const QPixmap pixmap = images_.get(photo_.path, kPhotoSize);
    const auto [where, scale] = placement();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawPixmap(where, pixmap, pixmap.rect());
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    for (int i = 0; i < photo_.faces.size(); ++i) {
        const QRectF shown = onScreen(photo_.faces[i].box);
        const QString name = photo_.names.value(i);
        const bool someone = photo_.faces[i].person != 0;
        const QColor colour = someone ? QColor(0x4c, 0xaf, 0x50) : QColor(0xff, 0xc1, 0x07);
        painter.setPen(
            QPen(i == selected_ ? QColor(0x21, 0x96, 0xf3) : colour, i == selected_ ? 4 : 2));
        painter.drawRect(shown);
        const QString label = !someone ? tr("Who is this?") : name.isEmpty() ? tr("Unnamed") : name;
        const QRectF text = painter.boundingRect(shown.adjusted(0, shown.height() + 2, 0, 24),
                                                 Qt::AlignHCenter | Qt::AlignTop, label);
        painter.fillRect(text.adjusted(-4, -1, 4, 1), QColor(0, 0, 0, 170));
        painter.setPen(Qt::white);
        painter.drawText(text, Qt::AlignCenter, label);
    }
    if (dragging_) {
        painter.setPen(QPen(QColor(0x21, 0x96, 0xf3), 2, Qt::DashLine));
        painter.drawRect(QRectF(dragFrom_, dragTo_).normalized());
    }
}

void PhotoCanvas::setDrawing(bool on) {
    drawing_ = on;
    dragging_ = false;
    setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
    update();
}

void PhotoCanvas::mousePressEvent(QMouseEvent* event) {
    if (drawing_) {
        dragging_ = true;
        dragFrom_ = dragTo_ = event->position();
        return;
    }
    select(faceAt(event->position()));
}

void PhotoCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!dragging_) return;
    dragTo_ = event->position();
    update();
}

void PhotoCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (!dragging_) return;
    dragging_ = false;
    dragTo_ = event->position();
    const auto [where, scale] = placement();
    const QRectF onScreenBox = QRectF(dragFrom_, dragTo_).normalized() & where;
    update();
    if (scale <= 0 || onScreenBox.width() < 8 || onScreenBox.height() < 8) return;
    emit boxDrawn(QRectF((onScreenBox.left() - where.left()) / scale,
                         (onScreenBox.top() - where.top()) / scale, onScreenBox.width() / scale,
                         onScreenBox.height() / scale));
}

void PhotoCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    const int face = faceAt(event->position());
    if (face >= 0) emit faceActivated(face);
}

PhotoPage::PhotoPage(LibraryService& service, FaceImages& images, QWidget* parent)
    : QWidget(parent),
      service_(service),
      images_(images),
      canvas_(new PhotoCanvas(images)),
      panel_(new QWidget),
      crop_(new QLabel),
      who_(new QLabel),
      info_(new QLabel),
      name_(new QLineEdit),
      notThis_(new QPushButton),
      open_(new QPushButton),
      notAFace_(new QPushButton(tr("Not a face"))),
      draw_(new QPushButton(tr("Draw a missing face"))) {
    setObjectName("photoPage");
    setFocusPolicy(Qt::StrongFocus);  // for the arrow keys
    info_->setObjectName("photoInfo");
    info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    name_->setObjectName("faceName");
    notThis_->setObjectName("faceNotThis");
    notAFace_->setObjectName("notAFace");
    notAFace_->setToolTip(tr("The box is not a face (a poster, a pattern): it leaves people"));
    draw_->setObjectName("drawFace");
    draw_->setCheckable(true);
    draw_->setToolTip(tr("Then drag a box around a face Kith did not find"));
    crop_->setFixedSize(kCropSize, kCropSize);
    crop_->setAlignment(Qt::AlignCenter);
    who_->setWordWrap(true);
    name_->setPlaceholderText(tr("This is… (a name, then Enter)"));
    addNameCompleter(name_);
    panel_->setFixedWidth(kCropSize + 40);
    auto* side = new QVBoxLayout(panel_);
    for (QWidget* w :
         std::initializer_list<QWidget*>{crop_, who_, name_, notThis_, open_, notAFace_})
        side->addWidget(w);
    side->addStretch();
    side->addWidget(draw_);
    return_ = new QPushButton;
    return_->setObjectName("returnFromPhoto");
    return_->setVisible(false);
    connect(return_, &QPushButton::clicked, this, &PhotoPage::returnRequested);
    auto* top = new QHBoxLayout;
    top->addWidget(return_);
    top->addWidget(info_, 1);
    auto* photoColumn = new QVBoxLayout;
    photoColumn->addLayout(top);
    photoColumn->addWidget(canvas_, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(photoColumn, 1);
    layout->addWidget(panel_);

    connect(canvas_, &PhotoCanvas::faceSelected, this, &PhotoPage::showSelection);
    connect(&images_, &FaceImages::loaded, this, [this](const QString& path) {
        const int i = canvas_->selected();
        if (i >= 0 && photo().faces.value(i).crop == path) showSelection(i);
    });
    connect(canvas_, &PhotoCanvas::faceActivated, this, [this](int i) {
        if (const qint64 person = photo().faces.value(i).person) emit personActivated(person);
    });
    connect(open_, &QPushButton::clicked, this, [this] {
        if (const qint64 person = photo().faces.value(canvas_->selected()).person)
            emit personActivated(person);
    });
    connect(notThis_, &QPushButton::clicked, this, [this] {
        const FaceTile face = photo().faces.value(canvas_->selected());
        if (face.person) service_.reject({face.face});
    });
    connect(notAFace_, &QPushButton::clicked, this, [this] {
        const FaceTile face = photo().faces.value(canvas_->selected());
        if (face.face) service_.notAFace(face.face);
    });
    connect(draw_, &QPushButton::toggled, canvas_, &PhotoCanvas::setDrawing);
    connect(canvas_, &PhotoCanvas::boxDrawn, this, [this](const QRectF& box) {
        draw_->setChecked(false);
        if (photo().id) service_.drawFace(photo().id, box);
    });
    connect(name_, &QLineEdit::returnPressed, this, [this] {
        const FaceTile face = photo().faces.value(canvas_->selected());
        if (face.face && !name_->text().trimmed().isEmpty())
            service_.nameFace(face.face, name_->text().trimmed());
        name_->clear();
    });
    showSelection(-1);
    panel_->setVisible(false);  // until a photo is open
}

void PhotoPage::offerReturn(const QString& label, qint64 face) {
    return_->setText(label);
    return_->setVisible(!label.isEmpty());
    faceToSelect_ = face;
}

void PhotoPage::show(const PhotoDetail& photo) {
    canvas_->show(photo);
    for (int i = 0; faceToSelect_ && i < photo.faces.size(); ++i)
        if (photo.faces[i].face == faceToSelect_) {
            canvas_->select(i);
            faceToSelect_ = 0;
        }
    panel_->setVisible(!photo.path.isEmpty());
    showInfo();
}

void PhotoPage::setSequence(const QVector<qint64>& photos) {
    sequence_ = photos;
    showInfo();
}

void PhotoPage::showInfo() {
    const PhotoDetail& p = photo();
    info_->setVisible(!p.path.isEmpty());
    if (p.path.isEmpty()) return;
    QStringList parts{QFileInfo(p.path).fileName(),
                      QLocale().toString(p.when, "dddd d MMMM yyyy, HH:mm") +
                          (p.dateTaken ? QString() : tr(" (file time)"))};
    if (!p.camera.isEmpty()) parts << p.camera;
    const qsizetype at = sequence_.indexOf(p.id);
    if (at >= 0)
        parts << tr("%1 of %2 (Left and Right arrows step through them)")
                     .arg(at + 1)
                     .arg(sequence_.size());
    info_->setText(parts.join("  ·  "));
    info_->setToolTip(p.path);
}

void PhotoPage::step(int by) {
    const qsizetype at = sequence_.indexOf(photo().id);
    if (at < 0) return;
    const qsizetype next = at + by;
    if (next >= 0 && next < sequence_.size()) service_.loadPhoto(sequence_[next]);
}

void PhotoPage::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Right || event->key() == Qt::Key_Left) {
        step(event->key() == Qt::Key_Right ? 1 : -1);
        return;
    }
    QWidget::keyPressEvent(event);
}

void PhotoPage::setNames(const QStringList& names) {
    setCompleterNames(name_, names);
}

void PhotoPage::showSelection(int i) {
    const bool any = i >= 0;
    for (QWidget* w : std::initializer_list<QWidget*>{crop_, name_, notThis_, open_, notAFace_})
        w->setVisible(any);
    if (!any) {
        who_->setText(tr("Click a face to name it or correct it. A face Kith missed? Draw it."));
        return;
    }
    const FaceTile& face = photo().faces[i];
    const QString name = photo().names.value(i);
    crop_->setPixmap(images_.get(face.crop, kCropSize));
    const bool someone = face.person != 0;
    who_->setText(!someone         ? tr("Nobody yet.")
                  : name.isEmpty() ? tr("Kith says: someone not named yet")
                                   : tr("Kith says: %1").arg(name));
    notThis_->setText(name.isEmpty() ? tr("Not this person") : tr("Not %1").arg(name));
    notThis_->setVisible(someone);
    open_->setText(name.isEmpty() ? tr("Open this person") : tr("Open %1").arg(name));
    open_->setVisible(someone);
}

}  // namespace kith::ui
