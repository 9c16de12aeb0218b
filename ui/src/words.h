// Text for the views: core's UTF-8 strings as QString, counts in words, the name field's
// completer over the people's names, and how alike two faces are, in words.
#pragma once

#include <QCompleter>
#include <QLineEdit>
#include <QObject>
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

/// How sure the face model is that two faces are one person, from their distance relative to
/// its same-person distance T (docs/app.md gives the mapping): below 0.75 T very likely, below
/// T probably, up to 1.15 T (as far as Kith asks) unsure, beyond that probably not.
enum class Likeness { VeryLikely, Probably, Unsure, ProbablyNot };

inline Likeness likenessOf(float distance, float samePerson) {
    if (distance < 0.75f * samePerson) return Likeness::VeryLikely;
    if (distance < samePerson) return Likeness::Probably;
    if (distance <= 1.15f * samePerson) return Likeness::Unsure;
    return Likeness::ProbablyNot;
}

/// Kith's guess in words: "very likely the same person", "probably the same person", "unsure",
/// "probably not the same person".
inline QString likenessWords(Likeness likeness) {
    switch (likeness) {
        case Likeness::VeryLikely:
            return QObject::tr("very likely the same person");
        case Likeness::Probably:
            return QObject::tr("probably the same person");
        case Likeness::Unsure:
            return QObject::tr("unsure, it could go either way");
        case Likeness::ProbablyNot:
            return QObject::tr("probably not the same person");
    }
    return {};
}

}  // namespace kith::ui
