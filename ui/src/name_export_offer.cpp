#include "name_export_offer.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace kith::ui {

NameExportOffer::NameExportOffer(QWidget* parent) : QFrame(parent) {
    setObjectName("nameExportOffer");
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    auto* text = new QLabel(
        tr("Keep the names with your photos? Kith can write them into XMP sidecars beside the "
           "photos (photo.jpg.xmp), where digiKam, Lightroom and other apps find them. The photos "
           "themselves are not touched."));
    text->setWordWrap(true);
    auto* yes = new QPushButton(tr("Write sidecars"));
    yes->setObjectName("acceptNameExport");
    auto* no = new QPushButton(tr("Not now"));
    no->setObjectName("declineNameExport");
    no->setToolTip(tr("Settings › Names for other apps can turn it on later"));
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(text, 1);
    layout->addWidget(yes);
    layout->addWidget(no);
    connect(yes, &QPushButton::clicked, this, [this] {
        hide();
        emit accepted();
    });
    connect(no, &QPushButton::clicked, this, [this] {
        hide();
        emit declined();
    });
}

}  // namespace kith::ui
