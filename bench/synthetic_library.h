// Synthetic libraries for benchmarks: photos of synthetic faces (library-like identities, whose
// distances match faces-lfw's, of Zipf-distributed sizes, one to three faces per photo, one face
// in ten a stranger seen once) written into a real SQLite library, and people as a finished
// clustering would leave them.
#pragma once

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "dev_set.h"  // orExit
#include "kith/store.h"
#include "synthetic_faces.h"

namespace kith::bench {

/// A library's worth of faces: which identity each face is (-1: a stranger), in photo order.
struct SyntheticLibrary {
    std::vector<test::SyntheticIdentity> identities;
    std::vector<std::vector<int>> photos;  // identity of each face, per photo

    static SyntheticLibrary make(test::SyntheticFaces& faces, std::size_t faceCount);
};

/// Writes photos [first, last) of `lib` into the library in one transaction; records each
/// face's identity (a stranger: a label of its own) in `truth`, by face id.
void writePhotos(store::Library& library, test::SyntheticFaces& faces, const SyntheticLibrary& lib,
                 std::size_t first, std::size_t last, std::map<store::Id, std::string>& truth);

/// One person per identity, strangers in the unassigned pool.
void writePeople(store::Library& library, const std::map<store::Id, std::string>& truth);

}  // namespace kith::bench
