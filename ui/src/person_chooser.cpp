#include "person_chooser.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "people_changes.h"

namespace kith::ui {
namespace {

constexpr int kFaceSize = 80;

}  // namespace

PersonChooser::PersonChooser(FaceImages& images, const QVector<PersonCard>& people,
                             const QString& title, QWidget* parent)
    : QDialog(parent), model_(images), search_(new QLineEdit), view_(new QListView) {
    setObjectName("personChooser");
    setWindowTitle(title);
    resize(640, 480);
    model_.setCoverSize(kFaceSize);
    model_.apply(peopleChanges({}, people));
    filter_.showPeople(&model_);
    search_->setPlaceholderText(tr("Find a person by name"));
    search_->setClearButtonEnabled(true);
    view_->setObjectName("choosePerson");
    view_->setModel(&filter_);
    view_->setViewMode(QListView::IconMode);
    view_->setResizeMode(QListView::Adjust);
    view_->setMovement(QListView::Static);
    view_->setUniformItemSizes(true);
    view_->setWordWrap(true);
    view_->setIconSize({kFaceSize, kFaceSize});
    view_->setGridSize({kFaceSize + 48, kFaceSize + 48});
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(title));  // owned by the dialog
    layout->addWidget(search_);
    layout->addWidget(view_, 1);
    layout->addWidget(buttons);
    connect(search_, &QLineEdit::textChanged, &filter_,
            &QSortFilterProxyModel::setFilterFixedString);
    // Enter in the search box takes the one person left.
    connect(search_, &QLineEdit::returnPressed, this, [this] {
        if (filter_.rowCount() == 1) view_->setCurrentIndex(filter_.index(0, 0));
        if (chosen()) accept();
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, ok] { ok->setEnabled(chosen() != 0); });
    connect(view_, &QListView::activated, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

qint64 PersonChooser::chosen() const {
    const QModelIndexList selected = view_->selectionModel()->selectedIndexes();
    return selected.isEmpty() ? 0 : selected.front().data(PeopleModel::IdRole).toLongLong();
}

qint64 PersonChooser::choose(FaceImages& images, const QVector<PersonCard>& people,
                             const QString& title, QWidget* parent) {
    PersonChooser chooser(images, people, title, parent);
    const bool accepted = chooser.exec() == QDialog::Accepted;
    // The window that asked has the keys again, whatever the window manager does about it.
    if (parent) parent->window()->activateWindow();
    return accepted ? chooser.chosen() : 0;
}

}  // namespace kith::ui
