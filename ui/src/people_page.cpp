#include "people_page.h"

#include <QColor>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QMimeData>
#include <QVBoxLayout>

#include "words.h"

namespace kith::ui {
namespace {

const QString kPeopleMime = "application/x-kith-people";

}  // namespace

PeopleModel::PeopleModel(FaceImages& images, QObject* parent)
    : QAbstractListModel(parent), images_(images) {
    // A cover arrived: repaint the cards showing it.
    connect(&images_, &FaceImages::loaded, this, [this](const QString& path) {
        for (int row = 0; row < people_.size(); ++row)
            if (people_[row].cover == path)
                emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

void PeopleModel::apply(const PeopleChanges& changes) {
    if (changes.empty()) return;
    if (changes.reload || people_.isEmpty() || changes.size() > kMostRowChanges) {
        beginResetModel();
        changes.applyTo(people_);
        endResetModel();
        return;
    }
    for (qint64 person : changes.removed)
        if (const int row = rowOf(person); row >= 0) {
            beginRemoveRows({}, row, row);
            people_.removeAt(row);
            endRemoveRows();
        }
    for (const PersonCard& card : changes.changed)
        if (const int row = rowOf(card.id); row >= 0) {
            people_[row] = card;
            emit dataChanged(index(row), index(row));
        }
    if (!changes.added.isEmpty()) {
        const int first = static_cast<int>(people_.size());
        beginInsertRows({}, first, first + static_cast<int>(changes.added.size()) - 1);
        people_ += changes.added;
        endInsertRows();
    }
}

int PeopleModel::rowOf(qint64 person) const {
    for (int row = 0; row < people_.size(); ++row)
        if (people_[row].id == person) return row;
    return -1;
}

int PeopleModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(people_.size());
}

QVariant PeopleModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= people_.size()) return {};
    const PersonCard& p = people_[index.row()];
    // Sorting and filtering thousands of cards ask for ids and counts many times: text is made
    // only for the roles that show it.
    const auto name = [&] { return p.name.isEmpty() ? tr("Unnamed") : p.name; };
    // A person's faces are one per photo as a rule: card and tooltip both count photos.
    const auto count = [&] { return countOf(p.faces, tr("photo"), tr("photos")); };
    switch (role) {
        case Qt::DisplayRole:
            return name() + "\n" + count() + (p.hidden ? tr(" · hidden") : QString());
        case Qt::DecorationRole:
            return images_.getRound(p.cover, coverSize_);
        case Qt::ForegroundRole:
            return p.hidden ? QVariant(QColor(Qt::gray)) : QVariant();
        case Qt::ToolTipRole:
            return name() + ": " + count() + (p.locked ? tr(", locked") : QString()) +
                   (p.hidden ? tr(", hidden (Show hidden is on)") : QString()) +
                   (actionsHint_.isEmpty() ? QString() : "\n" + actionsHint_);
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

void PeopleModel::setCoverSize(int side) {
    // Every card changes: only when the size did (a resize of the window keeps it).
    if (side == coverSize_) return;
    coverSize_ = side;
    if (!people_.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {Qt::DecorationRole});
}

Qt::ItemFlags PeopleModel::flags(const QModelIndex& index) const {
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? base | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled : base;
}

QStringList PeopleModel::mimeTypes() const {
    return {kPeopleMime};
}

QMimeData* PeopleModel::mimeData(const QModelIndexList& indexes) const {
    QStringList ids;
    for (const QModelIndex& i : indexes)
        if (i.isValid() && i.row() < people_.size()) ids << QString::number(people_[i.row()].id);
    auto* data = new QMimeData;  // the drag owns it
    data->setData(kPeopleMime, ids.join(',').toUtf8());
    return data;
}

Qt::DropActions PeopleModel::supportedDropActions() const {
    return Qt::CopyAction | Qt::MoveAction;
}

bool PeopleModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int, int,
                                  const QModelIndex& parent) const {
    // Onto a person only: between cards there is nothing to merge into.
    return data->hasFormat(kPeopleMime) && parent.isValid();
}

bool PeopleModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                               const QModelIndex& parent) {
    if (!canDropMimeData(data, action, row, column, parent)) return false;
    const qint64 into = people_.value(parent.row()).id;
    QVector<qint64> from;
    for (const QByteArray& id : data->data(kPeopleMime).split(','))
        if (const qint64 person = id.toLongLong(); person && person != into) from << person;
    if (from.isEmpty()) return false;
    emit mergeDropped(into, from);
    return false;  // the model changes when the library says the merge is done, not here
}

void PeopleFilter::showPeople(PeopleModel* people) {
    setSourceModel(people);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterRole(PeopleModel::NameRole);
    setSortRole(PeopleModel::FacesRole);
    sort(0, Qt::DescendingOrder);
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
      empty_(new EmptyState(
          unnamedOnly ? tr("Everyone Kith found has a name.")
                      : tr("No people yet. Add a folder of photos and Kith finds the faces in "
                           "it and groups them into people while you wait."),
          unnamedOnly ? QString() : tr("Add a folder…"))) {
    filter_.showPeople(&model);
    filter_.setUnnamedOnly(unnamedOnly);

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
    view_->setSpacing(8);
    view_->setWordWrap(true);
    view_->setLayoutMode(QListView::Batched);  // thousands of people lay out in slices
    view_->setBatchSize(200);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);  // Ctrl- and Shift-click
    view_->setDragDropMode(QAbstractItemView::DragDrop);
    view_->setDefaultDropAction(Qt::CopyAction);  // a merge: the dragged cards go by the model
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    zoom_ = new GridZoom(view_, 64, 256, PeopleModel::kCoverSize, 44);
    model.setCoverSize(zoom_->side());
    connect(zoom_, &GridZoom::changed, &model,
            [this, &model] { model.setCoverSize(zoom_->side()); });
    empty_->setObjectName(unnamedOnly ? "unnamedEmpty" : "peopleEmpty");
    empty_->button()->setObjectName("peopleAddFolder");

    auto* bar = new QHBoxLayout;
    bar->addWidget(search_, 1);
    bar->addWidget(sort_);
    bar->addWidget(showHidden_);
    zoom_->addTo(bar);
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
    connect(view_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        if (!view_->indexAt(at).isValid()) return;
        if (auto menu = contextMenu()) menu->exec(view_->viewport()->mapToGlobal(at));
    });
    connect(empty_->button(), &QPushButton::clicked, this, &PeoplePage::addFolderRequested);
    connect(&filter_, &QAbstractItemModel::modelReset, this, &PeoplePage::updateEmptyState);
    connect(&filter_, &QAbstractItemModel::rowsInserted, this, &PeoplePage::updateEmptyState);
    connect(&filter_, &QAbstractItemModel::rowsRemoved, this, &PeoplePage::updateEmptyState);
    updateEmptyState();
}

