#include "merge_name.h"

#include <QButtonGroup>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QVBoxLayout>

namespace kith::ui {

QStringList namesToChooseFrom(const QStringList& names) {
    QStringList distinct;
    for (const QString& name : names)
        if (!name.trimmed().isEmpty() && !distinct.contains(name.trimmed(), Qt::CaseInsensitive))
            distinct << name.trimmed();
    return distinct;
}

std::optional<QString> askMergedName(QWidget* parent, const QStringList& names) {
    QDialog dialog(parent);
    dialog.setObjectName("mergeName");
    dialog.setWindowTitle(QObject::tr("One person, which name?"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(
        QObject::tr("They become one person. Which name do they keep?")));  // owned by the dialog
    QButtonGroup choices(&dialog);
    for (const QString& name : names) {
        auto* choice = new QRadioButton(QString(name).replace("&", "&&"));
        choice->setObjectName("keepName");
        choice->setProperty("name", name);
        choices.addButton(choice);
        layout->addWidget(choice);
    }
    auto* another = new QRadioButton(QObject::tr("Another name:"));
    another->setObjectName("anotherName");
    choices.addButton(another);
    auto* typed = new QLineEdit;
    typed->setObjectName("typedName");
    typed->setPlaceholderText(QObject::tr("Type the name they go by"));
    auto* anotherRow = new QHBoxLayout;
    anotherRow->addWidget(another);
    anotherRow->addWidget(typed, 1);
    layout->addLayout(anotherRow);
    choices.buttons().front()->setChecked(true);
    // Typing a name chooses it.
    QObject::connect(typed, &QLineEdit::textEdited, another,
                     [another] { another->setChecked(true); });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(QObject::tr("Merge"));
    layout->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    // The window that asked has the keys again when the dialog is gone, whatever the window
    // manager does about it.
    const auto giveBackTheKeys = qScopeGuard([parent] {
        if (parent) parent->window()->activateWindow();
    });
    while (dialog.exec() == QDialog::Accepted) {
        if (!another->isChecked()) return choices.checkedButton()->property("name").toString();
        if (!typed->text().trimmed().isEmpty()) return typed->text().trimmed();
        typed->setFocus();  // "another name", and none typed: ask again
    }
    return std::nullopt;
}

std::optional<QString> mergedNameFor(QWidget* parent, const QStringList& names) {
    const QStringList choices = namesToChooseFrom(names);
    if (choices.size() < 2) return QString();
    return askMergedName(parent, choices);
}

}  // namespace kith::ui
