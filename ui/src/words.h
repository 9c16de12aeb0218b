// Counts in words: "1 photo", "3 photos" (Kith ships without translations, so Qt's %n plurals
// would show "photo(s)").
#pragma once

#include <QString>

namespace kith::ui {

inline QString countOf(qsizetype n, const QString& one, const QString& many) {
    return QString::number(n) + " " + (n == 1 ? one : many);
}

}  // namespace kith::ui
