// The first thing a new user sees, in an empty library: what Kith does, and one click to scan
// the usual photo folder (or another).
#pragma once

#include <QWidget>

namespace kith::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
  public:
    explicit WelcomePage(QWidget* parent = nullptr);

  signals:
    void scanRequested(const QString& folder);
};

}  // namespace kith::ui
