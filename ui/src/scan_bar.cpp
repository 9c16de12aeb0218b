#include "scan_bar.h"

#include <QHBoxLayout>
#include <QSignalBlocker>

namespace kith::ui {

ScanBar::ScanBar(QWidget* parent)
    : QWidget(parent), progress_(new QProgressBar), pause_(new QPushButton(tr("Pause"))) {
    progress_->setObjectName("scanProgress");
    progress_->setMinimumWidth(300);  // its text in one line, whatever the status says
    pause_->setObjectName("pauseScan");
    pause_->setCheckable(true);
    auto* cancel = new QPushButton(tr("Cancel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins({});
    layout->addWidget(progress_);
    layout->addWidget(pause_);
    layout->addWidget(cancel);
    connect(pause_, &QPushButton::toggled, this, [this](bool paused) {
        pause_->setText(paused ? tr("Resume") : tr("Pause"));
        emit pauseRequested(paused);
    });
    connect(cancel, &QPushButton::clicked, this, &ScanBar::cancelRequested);
    setVisible(false);
}

void ScanBar::setStatus(const ScanStatus& status) {
    setVisible(status.running);
    if (!status.running && pause_->isChecked()) {
        // The next scan starts unpaused: the button says so (without asking to resume).
        const QSignalBlocker quiet(pause_);
        pause_->setChecked(false);
        pause_->setText(tr("Pause"));
    }
    progress_->setRange(0, std::max(1, status.total));
    progress_->setValue(status.done);
    progress_->setFormat(status.eta >= 0 ? tr("%v/%m photos, %1/s, %2 s left")
                                               .arg(status.rate, 0, 'f', 1)
                                               .arg(qRound(status.eta))
                                         : tr("%v/%m photos"));
}

}  // namespace kith::ui
