// The people gallery: a grid of person cards (cover face, name or "Unnamed", photo count),
// sorted by count or name, filtered by a search box, hidden people on request. Model/view, with
// covers loaded lazily off the UI thread. Several people are chosen with Ctrl/Shift-click; a
// context menu opens, names, merges or hides them; dropping people onto another merges them.
#pragma once

#include <QAbstractListModel>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QWidget>
#include <memory>

#include "empty_state.h"
#include "face_images.h"
#include "grid_zoom.h"
#include "library_service.h"
#include "people_changes.h"

namespace kith::ui {

class PeopleModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role { IdRole = Qt::UserRole + 1, FacesRole, NameRole, HiddenRole, CoverRole };
    PeopleModel(FaceImages& images, QObject* parent = nullptr);

    /// Patches the rows as the library says: each person removed, changed or added as rows
    /// removed, changed or inserted (added ones at the end; the proxies sort). A set of more
    /// than kMostRowChanges (a scan's batch, an undo of many decisions), or any set while there
    /// are no rows (the first), or one marked `reload` (a scan's batch taken in), is one reset
    /// instead: the proxies then sort once, not once per row.
    void apply(const PeopleChanges& changes);
    const QVector<PersonCard>& people() const { return people_; }
    static constexpr qsizetype kMostRowChanges = 50;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    /// The size covers are decoded at, in pixels.
    void setCoverSize(int side);
    /// What a card's tooltip says can be done with it, below who it is (the gallery: drag to
    /// merge; a chooser: nothing).
    void setActionsHint(const QString& hint) { actionsHint_ = hint; }

    // Drag and drop: people dropped onto a person are merged into that person.
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

    static constexpr int kCoverSize = 128;

  signals:
    /// People were dropped onto `into`: the user asks to merge them into it.
    void mergeDropped(qint64 into, const QVector<qint64>& from);

  private:
    int rowOf(qint64 person) const;

    FaceImages& images_;
    QVector<PersonCard> people_;
    int coverSize_ = kCoverSize;
    QString actionsHint_;
};

/// Shows everyone, or only the unnamed, by the filter box, sort and "show hidden".
class PeopleFilter : public QSortFilterProxyModel {
    Q_OBJECT
  public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    /// Shows `people`, most photos first, filtered by name (any case).
    void showPeople(PeopleModel* people);
    void setShowHidden(bool show);
    void setUnnamedOnly(bool only);

  protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

  private:
    bool showHidden_ = false;
    bool unnamedOnly_ = false;
};

class PeoplePage : public QWidget {
    Q_OBJECT
  public:
    PeoplePage(PeopleModel& model, bool unnamedOnly, QWidget* parent = nullptr);
    QListView* view() const { return view_; }
    int visibleCount() const { return filter_.rowCount(); }
    /// The people chosen, the current one first.
    QVector<qint64> selectedPeople() const;
    /// The context menu the gallery shows for the people chosen (the caller owns it).
    std::unique_ptr<QMenu> contextMenu();

  signals:
    void personActivated(qint64 person);
    void renameRequested(qint64 person, const QString& name);
    void mergeRequested(qint64 into, const QVector<qint64>& from);
    void hideRequested(const QVector<qint64>& people, bool hidden);
    void addFolderRequested();

  private:
    void updateEmptyState();
    void askName(qint64 person);

    PeopleFilter filter_;
    QLineEdit* search_;
    QComboBox* sort_;
    QCheckBox* showHidden_;
    QListView* view_;
    GridZoom* zoom_;
    EmptyState* empty_;
};

}  // namespace kith::ui
