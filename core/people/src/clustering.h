// Grouping faces into people, honouring every human decision: the methods over a k-nearest-
// neighbour graph of the faces (grouping_methods.h), and the mapping of the groups found onto the
// persons the library already has (so names, confirmations and decisions survive a re-cluster).
#pragma once

#include <vector>

#include "changes.h"
#include "face_index.h"
#include "kith/people.h"
#include "linkage.h"
#include "model.h"
#include "placement.h"

namespace kith::people {

struct Grouping {
    std::vector<std::size_t> labels;  // per member; equal labels: the same person
    Spread spread;                    // the library's, measured on the strict groups
};

/// Groups `members` (faces of the model; dismissed ones must not be among them). Faces pinned to a
/// person (confirmed, or in a locked person) are never grouped with another person's pinned
/// faces (several groups may hold one person's: each is that person); human must-links hold;
/// cannot-links, rejections and "two faces of one photo" are never violated. Deterministic: the
/// same faces and constraints give the same groups.
Grouping groupFaces(const Model& model, const FaceIndex& index,
                    const std::vector<const FaceNode*>& members, const Settings& settings);

/// A person's faces as the grouping sees them on their own (the strict pass, then the relaxed
/// one at the library's spread): one part when they hang together, several when the person is
/// made of groups the grouping would not join. Parts of one face are left out (a face that does
/// not sit well is an "is this X?" question). A person of more than 200 faces is judged on an even
/// sample of them: the parts hold only sampled faces (see facesNearest). Largest first.
std::vector<std::vector<const FaceNode*>> partsOf(const Model& model, Id person,
                                                  const Settings& settings, const Spread& spread);

/// Every face of `person`, by the part (of `parts`) whose faces it is nearest to on average.
std::vector<std::vector<Id>> facesNearest(const Model& model, Id person,
                                          const std::vector<std::vector<Id>>& parts);

/// The mean squared distance between where two groups meet: the faces of each nearest to the
/// other's mean, up to five a side.
double boundaryMeanSquare(const std::vector<const FaceNode*>& a,
                          const std::vector<const FaceNode*>& b);

/// Whether two groups meet closely enough to stay one person although their faces as a whole
/// are too far apart: where they meet (boundaryMeanSquare) they are within the rule. A person whose
/// look changes over the years is groups that meet like that; strangers an earlier step chained
/// together touch at a pair or two.
bool meetClosely(const std::vector<const FaceNode*>& a, const std::vector<const FaceNode*>& b,
                 const JoinRule& rule);

/// What it takes for the library's persons to match a grouping: a group with
/// pinned faces is their person; another group goes to the person holding most of its faces
/// (each person to one group), or becomes a new person; a group of one unpinned face goes to the
/// unassigned pool. Confirmed faces never move, nor does a face from one person a human decided
/// about (Model::decidedAbout) to another. Persons left empty, unnamed and unconstrained
/// are removed. Each face's confidence is its membership of its group (see membership()).
Changes matchGroupsToPersons(const Model& model, const std::vector<const FaceNode*>& members,
                             const Grouping& grouping, const Settings& settings);

}  // namespace kith::people
