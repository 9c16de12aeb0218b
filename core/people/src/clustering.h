// Grouping faces into people, honouring every human decision: two methods over a k-nearest-
// neighbour graph of the faces, and the mapping of the groups found onto the persons the
// library already has (so names, confirmations and decisions survive a re-cluster).
#pragma once

#include <vector>

#include "changes.h"
#include "face_index.h"
#include "kith/people.h"
#include "model.h"
#include "placement.h"

namespace kith::people {

struct Grouping {
    std::vector<std::size_t> labels;  // per member; equal labels: the same person
    Spread spread;                    // measured on the first pass's strict groups
};

/// Groups `members` (faces of the model; dismissed ones must not be among them). Faces pinned to a
/// person (confirmed, or in a locked person) are grouped together and never with another person's
/// pinned faces; human must-links hold; cannot-links, rejections and "two faces of one photo" are
/// never violated. Deterministic: the same faces and constraints give the same groups.
Grouping groupFaces(const Model& model, const FaceIndex& index,
                    const std::vector<const FaceNode*>& members, const Settings& settings);

/// What it takes for the library's persons to match a grouping: a group with
/// pinned faces is their person; another group goes to the person holding most of its faces
/// (each person to one group), or becomes a new person; a group of one unpinned face goes to the
/// unassigned pool. Confirmed faces never move. Persons left empty, unnamed and unconstrained
/// are removed. Each face's confidence is its membership of its group (see membership()).
Changes matchGroupsToPersons(const Model& model, const std::vector<const FaceNode*>& members,
                             const Grouping& grouping, const Settings& settings);

}  // namespace kith::people
