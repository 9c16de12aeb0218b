// Text for the views: core's UTF-8 strings as QString, counts in words, and the name field's
// completer over the people's names.
#pragma once

#include <QCompleter>
#include <QLineEdit>
#include <QString>
#include <QStringListModel>
#include <string>

namespace kith::ui {

inline QString qs(const std::string& utf8) {
    return QString::fromStdString(utf8);
}

/// "1 photo", "3 photos" (Kith ships without translations, so Qt's %n plurals would show
/// "photo(s)").
inline QString countOf(qsizetype n, const QString& one, const QString& many) {
    return QString::number(n) + " " + (n == 1 ? one : many);
}

/// A completer for `edit` over people's names, matching anywhere in a name, any case; its names
/// are set with setCompleterNames.
inline void addNameCompleter(QLineEdit* edit) {
    auto* completer = new QCompleter(edit);  // owned by the field
    completer->setModel(new QStringListModel(completer));
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    edit->setCompleter(completer);
}

inline void setCompleterNames(QLineEdit* edit, const QStringList& names) {
    static_cast<QStringListModel*>(edit->completer()->model())->setStringList(names);
}

}  // namespace kith::ui
