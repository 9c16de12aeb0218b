// The app's places, in a list down the left: an icon each, counts where there is something to
// count (People, Unnamed, Review), and the Person and Photo places only once something has been
// opened there.
#pragma once

#include <QListWidget>

namespace kith::ui {

class Sidebar : public QListWidget {
    Q_OBJECT
  public:
    explicit Sidebar(QWidget* parent = nullptr);

    /// The places by name, in their order (Ctrl+1 is the first).
    static const QStringList& views();
    int rowOf(const QString& view) const { return static_cast<int>(views().indexOf(view)); }
    /// The number shown after the place's name; 0 shows none.
    void setCount(const QString& view, int count);
    /// Lists the place or leaves it out (a place with nothing to show yet).
    void setListed(const QString& view, bool listed);

  private:
    QStringList titles_;
};

}  // namespace kith::ui
