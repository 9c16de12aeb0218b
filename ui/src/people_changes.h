// What changed among the people since the library's thread last said: the typed change set the
// gallery's model applies row by row, instead of taking every card anew after each decision.
#pragma once

#include <QMetaType>
#include <QVector>

#include "library_service.h"

namespace kith::ui {

/// Cards by person id. A person is in at most one of the three lists.
struct PeopleChanges {
    QVector<PersonCard> added;    // new persons (a split, a scan, a face named as someone new)
    QVector<PersonCard> changed;  // renamed, hidden, locked, another cover or count of faces
    QVector<qint64> removed;      // merged away, emptied, or their folder removed
    /// Sent after many changes at once (a scan's batch taken in): views take them as one reload,
    /// not row by row, since a sorted view re-sorts once per changed row.
    bool reload = false;

    bool empty() const { return added.isEmpty() && changed.isEmpty() && removed.isEmpty(); }
    qsizetype size() const { return added.size() + changed.size() + removed.size(); }
    /// `people` as it is after the changes: removed ones out, changed ones replaced in place,
    /// added ones at the end.
    void applyTo(QVector<PersonCard>& people) const;
};

/// What turns `before` into `after` (compared by id; the order of either does not matter).
PeopleChanges peopleChanges(const QVector<PersonCard>& before, const QVector<PersonCard>& after);

}  // namespace kith::ui

Q_DECLARE_METATYPE(kith::ui::PeopleChanges)
