// Settings: the library's location, scan workers, the inference backend (and the device it comes
// to on this machine), whether to look for small faces far away, whether names go into the photos'
// XMP, and (advanced) the people engine's same-person distance and when to ask for a name.
#pragma once

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include "kith/ui.h"

namespace kith::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
  public:
    SettingsDialog(const AppOptions& options, QWidget* parent = nullptr);
    /// `options` with the dialog's values.
    AppOptions values(AppOptions options) const;

  private:
    vision::BackendPreference selectedBackend() const;

    QLineEdit* library_;
    QSpinBox* jobs_;
    QComboBox* backend_;
    QLabel* backendChoice_;  // what the chosen backend comes to here: device, or why not
    QCheckBox* smallFaces_;
    QDoubleSpinBox* samePerson_;
    QSpinBox* nameAfter_;
    QComboBox* nameExport_;
};

}  // namespace kith::ui
