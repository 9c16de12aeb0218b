// What a view shows while it has nothing to show: what goes there, and a button for the next
// step (add a folder, open the people…).
#pragma once

#include <QLabel>
#include <QPushButton>
#include <QWidget>

namespace kith::ui {

class EmptyState : public QWidget {
    Q_OBJECT
  public:
    /// `action`: the button's text; none when empty.
    EmptyState(const QString& text, const QString& action, QWidget* parent = nullptr);
    QLabel* label() const { return label_; }
    QPushButton* button() const { return button_; }

  private:
    QLabel* label_;
    QPushButton* button_;
};

}  // namespace kith::ui
