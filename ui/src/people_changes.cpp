#include "people_changes.h"

#include <QHash>
#include <QSet>

namespace kith::ui {

void PeopleChanges::applyTo(QVector<PersonCard>& people) const {
    const QSet<qint64> gone(removed.begin(), removed.end());
    QHash<qint64, const PersonCard*> now;
    for (const PersonCard& c : changed)
        now.insert(c.id, &c);
    people.removeIf([&](const PersonCard& c) { return gone.contains(c.id); });
    for (PersonCard& c : people)
        if (const auto it = now.constFind(c.id); it != now.cend()) c = **it;
    people += added;
}

PeopleChanges peopleChanges(const QVector<PersonCard>& before, const QVector<PersonCard>& after) {
    QHash<qint64, const PersonCard*> was;
    was.reserve(before.size());
    for (const PersonCard& c : before)
        was.insert(c.id, &c);
    PeopleChanges changes;
    for (const PersonCard& c : after) {
        const auto it = was.find(c.id);
        if (it == was.end()) {
            changes.added << c;
            continue;
        }
        if (!(**it == c)) changes.changed << c;
        was.erase(it);
    }
    // What is left was there before and is not now, in the order it was listed.
    for (const PersonCard& c : before)
        if (was.contains(c.id)) changes.removed << c.id;
    return changes;
}

}  // namespace kith::ui
