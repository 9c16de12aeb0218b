// What changed among the people since the library's thread last said: the typed change set the
// gallery's model applies row by row, instead of taking every card anew after each decision.
#pragma once

#include <QMetaType>
#include <QSet>
#include <optional>

#include "library_service.h"
#include "row_changes.h"

namespace kith::ui {

inline qint64 rowKey(const PersonCard& card) {
    return card.id;
}

/// Cards by person id: new persons (a split, a scan, a face named as someone new); changed ones
/// (renamed, hidden, locked, another cover or count of faces); removed ones (merged away,
/// emptied, or their folder removed).
struct PeopleChanges : RowChanges<PersonCard, qint64> {
    /// Sent after many changes at once (a scan's batch taken in): views take them as one reload,
    /// not row by row, since a sorted view re-sorts once per changed row.
    bool reload = false;
    /// The persons whose faces or flags changed, their cards alike or not (a face confirmed);
    /// none: not known (anything may have changed), as after a reload.
    std::optional<QSet<qint64>> touched;

    /// Whether what is shown of `person` beyond their card may have changed.
    bool mayHaveChanged(qint64 person) const { return !touched || touched->contains(person); }
};

/// What turns `before` into `after` (compared by id; the order of either does not matter).
inline PeopleChanges peopleChanges(const QVector<PersonCard>& before,
                                   const QVector<PersonCard>& after) {
    return {RowChanges<PersonCard, qint64>::between(before, after), false, std::nullopt};
}

}  // namespace kith::ui

Q_DECLARE_METATYPE(kith::ui::PeopleChanges)
