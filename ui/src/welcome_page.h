// The first thing a new user sees, in an empty library: what Kith does, and one click to scan
// the usual photo folder (or another). Without the face models nothing can be scanned: the page
// says so, and why, instead of offering to.
#pragma once

#include <QWidget>

namespace kith::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
  public:
    /// `modelProblem`: why the face models cannot be used (where they were looked for); empty
    /// when they can.
    explicit WelcomePage(const QString& modelProblem = {}, QWidget* parent = nullptr);

  signals:
    void scanRequested(const QString& folder);
};

}  // namespace kith::ui
