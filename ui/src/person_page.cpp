#include "person_page.h"

#include <QHBoxLayout>
#include <QHash>
#include <QSet>
#include <QShortcut>
#include <QVBoxLayout>

#include "checked_tile_delegate.h"
#include "merge_name.h"
#include "person_chooser.h"
#include "words.h"

namespace kith::ui {
namespace {

// A person in a sentence: by name, or "this person" (never by a number).
QString nameOf(const PersonCard& p) {
    return p.name.isEmpty() ? QObject::tr("this person") : p.name;
}

}  // namespace

FacesModel::FacesModel(FaceImages& images, QObject* parent)
    : QAbstractListModel(parent), images_(images) {
    connect(&images_, &FaceImages::loaded, this, [this](const QString& path) {
        for (int row = 0; row < faces_.size(); ++row)
            if (faces_[row].crop == path)
                emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

void FacesModel::setFaces(const QVector<FaceTile>& faces) {
    beginResetModel();
    faces_ = faces;
    endResetModel();
}

void FacesModel::update(const QVector<FaceTile>& faces) {
    QHash<qint64, int> listedAt;
    for (int i = 0; i < faces.size(); ++i)
        listedAt.insert(faces[i].face, i);
    // Gone first, a run of neighbouring rows at a time, from the end.
    for (int last = static_cast<int>(faces_.size()) - 1; last >= 0; --last) {
        if (listedAt.contains(faces_[last].face)) continue;
        int first = last;
        while (first > 0 && !listedAt.contains(faces_[first - 1].face))
            --first;
        beginRemoveRows({}, first, last);
        faces_.remove(first, last - first + 1);
        endRemoveRows();
        last = first;
    }
    for (int row = 1; row < faces_.size(); ++row)
        if (listedAt.value(faces_[row - 1].face) > listedAt.value(faces_[row].face)) {
            setFaces(faces);
            return;
        }
    // Every face kept is listed, in order: where a row is not the listed face, new faces go in.
    QSet<qint64> kept;
    for (const FaceTile& f : faces_)
        kept.insert(f.face);
    for (int row = 0; row < faces.size(); ++row) {
        if (kept.contains(faces[row].face)) {
            if (!(faces_[row] == faces[row])) {
                faces_[row] = faces[row];
                emit dataChanged(index(row), index(row));
            }
            continue;
        }
        int last = row;
        while (last + 1 < faces.size() && !kept.contains(faces[last + 1].face))
            ++last;
        beginInsertRows({}, row, last);
        for (int i = row; i <= last; ++i)
            faces_.insert(i, faces[i]);
        endInsertRows();
        row = last;
    }
}

int FacesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(faces_.size());
}

QVariant FacesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= faces_.size()) return {};
    const FaceTile& f = faces_[index.row()];
    switch (role) {
        case Qt::DecorationRole:
            return images_.get(f.crop, kFaceSize);
        case Qt::ToolTipRole:
            return f.confirmed
                       ? tr("Confirmed by you")
                       : tr("Placed automatically, %1% sure").arg(qRound(f.confidence * 100));
        case FaceRole:
            return f.face;
        case PhotoRole:
            return f.photo;
        case CropRole:
            return f.crop;
        default:
            return {};
    }
}

PersonPage::PersonPage(LibraryService& service, FaceImages& images, QWidget* parent)
    : QWidget(parent),
      service_(service),
      images_(images),
      model_(images),
      name_(new QLineEdit),
      summary_(new QLabel),
      lock_(new QPushButton(tr("Lock"))),
      hide_(new QPushButton(tr("Hide"))),
      notThis_(new QPushButton(tr("Not this person"))),
      moveTo_(new QPushButton(tr("Move to…"))),
      split_(new QPushButton(tr("Split into new person"))),
      merge_(new QPushButton(tr("Merge with…"))),
      cover_(new QPushButton(tr("Use as cover"))),
      photos_(new QPushButton(tr("Their photos"))),
      madeBar_(new QWidget),
      madeName_(new QLineEdit),
      view_(new QListView),
      suggestedModel_(images),
      suggestedLabel_(new QLabel),
      suggestedView_(new QListView),
      confirmSuggested_(
          new QPushButton(tr("Confirm the selected; the others are not this person"))),
      content_(new QWidget),
      empty_(new QLabel(tr("No person open yet. Double-click someone in People (Ctrl+1) or "
                           "Unnamed (Ctrl+2): their faces show here, to name them, take out "
                           "the faces that are someone else, or merge them with another "
                           "person."))) {
    empty_->setObjectName("personEmpty");
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    name_->setPlaceholderText(tr("Add a name"));
    name_->setToolTip(tr("Type a name and press Enter"));
    QFont big = name_->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    name_->setFont(big);
    lock_->setCheckable(true);
    lock_->setToolTip(
        tr("A locked person keeps their faces and is never merged or split automatically; new "
           "photos of them still join them"));
    hide_->setCheckable(true);
    hide_->setToolTip(tr("Keep this person out of the gallery and the review queue"));
    notThis_->setToolTip(tr("The selected faces are somebody else (Delete)"));
    notThis_->setShortcut(QKeySequence::Delete);
    moveTo_->setToolTip(tr("The selected faces are another person you know"));
    split_->setToolTip(tr("The selected faces are one other person, new to Kith"));
    merge_->setToolTip(tr("This person and another are the same"));
    cover_->setToolTip(tr("The selected face stands for this person in the gallery"));
    cover_->setObjectName("cover");
    merge_->setObjectName("mergeWith");
    moveTo_->setObjectName("moveTo");
    lock_->setObjectName("lockPerson");
    hide_->setObjectName("hidePerson");
    photos_->setObjectName("personPhotos");
    photos_->setToolTip(tr("Every photo this person is in, by date, in Photos"));
    madeBar_->setObjectName("newPerson");
    madeName_->setObjectName("newPersonName");
    madeName_->setPlaceholderText(tr("Name them (then Enter)"));

    setObjectName("personPage");
    name_->setObjectName("personName");
    split_->setObjectName("split");
    notThis_->setObjectName("notThisPerson");
    view_->setObjectName("faces");
    view_->setModel(&model_);
    view_->setViewMode(QListView::IconMode);
    view_->setResizeMode(QListView::Adjust);
    view_->setMovement(QListView::Static);
    view_->setUniformItemSizes(true);
    view_->setIconSize({FacesModel::kFaceSize, FacesModel::kFaceSize});
    view_->setGridSize({FacesModel::kFaceSize + 12, FacesModel::kFaceSize + 12});
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setLayoutMode(QListView::Batched);
    view_->setBatchSize(300);
    view_->setItemDelegate(new CheckedTileDelegate(view_));  // owned by the view

    // Batch confirm: suggestions come all selected; deselect the wrong ones, confirm with Enter.
    suggestedView_->setObjectName("suggestions");
    confirmSuggested_->setObjectName("confirmSuggestions");
    suggestedView_->setModel(&suggestedModel_);
    suggestedView_->setViewMode(QListView::IconMode);
    suggestedView_->setFlow(QListView::LeftToRight);
    suggestedView_->setWrapping(false);
    suggestedView_->setIconSize({FacesModel::kFaceSize, FacesModel::kFaceSize});
    suggestedView_->setGridSize({FacesModel::kFaceSize + 12, FacesModel::kFaceSize + 12});
    suggestedView_->setFixedHeight(FacesModel::kFaceSize + 36);
    suggestedView_->setSelectionMode(QAbstractItemView::MultiSelection);
    suggestedView_->setItemDelegate(new CheckedTileDelegate(suggestedView_));
    confirmSuggested_->setToolTip(tr("Enter"));
    suggestedLabel_->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->addWidget(name_, 1);
    top->addWidget(lock_);
    top->addWidget(hide_);
    top->addWidget(merge_);
    top->addWidget(photos_);
    auto* madeLayout = new QHBoxLayout(madeBar_);
    madeLayout->setContentsMargins(0, 0, 0, 0);
    auto* madeText = new QLabel(tr("The faces you split off are a new person:"));
    auto* openMade = new QPushButton(tr("Open them"));
    openMade->setObjectName("openNewPerson");
    madeLayout->addWidget(madeText);
    madeLayout->addWidget(madeName_, 1);
    madeLayout->addWidget(openMade);
    madeBar_->setVisible(false);
    connect(openMade, &QPushButton::clicked, this, [this] {
        if (made_) service_.loadPerson(made_);
    });
    connect(madeName_, &QLineEdit::returnPressed, this, [this] {
        if (made_ && !madeName_->text().trimmed().isEmpty()) {
            service_.rename(made_, madeName_->text().trimmed());
            madeBar_->setVisible(false);
        }
    });
    connect(photos_, &QPushButton::clicked, this, &PersonPage::photosRequested);
    auto* actions = new QHBoxLayout;
    actions->addWidget(summary_, 1);
    actions->addWidget(notThis_);
    actions->addWidget(moveTo_);
    actions->addWidget(split_);
    actions->addWidget(cover_);
    auto* page = new QVBoxLayout(this);
    page->addWidget(content_, 1);
    page->addWidget(empty_, 1);
    auto* layout = new QVBoxLayout(content_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(madeBar_);
    layout->addLayout(actions);
    layout->addWidget(view_, 1);
    auto* suggestedBar = new QHBoxLayout;
    suggestedBar->addWidget(suggestedLabel_, 1);
    suggestedBar->addWidget(confirmSuggested_);
    layout->addLayout(suggestedBar);
    layout->addWidget(suggestedView_);
    connect(confirmSuggested_, &QPushButton::clicked, this, &PersonPage::confirmSuggestions);
    auto* enter = new QShortcut(Qt::Key_Return, suggestedView_, nullptr, nullptr,
                                Qt::WidgetShortcut);  // parented: Qt deletes it with the view
    connect(enter, &QShortcut::activated, this, &PersonPage::confirmSuggestions);

    connect(name_, &QLineEdit::editingFinished, this, [this] {
        if (detail_.card.id && name_->text().trimmed() != detail_.card.name)
            service_.rename(detail_.card.id, name_->text());
    });
    connect(lock_, &QPushButton::clicked, this,
            [this](bool on) { service_.setLocked(detail_.card.id, on); });
    connect(hide_, &QPushButton::clicked, this,
            [this](bool on) { service_.setHidden(detail_.card.id, on); });
    connect(notThis_, &QPushButton::clicked, this, &PersonPage::rejectSelected);
    connect(split_, &QPushButton::clicked, this, &PersonPage::splitSelected);
    connect(cover_, &QPushButton::clicked, this, [this] {
        const auto faces = selectedFaces();
        if (faces.size() == 1) service_.setCover(detail_.card.id, faces.front());
    });
    connect(moveTo_, &QPushButton::clicked, this, [this] {
        const auto faces = selectedFaces();
        choosePersonAndThen(tr("Move %1 to").arg(countOf(faces.size(), tr("face"), tr("faces"))),
                            [this, faces](qint64 to) { service_.moveFaces(faces, to); });
    });
    connect(merge_, &QPushButton::clicked, this, [this] {
        choosePersonAndThen(tr("Merge %1 with").arg(nameOf(detail_.card)), [this](qint64 other) {
            QString otherName;
            for (const PersonCard& p : people_)
                if (p.id == other) otherName = p.name;
            // Two names: the user says which one stays before anything merges.
            const auto name = mergedNameFor(this, {detail_.card.name, otherName});
            if (name) service_.merge(detail_.card.id, other, *name);
        });
    });
    connect(view_, &QListView::activated, this, [this](const QModelIndex& i) {
        emit photoActivated(i.data(FacesModel::PhotoRole).toLongLong());
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PersonPage::updateButtons);
    updateButtons();
    content_->setVisible(false);  // until a person is open
}

void PersonPage::show(const PersonDetail& person) {
    const bool samePerson = person.card.id == detail_.card.id;
    detail_ = person;
    if (!samePerson || !name_->hasFocus()) name_->setText(person.card.name);
    lock_->setChecked(person.card.locked);
    hide_->setChecked(person.card.hidden);
    hide_->setText(person.card.hidden ? tr("Unhide") : tr("Hide"));
    hide_->setToolTip(person.card.hidden
                          ? tr("Hidden: not in People or the review queue. Click to show them "
                               "again")
                          : tr("Keep this person out of the gallery and the review queue"));
    if (person.card.id == made_ || !samePerson) madeBar_->setVisible(false);
    // A face suggested for this person shows once: below, where it is confirmed or not.
    QSet<qint64> suggested;
    for (const FaceTile& f : person.suggested)
        suggested.insert(f.face);
    QVector<FaceTile> faces;
    int confirmed = 0;
    for (const FaceTile& f : person.faces)
        if (!suggested.contains(f.face)) {
            faces << f;
            confirmed += f.confirmed;
        }
    summary_->setText(countOf(faces.size(), tr("face"), tr("faces")) + ", " +
                      tr("%1 confirmed by you").arg(confirmed) +
                      (person.card.hidden ? tr(". Hidden from People and Review") : QString()));
    // The same person again (after a decision): the faces patched, the selection and scroll kept.
    if (samePerson)
        model_.update(faces);
    else
        model_.setFaces(faces);
    suggestedModel_.setFaces(person.suggested);
    suggestedView_->selectAll();
    const bool anySuggested = !person.suggested.isEmpty();
    suggestedLabel_->setText(
        tr("Suggested for %1: %2. Deselect the ones that are not, then confirm.")
            .arg(nameOf(person.card), countOf(person.suggested.size(), tr("face"), tr("faces"))));
    for (QWidget* w :
         std::initializer_list<QWidget*>{suggestedLabel_, suggestedView_, confirmSuggested_})
        w->setVisible(anySuggested);
    content_->setVisible(person.card.id != 0);
    empty_->setVisible(person.card.id == 0);
    updateButtons();
}

void PersonPage::offerNewPerson(qint64 from, qint64 made) {
    if (from != detail_.card.id) return;
    made_ = made;
    madeName_->clear();
    madeBar_->setVisible(true);
    madeName_->setFocus();  // typing names them at once
}

void PersonPage::confirmSuggestions() {
    QVector<QPair<QString, people::Answer>> answers;
    const auto* selection = suggestedView_->selectionModel();
    for (int row = 0; row < suggestedModel_.rowCount(); ++row)
        answers.push_back({detail_.suggestedItems.value(row), selection->isRowSelected(row)
                                                                  ? people::Answer::Yes
                                                                  : people::Answer::No});
    if (!answers.isEmpty()) service_.answerAll(answers);
}

void PersonPage::setPeople(const QVector<PersonCard>& people) {
    people_ = people;
}

QVector<qint64> PersonPage::selectedFaces() const {
    QVector<qint64> faces;
    for (const QModelIndex& i : view_->selectionModel()->selectedIndexes())
        faces.push_back(i.data(FacesModel::FaceRole).toLongLong());
    return faces;
}

void PersonPage::splitSelected() {
    const auto faces = selectedFaces();
    if (!faces.isEmpty()) service_.split(detail_.card.id, faces);
}

void PersonPage::rejectSelected() {
    const auto faces = selectedFaces();
    if (!faces.isEmpty()) service_.reject(faces);
}

void PersonPage::updateButtons() {
    const int selected = static_cast<int>(view_->selectionModel()->selectedIndexes().size());
    notThis_->setEnabled(selected > 0);
    moveTo_->setEnabled(selected > 0);
    split_->setEnabled(selected > 0 && selected < model_.rowCount());
    cover_->setEnabled(selected == 1);
}

// The other people, by face and name.
void PersonPage::choosePersonAndThen(const QString& title,
                                     const std::function<void(qint64)>& then) {
    QVector<PersonCard> others;
    for (const PersonCard& p : people_)
        if (p.id != detail_.card.id) others << p;
    if (const qint64 chosen = PersonChooser::choose(images_, others, title, this)) then(chosen);
}

}  // namespace kith::ui