QVector<qint64> PeoplePage::selectedPeople() const {
    QVector<qint64> people;
    const QModelIndex current = view_->currentIndex();
    if (current.isValid() && view_->selectionModel()->isSelected(current))
        people << current.data(PeopleModel::IdRole).toLongLong();
    for (const QModelIndex& i : view_->selectionModel()->selectedIndexes())
        if (i != current) people << i.data(PeopleModel::IdRole).toLongLong();
    return people;
}

std::unique_ptr<QMenu> PeoplePage::contextMenu() {
    const QVector<qint64> chosen = selectedPeople();
    if (chosen.isEmpty()) return nullptr;
    const QModelIndex current = view_->currentIndex();
    const QString name = current.data(PeopleModel::NameRole).toString();
    const QString who = name.isEmpty() ? tr("this person") : name;
    bool allHidden = true;
    for (const QModelIndex& i : view_->selectionModel()->selectedIndexes())
        allHidden = allHidden && i.data(PeopleModel::HiddenRole).toBool();
    auto menu = std::make_unique<QMenu>(this);
    menu->setObjectName("peopleMenu");
    const qint64 first = chosen.front();
    menu->addAction(tr("Open"), this, [this, first] { emit personActivated(first); });
    menu->addAction(name.isEmpty() ? tr("Name…") : tr("Rename…"), this,
                    [this, first] { askName(first); });
    if (chosen.size() > 1)
        menu->addAction(
            tr("Merge %1 into %2").arg(countOf(chosen.size() - 1, tr("person"), tr("people")), who),
            this, [this, chosen] { emit mergeRequested(chosen.front(), chosen.mid(1)); });
    const QString hide = allHidden ? tr("Show again") : tr("Hide");
    menu->addAction(chosen.size() > 1 ? hide + tr(" (%1)").arg(chosen.size()) : hide, this,
                    [this, chosen, allHidden] { emit hideRequested(chosen, !allHidden); });
    return menu;
}

void PeoplePage::askName(qint64 person) {
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Name"), tr("Who is this?"), QLineEdit::Normal, {}, &ok);
    if (ok && !name.trimmed().isEmpty()) emit renameRequested(person, name.trimmed());
}

void PeoplePage::updateEmptyState() {
    const bool none = filter_.rowCount() == 0 && search_->text().isEmpty();
    view_->setVisible(!none);
    empty_->setVisible(none);
}

}  // namespace kith::ui
