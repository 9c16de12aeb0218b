// The people gallery: a grid of person cards (cover face, name or "Unnamed", photo count),
// sorted by count or name, filtered by a search box, hidden people on request. Model/view, with
// covers loaded lazily off the UI thread.
#pragma once

#include <QAbstractListModel>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QWidget>

#include "face_images.h"
#include "library_service.h"

namespace kith::ui {

class PeopleModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role { IdRole = Qt::UserRole + 1, FacesRole, NameRole, HiddenRole, CoverRole };
    PeopleModel(FaceImages& images, QObject* parent = nullptr);

    void setPeople(const QVector<PersonCard>& people);
    const QVector<PersonCard>& people() const { return people_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    static constexpr int kCoverSize = 128;

  private:
    FaceImages& images_;
    QVector<PersonCard> people_;
};

/// Shows everyone, or only the unnamed, by the filter box, sort and "show hidden".
class PeopleFilter : public QSortFilterProxyModel {
    Q_OBJECT
  public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
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

  signals:
    void personActivated(qint64 person);

  private:
    void updateEmptyState();

    PeopleFilter filter_;
    QLineEdit* search_;
    QComboBox* sort_;
    QCheckBox* showHidden_;
    QListView* view_;
    QLabel* empty_;
};

}  // namespace kith::ui
