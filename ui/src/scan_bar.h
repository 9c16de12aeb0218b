// The scan's place in the status bar: photos done of all, the rate and the time left, Pause and
// Cancel; there only while a scan runs.
#pragma once

#include <QProgressBar>
#include <QPushButton>
#include <QWidget>

#include "library_service.h"

namespace kith::ui {

class ScanBar : public QWidget {
    Q_OBJECT
  public:
    explicit ScanBar(QWidget* parent = nullptr);
    /// Where the scan stands; the bar hides when none runs.
    void setStatus(const ScanStatus& status);

  signals:
    void pauseRequested(bool paused);  // false: resume
    void cancelRequested();

  private:
    QProgressBar* progress_;
    QPushButton* pause_;
};

}  // namespace kith::ui
