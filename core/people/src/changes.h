// A set of row changes to the people tables: what automatic steps and human decisions produce,
// applied to the library in one transaction and to the engine's model alike.
#pragma once

#include <vector>

#include "kith/store.h"

namespace kith::people {

using store::Id;

/// Persons created here carry temporary negative ids (-1, -2, ...) until written; any change
/// below may refer to them.
struct Changes {
    struct Assign {
        Id face;
        Id person;
        float confidence;
        bool confirmed;
    };
    struct Unassign {
        Id face;
        bool pooled;  // seen and left in the unassigned pool (else: not seen, or dismissed)
    };
    struct Dismiss {
        Id face;
        bool dismissed;
    };

    std::vector<store::Person> newPersons;  // id: temporary, negative
    std::vector<store::Person> updatedPersons;
    std::vector<store::Person> restoredPersons;  // with their old ids (undo)
    std::vector<Id> removedPersons;
    std::vector<Assign> assignments;
    std::vector<Unassign> unassignments;
    std::vector<Dismiss> dismissals;
    std::vector<store::Constraint> newConstraints;
    std::vector<store::Constraint> restoredConstraints;  // with their old ids (undo)
    std::vector<Id> removedConstraints;

    bool empty() const {
        return newPersons.empty() && updatedPersons.empty() && restoredPersons.empty() &&
               removedPersons.empty() && assignments.empty() && unassignments.empty() &&
               dismissals.empty() && newConstraints.empty() && restoredConstraints.empty() &&
               removedConstraints.empty();
    }

    /// A new person's temporary id.
    Id addPerson(store::Person person) {
        person.id = -static_cast<Id>(newPersons.size()) - 1;
        newPersons.push_back(person);
        return person.id;
    }
};

}  // namespace kith::people
