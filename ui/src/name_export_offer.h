// The one-time offer, after the user first names someone, to write names where other photo apps
// find them (XMP sidecars); shown in place above the pages, never as a modal dialog.
#pragma once

#include <QFrame>

namespace kith::ui {

class NameExportOffer : public QFrame {
    Q_OBJECT
  public:
    explicit NameExportOffer(QWidget* parent = nullptr);

  signals:
    void accepted();  // "Write sidecars"
    void declined();  // "Not now": Settings can still turn it on
};

}  // namespace kith::ui
