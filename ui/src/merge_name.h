// Which name two (or more) named people keep when they are merged: the user chooses one of
// theirs or types another; nothing merges until they do.
#pragma once

#include <QStringList>
#include <QWidget>
#include <optional>

namespace kith::ui {

/// The names among `names` to choose between: each non-empty name once (case aside). Fewer than
/// two: there is nothing to ask.
QStringList namesToChooseFrom(const QStringList& names);

/// Asks which of `names` (two or more) the merged person keeps, or another name typed; nothing
/// when the user cancels. A modal dialog named "mergeName".
std::optional<QString> askMergedName(QWidget* parent, const QStringList& names);

/// The name a merge of people with `names` keeps: no question when fewer than two differ (an
/// empty string: the engine keeps the one there is); nothing when the user cancels.
std::optional<QString> mergedNameFor(QWidget* parent, const QStringList& names);

}  // namespace kith::ui
