// What changed in the review queue since the library's thread last sent it: prompts added,
// changed (other samples, names or words) and removed, by question, and the queue's new order,
// so that a decision sends the few prompts it changed rather than every one.
#pragma once

#include <QHash>
#include <QMetaType>
#include <QStringList>
#include <algorithm>

#include "library_service.h"
#include "row_changes.h"

namespace kith::ui {

inline QString rowKey(const ReviewPrompt& prompt) {
    return prompt.id;
}

struct ReviewChanges : RowChanges<ReviewPrompt, QString> {
    QStringList order;  // every prompt's id, the most useful first

    /// `prompts` as they are after the changes, in the queue's order.
    void applyTo(QVector<ReviewPrompt>& prompts) const {
        RowChanges::applyTo(prompts);
        QHash<QString, qsizetype> place;
        for (qsizetype i = 0; i < order.size(); ++i)
            place.insert(order[i], i);
        std::stable_sort(
            prompts.begin(), prompts.end(), [&](const ReviewPrompt& a, const ReviewPrompt& b) {
                return place.value(a.id, order.size()) < place.value(b.id, order.size());
            });
    }
};

/// What turns the queue `before` into `after`.
inline ReviewChanges reviewChanges(const QVector<ReviewPrompt>& before,
                                   const QVector<ReviewPrompt>& after) {
    ReviewChanges changes{RowChanges<ReviewPrompt, QString>::between(before, after), {}};
    for (const ReviewPrompt& p : after)
        changes.order << p.id;
    return changes;
}

}  // namespace kith::ui

Q_DECLARE_METATYPE(kith::ui::ReviewChanges)
