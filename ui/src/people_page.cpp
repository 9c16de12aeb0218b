#include "people_page.h"

#include <QHBoxLayout>
#include <QVBoxLayout>

#include "words.h"

namespace kith::ui {

PeopleModel::PeopleModel(FaceImages& images, QObject* parent)
    : QAbstractListModel(parent), images_(images) {
    // A cover arrived: repaint the cards showing it.
    connect(&images_, &FaceImages::loaded, this, [this](const QString& path) {
        for (int row = 0; row < people_.size(); ++row)
            if (people_[row].cover == path)
                emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

void PeopleModel::setPeople(const QVector<PersonCard>& people) {
    beginResetModel();
    people_ = people;
    endResetModel();
}

int PeopleModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(people_.size());
}

QVariant PeopleModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= people_.size()) return {};
    const PersonCard& p = people_[index.row()];
    const QString name = p.name.isEmpty() ? tr("Unnamed") : p.name;
    switch (role) {
        case Qt::DisplayRole:
            return name + "\n" + countOf(p.faces, tr("photo"), tr("photos"));
        case Qt::DecorationRole:
            return images_.get(p.cover, kCoverSize);
        case Qt::ToolTipRole:
            return name + ": " + countOf(p.faces, tr("face"), tr("faces")) +
                   (p.locked ? tr(", locked") : QString()) +
                   (p.hidden ? tr(", hidden") : QString());
        case IdRole:
            return p.id;
        case FacesRole:
            return p.faces;
        case NameRole:
            return p.name;
        case HiddenRole:
            return p.hidden;
        case CoverRole:
            return p.cover;
        default:
            return {};
    }
}

void PeopleFilter::setShowHidden(bool show) {
    showHidden_ = show;
    invalidateFilter();
}

void PeopleFilter::setUnnamedOnly(bool only) {
    unnamedOnly_ = only;
    invalidateFilter();
}

bool PeopleFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const QModelIndex i = sourceModel()->index(row, 0, parent);
    if (!showHidden_ && i.data(PeopleModel::HiddenRole).toBool()) return false;
    const QString name = i.data(PeopleModel::NameRole).toString();
    if (unnamedOnly_ && !name.isEmpty()) return false;
    return QSortFilterProxyModel::filterAcceptsRow(row, parent);
}

PeoplePage::PeoplePage(PeopleModel& model, bool unnamedOnly, QWidget* parent)
    : QWidget(parent),
      search_(new QLineEdit),
      sort_(new QComboBox),
      showHidden_(new QCheckBox(tr("Show hidden"))),
      view_(new QListView),
      empty_(new QLabel) {
    filter_.setSourceModel(&model);
    filter_.setUnnamedOnly(unnamedOnly);
    filter_.setFilterCaseSensitivity(Qt::CaseInsensitive);
    filter_.setFilterRole(PeopleModel::NameRole);
    filter_.setSortRole(PeopleModel::FacesRole);
    filter_.sort(0, Qt::DescendingOrder);

    search_->setPlaceholderText(tr("Find a person by name"));
    search_->setClearButtonEnabled(true);
    sort_->addItems({tr("Most photos first"), tr("By name")});
    sort_->setToolTip(tr("How people are ordered"));
    showHidden_->setToolTip(tr("Also show people you hid"));

    view_->setObjectName(unnamedOnly ? "unnamedView" : "peopleView");
    view_->setModel(&filter_);
    view_->setViewMode(QListView::IconMode);
    view_->setResizeMode(QListView::Adjust);
    view_->setMovement(QListView::Static);
    view_->setUniformItemSizes(true);
    view_->setIconSize({PeopleModel::kCoverSize, PeopleModel::kCoverSize});
    view_->setGridSize({PeopleModel::kCoverSize + 40, PeopleModel::kCoverSize + 56});
    view_->setSpacing(8);
    view_->setWordWrap(true);
    view_->setLayoutMode(QListView::Batched);  // thousands of people lay out in slices
    view_->setBatchSize(200);

    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setText(unnamedOnly ? tr("Everyone Kith found has a name.")
                                : tr("No people yet. Add a folder of photos (Library folders, in "
                                     "the sidebar) and Kith finds the faces in it and groups "
                                     "them into people while you wait."));

    auto* bar = new QHBoxLayout;
    bar->addWidget(search_, 1);
    bar->addWidget(sort_);
    bar->addWidget(showHidden_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);
    layout->addWidget(empty_, 1);

    connect(search_, &QLineEdit::textChanged, &filter_,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(sort_, &QComboBox::currentIndexChanged, this, [this](int i) {
        filter_.setSortRole(i == 0 ? int{PeopleModel::FacesRole} : int{Qt::DisplayRole});
        filter_.sort(0, i == 0 ? Qt::DescendingOrder : Qt::AscendingOrder);
    });
    connect(showHidden_, &QCheckBox::toggled, &filter_, &PeopleFilter::setShowHidden);
    connect(view_, &QListView::activated, this, [this](const QModelIndex& i) {
        emit personActivated(i.data(PeopleModel::IdRole).toLongLong());
    });
    connect(&filter_, &QAbstractItemModel::modelReset, this, &PeoplePage::updateEmptyState);
    connect(&filter_, &QAbstractItemModel::rowsInserted, this, &PeoplePage::updateEmptyState);
    connect(&filter_, &QAbstractItemModel::rowsRemoved, this, &PeoplePage::updateEmptyState);
    updateEmptyState();
}

void PeoplePage::updateEmptyState() {
    const bool none = filter_.rowCount() == 0 && search_->text().isEmpty();
    view_->setVisible(!none);
    empty_->setVisible(none);
}

}  // namespace kith::ui
