// Thumbnail size for a grid of images, as photo apps do it: a slider, and Ctrl+wheel over the
// grid. The cells are widened so that the columns fill the view's width (no gap on the right).
#pragma once

#include <QBoxLayout>
#include <QListView>
#include <QObject>
#include <QSlider>

namespace kith::ui {

/// Thread-safety: UI thread only.
class GridZoom : public QObject {
    Q_OBJECT
  public:
    /// Sizes `view`'s icons to the slider's value (`side` at first, pixels) within
    /// [minSide, maxSide]. `textHeight` >= 0: the view gets a uniform grid, cells `textHeight`
    /// taller than the icons for their caption; < 0: the view's delegate sizes its items from
    /// cell(). The view and the slider are owned by their parents.
    GridZoom(QListView* view, int minSide, int maxSide, int side, int textHeight);

    QSlider* slider() const { return slider_; }
    /// Adds "Size" and the slider to a view's bar.
    void addTo(QBoxLayout* bar) const;
    int side() const { return slider_->value(); }
    /// One cell of the grid: as wide as fills the view's width with whole columns.
    QSize cell() const { return cell_; }

  signals:
    void changed();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void apply();

    QListView* view_;
    QSlider* slider_;
    int textHeight_;
    QSize cell_;
};

}  // namespace kith::ui
