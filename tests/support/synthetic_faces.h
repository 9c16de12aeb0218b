// Synthetic faces for testing and measuring the people engine without images: identities as
// points on the unit sphere, faces as noisy copies. Used by tests and by bench/people_scale.
#pragma once

#include <array>
#include <random>
#include <vector>

#include "kith/store.h"

namespace kith::test {

using Embedding = std::array<float, store::kEmbeddingSize>;

/// An identity of a library-like set: where its faces centre, and how far they stray.
struct SyntheticIdentity {
    Embedding centre;
    float spread;
};

/// A deterministic source of identities and faces. Distances mimic the real embedder: faces of
/// one identity about 0.25 apart, different identities about 0.6.
class SyntheticFaces {
  public:
    explicit SyntheticFaces(unsigned seed) : random_(seed) {}

    /// A new identity's centre.
    Embedding identity();
    /// A point `fraction` of the way from a to b (unit length): for a person whose look changes.
    Embedding between(const Embedding& a, const Embedding& b, float fraction);
    /// A face of an identity: the centre plus noise of about `spread` (distance to the centre).
    Embedding face(const Embedding& centre, float spread = 0.17f);

    /// An identity as Kith's embedder sees people in a real library, not as evenly spaced as
    /// identity(): centres share a cone and differ most along four directions (as real faces
    /// do by sex, age and ancestry), so that look-alikes abound, and each identity has a spread
    /// of its own (lognormal). Fitted to faces-lfw (its same-person, different-person and
    /// nearest-stranger distances; `bench/people_scale distances` prints both side by side), so
    /// that a method that chains real faces chains these too.
    SyntheticIdentity libraryIdentity();
    Embedding face(const SyntheticIdentity& identity) {
        return face(identity.centre, identity.spread);
    }

    std::mt19937& random() { return random_; }

  private:
    std::mt19937 random_;
};

float distance(const Embedding& a, const Embedding& b);

}  // namespace kith::test
