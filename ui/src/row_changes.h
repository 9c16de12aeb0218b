// What changed in a list of rows known by a key (people by id, review prompts by question): the
// change set a view's model applies row by row, instead of taking the whole list anew.
#pragma once

#include <QHash>
#include <QSet>
#include <QVector>

namespace kith::ui {

/// `Item` has a key, `rowKey(item)`, of type `Key`. A key is in at most one of the three lists.
template <typename Item, typename Key>
struct RowChanges {
    QVector<Item> added;    // not there before
    QVector<Item> changed;  // there before, and different now
    QVector<Key> removed;   // there before, not now

    bool empty() const { return added.isEmpty() && changed.isEmpty() && removed.isEmpty(); }
    qsizetype size() const { return added.size() + changed.size() + removed.size(); }

    /// `items` as they are after the changes: removed ones out, changed ones replaced in place,
    /// added ones at the end.
    void applyTo(QVector<Item>& items) const {
        const QSet<Key> gone(removed.begin(), removed.end());
        QHash<Key, const Item*> now;
        for (const Item& item : changed)
            now.insert(rowKey(item), &item);
        items.removeIf([&](const Item& item) { return gone.contains(rowKey(item)); });
        for (Item& item : items)
            if (const auto it = now.constFind(rowKey(item)); it != now.cend()) item = **it;
        items += added;
    }

    /// What turns `before` into `after` (compared by key; the order of either does not matter).
    static RowChanges between(const QVector<Item>& before, const QVector<Item>& after) {
        QHash<Key, const Item*> was;
        was.reserve(before.size());
        for (const Item& item : before)
            was.insert(rowKey(item), &item);
        RowChanges changes;
        for (const Item& item : after) {
            const auto it = was.find(rowKey(item));
            if (it == was.end()) {
                changes.added << item;
                continue;
            }
            if (!(**it == item)) changes.changed << item;
            was.erase(it);
        }
        // What is left was there before and is not now, in the order it was listed.
        for (const Item& item : before)
            if (was.contains(rowKey(item))) changes.removed << rowKey(item);
        return changes;
    }
};

}  // namespace kith::ui
