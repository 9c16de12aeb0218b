#include "empty_state.h"

#include <QVBoxLayout>

namespace kith::ui {

EmptyState::EmptyState(const QString& text, const QString& action, QWidget* parent)
    : QWidget(parent), label_(new QLabel(text)), button_(new QPushButton(action)) {
    label_->setWordWrap(true);
    label_->setAlignment(Qt::AlignCenter);
    label_->setMaximumWidth(520);
    button_->setVisible(!action.isEmpty());
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addWidget(label_, 0, Qt::AlignHCenter);
    layout->addWidget(button_, 0, Qt::AlignHCenter);
    layout->addStretch();
}

}  // namespace kith::ui
