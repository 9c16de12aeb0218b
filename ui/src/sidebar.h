// The app's places, in a list down the left: an icon each, counts where there is something to
// count (People, Unnamed, Review), and the Person and Photo places only once something has been
// opened there.
#pragma once

#include <QListWidget>
#include <optional>

#include "view_id.h"

namespace kith::ui {

class Sidebar : public QListWidget {
    Q_OBJECT
  public:
    explicit Sidebar(QWidget* parent = nullptr);

    /// The row of a place (kSidebarViews' order); -1 for a view that is not one (Welcome).
    static int rowOf(ViewId view);
    /// The place at a row; nothing for a row that is none.
    static std::optional<ViewId> viewAt(int row);
    /// The number shown after the place's name; 0 shows none.
    void setCount(ViewId view, int count);
    /// Lists the place or leaves it out (a place with nothing to show yet).
    void setListed(ViewId view, bool listed);

  private:
    QStringList titles_;
};

}  // namespace kith::ui
