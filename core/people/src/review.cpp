#include "review.h"

#include <faiss/utils/distances.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <string_view>
#include <tuple>

#include "clustering.h"
#include "placement.h"

namespace kith::people {
namespace {

// Naming does not change who is grouped with whom, so a name is worth half a face per face.
constexpr double kNamingWeight = 0.5;
// A skipped question waits behind every other one.
constexpr double kSkippedWeight = 0.01;
// Questions less likely than this to change anything are not asked.
constexpr float kWorthAsking = 0.05f;
// Members compared per person when looking for the closest pair (evenly spread).
constexpr std::size_t kMembersCompared = 200;
// Two persons each much tighter than the distance where they meet: a question, after the others.
constexpr double kLooksApartWeight = 0.02;
// Faces shown per side of a question.
constexpr std::size_t kFacesPerSide = 6;
// A face sits badly in its person when the grouping would no longer join it to the others.
constexpr float kDoubtfulBelow = 0.5f;

float distance(const FaceNode& a, const FaceNode& b) {
    return distanceL2(a.embedding, b.embedding);
}

std::vector<const FaceNode*> sample(const std::vector<const FaceNode*>& faces) {
    if (faces.size() <= kMembersCompared) return faces;
    std::vector<const FaceNode*> out;
    for (std::size_t i = 0; i < kMembersCompared; ++i)
        out.push_back(faces[i * faces.size() / kMembersCompared]);
    return out;
}

// Two faces closer than this are one picture: copies of a photo (0.000 apart on the dev set;
// its two closest faces of different photos are 0.104 apart, a quarter of T).
constexpr float kSamePicture = 0.05f;

bool samePicture(const FaceNode& a, const FaceNode& b) {
    return distance(a, b) < kSamePicture;
}

// Up to kFacesPerSide faces, no two of them one picture, none a picture in `elsewhere` (the
// other side's faces): `first` in order, then more of `rest`, surest first. Copies of a photo
// are the surest faces of all (their embeddings agree exactly), so without this they filled a
// side with one face (issue 19).
std::vector<Id> sideOf(const Model& model, const std::vector<Id>& first,
                       const std::vector<const FaceNode*>& rest,
                       const std::vector<Id>& elsewhere = {}) {
    std::vector<const FaceNode*> shown;
    for (Id id : elsewhere)
        if (const FaceNode* f = model.face(id)) shown.push_back(f);
    std::vector<Id> side;
    auto add = [&](const FaceNode* f) {
        if (!f || side.size() >= kFacesPerSide) return;
        for (const FaceNode* s : shown)
            if (s->id == f->id || samePicture(*s, *f)) return;
        side.push_back(f->id);
        shown.push_back(f);
    };
    for (Id id : first)
        add(model.face(id));
    std::vector<const FaceNode*> bySureness = rest;
    std::stable_sort(
        bySureness.begin(), bySureness.end(), [](const FaceNode* x, const FaceNode* y) {
            return std::pair(x->confirmed, x->confidence) > std::pair(y->confirmed, y->confidence);
        });
    for (const FaceNode* f : bySureness)
        add(f);
    return side;
}

// The closest pairs between two sets of faces, nearest first, at most `count`.
std::vector<Evidence> closestPairs(const std::vector<const FaceNode*>& a,
                                   const std::vector<const FaceNode*>& b, std::size_t count) {
    std::vector<float> rowsA, rowsB;
    for (const FaceNode* f : a)
        rowsA.insert(rowsA.end(), f->embedding.begin(), f->embedding.end());
    for (const FaceNode* f : b)
        rowsB.insert(rowsB.end(), f->embedding.begin(), f->embedding.end());
    // All pairs' distances at once (a matrix product), the costly part of a review.
    std::vector<float> squared(a.size() * b.size());
    faiss::pairwise_L2sqr(kDimensions, static_cast<std::int64_t>(a.size()), rowsA.data(),
                          static_cast<std::int64_t>(b.size()), rowsB.data(), squared.data());
    std::vector<Evidence> pairs;
    pairs.reserve(squared.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j)
            pairs.push_back(
                {a[i]->id, b[j]->id, std::sqrt(std::max(0.f, squared[i * b.size() + j]))});
    const auto nearest = [](const Evidence& x, const Evidence& y) {
        return std::tie(x.distance, x.faceA, x.faceB) < std::tie(y.distance, y.faceA, y.faceB);
    };
    count = std::min(count, pairs.size());
    std::partial_sort(pairs.begin(), pairs.begin() + static_cast<long>(count), pairs.end(),
                      nearest);
    pairs.resize(count);
    return pairs;
}

// Persons close enough to ask about, judged by average linkage and where they meet (both against
// the join rule for the two of them), with the closest face pairs between them as evidence.
void samePersonItems(const Model& model, const Settings& s, const Spread& spread,
                     const std::unordered_map<Id, GroupSums>& sums,
                     std::vector<ReviewItem>& items) {
    const JoinRule rule(s, spread);
    std::vector<Id> persons;
    std::map<Id, std::vector<const FaceNode*>> members;
    for (const auto& [id, p] : model.persons())
        if (!p.hidden)
            if (auto faces = model.facesOf(id); !faces.empty()) {
                persons.push_back(id);
                members[id] = sample(faces);
            }
    // Candidates by their mean faces, then judged by their faces.
    FaceIndex means;
    std::vector<std::int64_t> ids;
    std::vector<float> rows;
    for (Id id : persons) {
        const auto mean = unitMean(members[id]);
        ids.push_back(id);
        rows.insert(rows.end(), mean.begin(), mean.end());
    }
    means.rebuild(ids, rows);
    const auto near = means.searchMany(rows, 6);
    for (std::size_t i = 0; i < persons.size(); ++i)
        for (const Neighbour& n : near[i]) {
            const Id a = persons[i], b = n.face;
            if (b <= a || model.keptApart(a, b)) continue;
            const auto& ma = members[a];
            const auto& mb = members[b];
            const std::vector<Evidence> pairs = closestPairs(ma, mb, 3);
            if (pairs.empty()) continue;
            bool sharePhoto = false;
            for (const FaceNode* x : ma)
                for (const FaceNode* y : mb)
                    sharePhoto = sharePhoto || x->photo == y->photo;
            const GroupSums& sa = sums.at(a);
            const GroupSums& sb = sums.at(b);
            // Alike on the whole, or alike where they meet (a person whose look changed, seen
            // in two periods), for groups of their spread: either is worth a question. Alike
            // where they meet only by T, while each is much tighter, is worth one last: in a
            // large library most such pairs are two people (the oracle said no to the first 30
            // of them on faces-lfw, and 123 of 181 same-person questions in its first 300 answers).
            const auto limit = static_cast<float>(std::sqrt(rule.limit(sa, sb)));
            const auto meet = static_cast<float>(std::sqrt(boundaryMeanSquare(ma, mb)));
            const float byLinkage =
                sameProbability(static_cast<float>(std::sqrt(meanSquareBetween(sa, sb))), limit, s);
            const float alike = std::max(byLinkage, sameProbability(meet, limit, s));
            const float byT = sameProbability(meet, s);
            if (std::max(alike, byT) < kWorthAsking) continue;
            const double same = std::max<double>(alike, kLooksApartWeight * byT);
            ReviewItem item;
            item.id = {ReviewKind::SamePerson, a, b};
            item.kind = ReviewItem::Kind::SamePerson;
            item.person = a;
            item.otherPerson = b;
            // Two people seen in one photo are rarely one person (a mirror, a collage).
            const double unlikely = sharePhoto ? 0.1 : 1.0;
            item.gain = static_cast<double>(sa.size + sb.size) * same * unlikely;
            item.evidence = pairs;
            std::vector<Id> firstA, firstB;
            for (const Evidence& e : pairs)
                firstA.push_back(e.faceA), firstB.push_back(e.faceB);
            item.facesA = sideOf(model, firstA, model.facesOf(a));
            item.facesB = sideOf(model, firstB, model.facesOf(b));
            items.push_back(item);
        }
}

// Persons made of two parts the grouping would not join: "are these two people?", the smaller
// part the one a yes splits off.
void twoPeopleItems(const Model& model, const Settings& s, const Spread& spread, ReviewCache& cache,
                    std::vector<ReviewItem>& items) {
    const JoinRule rule(s, spread);
    for (const auto& [id, p] : model.persons()) {
        if (p.hidden || p.locked) continue;
        const auto& parts = cachedPartsOf(model, id, s, spread, cache);
        if (parts.size() < 2) continue;
        std::vector<const FaceNode*> stays, leaves;
        for (Id face : parts[0])
            stays.push_back(model.face(face));
        for (Id face : parts[1])
            leaves.push_back(model.face(face));
        // A human put faces of both parts in this person: it is one, whatever they look like.
        const auto confirmed = [](const FaceNode* f) { return f->confirmed; };
        if (std::any_of(stays.begin(), stays.end(), confirmed) &&
            std::any_of(leaves.begin(), leaves.end(), confirmed))
            continue;
        const GroupSums a = sumsOf(stays), b = sumsOf(leaves);
        const float same = sameProbability(static_cast<float>(std::sqrt(meanSquareBetween(a, b))),
                                           static_cast<float>(std::sqrt(rule.limit(a, b))), s);
        if (1 - same < kWorthAsking) continue;
        ReviewItem item;
        item.id = {ReviewKind::TwoPeople, id};
        item.kind = ReviewItem::Kind::TwoPeople;
        item.person = id;
        item.gain = static_cast<double>(leaves.size()) * (1 - same);
        item.evidence = closestPairs(stays, leaves, 1);
        item.facesA = sideOf(model, {}, stays);
        item.facesB = sideOf(model, {}, leaves);
        items.push_back(item);
    }
}

// The "is this X?" item for face f and person X, with the closest face of X as evidence.
// "Is this face X?", without its evidence and X's side yet: a library of 100 000 faces has
// thousands of doubtful ones, and only the few that make the queue are shown (completeIsThis).
ReviewItem isThisItem(const FaceNode& f, Id person, double uncertainty) {
    ReviewItem item;
    item.id = {ReviewKind::IsThisPerson, person, 0, f.id};
    item.kind = ReviewItem::Kind::IsThisPerson;
    item.person = person;
    item.face = f.id;
    item.gain = uncertainty;
    item.facesA = {f.id};
    return item;
}

// The closest of X's faces as evidence, and X's side: a person's every face is looked at.
void completeIsThis(const Model& model, ReviewItem& item) {
    const FaceNode* f = model.face(item.face);
    if (!f || !item.facesB.empty()) return;
    Evidence closest{f->id, 0, 0};
    for (const FaceNode* m : model.facesOf(item.person))
        if (m->id != f->id && (!closest.faceB || distance(*f, *m) < closest.distance))
            closest = {f->id, m->id, distance(*f, *m)};
    if (closest.faceB) item.evidence.push_back(closest);
    // Never the face asked about (nor a copy of it) among X's: that would answer the question.
    item.facesB = sideOf(model, closest.faceB ? std::vector<Id>{closest.faceB} : std::vector<Id>{},
                         model.facesOf(item.person), item.facesA);
}

// Faces in a person they may not belong to: the grouping would not join them to the others now.
void doubtfulMemberItems(const Model& model, const Settings& s, const Spread& spread,
                         const std::unordered_map<Id, GroupSums>& sums,
                         std::vector<ReviewItem>& items) {
    for (const FaceNode& f : model.faces()) {
        if (f.dismissed || !f.person || f.confirmed) continue;
        const store::Person* p = model.person(f.person);
        if (!p || p->hidden || p->locked) continue;
        const float belongs = std::min(f.confidence, membership(f, sums.at(f.person), s, spread));
        if (belongs >= kDoubtfulBelow) continue;
        items.push_back(isThisItem(f, f.person, 1.0 - belongs));
    }
}

// Unassigned faces near someone: the persons with the nearest mean faces, judged as the grouping
// would judge the face joining them (RMS distance against the join rule). Their gain is a
// probability, below 1. Person means, not every face, are searched: at 100 000 faces and 10 000
// unassigned ones, a search of every face for each took seconds.
void pooledFaceItems(const Model& model, const Settings& s, const Spread& spread,
                     const std::unordered_map<Id, GroupSums>& sums,
                     std::vector<ReviewItem>& items) {
    constexpr int kCandidates = 3;
    const JoinRule rule(s, spread);
    std::vector<std::int64_t> ids;
    std::vector<float> rows;
    for (const auto& [id, p] : model.persons()) {
        const auto it = sums.find(id);
        if (p.hidden || it == sums.end()) continue;
        ids.push_back(id);
        double norm = 0;
        for (double v : it->second.sum)
            norm += v * v;
        norm = std::sqrt(norm);
        for (double v : it->second.sum)
            rows.push_back(static_cast<float>(norm > 0 ? v / norm : 0));
    }
    std::vector<const FaceNode*> pooled;
    std::vector<float> queries;
    for (const FaceNode& f : model.faces())
        if (f.pooled && !f.dismissed) {
            pooled.push_back(&f);
            queries.insert(queries.end(), f.embedding.begin(), f.embedding.end());
        }
    if (ids.empty() || pooled.empty()) return;
    FaceIndex means;
    means.rebuild(ids, rows, FaceIndex::Kind::Exact);
    const auto near = means.searchMany(queries, kCandidates);
    for (std::size_t i = 0; i < pooled.size(); ++i) {
        const FaceNode& f = *pooled[i];
        GroupSums one;
        one.add(f.embedding);
        Id best = 0;
        float bestSame = kWorthAsking;
        for (const Neighbour& n : near[i]) {
            const GroupSums& person = sums.at(n.face);
            if (!model.mayJoin(f, n.face)) continue;
            const float same =
                sameProbability(static_cast<float>(std::sqrt(meanSquareBetween(one, person))),
                                static_cast<float>(std::sqrt(rule.limit(one, person))), s);
            if (same >= bestSame) best = n.face, bestSame = same;
        }
        if (best) items.push_back(isThisItem(f, best, bestSame));
    }
}

// Unnamed persons worth naming; not one that may be two people (that question comes first).
void whoIsThisItems(const Model& model, const Settings& s, std::vector<ReviewItem>& items) {
    std::set<Id> mixed;
    for (const ReviewItem& item : items)
        if (item.kind == ReviewItem::Kind::TwoPeople) mixed.insert(item.person);
    for (const auto& [id, p] : model.persons()) {
        const std::size_t size = model.sizeOf(id);
        if (!p.name.empty() || p.hidden || size < static_cast<std::size_t>(s.nameAfter) ||
            mixed.count(id))
            continue;
        ReviewItem item;
        item.id = {ReviewKind::WhoIsThis, id};
        item.kind = ReviewItem::Kind::WhoIsThis;
        item.person = id;
        item.face = model.coverOf(id);
        item.gain = static_cast<double>(size) * kNamingWeight;
        item.facesA = sideOf(model, {item.face}, model.facesOf(id));
        items.push_back(item);
    }
}

}  // namespace

const std::vector<std::vector<Id>>& cachedPartsOf(const Model& model, Id person, const Settings& s,
                                                  const Spread& spread, ReviewCache& cache) {
    // The faces and their confirmations decide the parts (and the spread, measured on every
    // person, only slowly changes): a signature of them tells when to look again.
    std::uint64_t signature = 1469598103934665603ull;
    for (const FaceNode* f : model.facesOf(person))
        signature =
            (signature ^ static_cast<std::uint64_t>(f->id * 2 + f->confirmed)) * 1099511628211ull;
    ReviewCache::Parts& cached = cache.parts[person];
    if (cached.signature == signature && !cached.parts.empty()) return cached.parts;
    cached.signature = signature;
    cached.parts.clear();
    for (const auto& part : partsOf(model, person, s, spread)) {
        std::vector<Id> ids;
        for (const FaceNode* f : part)
            ids.push_back(f->id);
        cached.parts.push_back(std::move(ids));
    }
    return cached.parts;
}

namespace {

// Skipped questions go last; the rest by gain, ties in the order of the ids' text (as when ids
// were strings). The first `whole` are made whole (0: all of them).
void orderQuestions(const Model& model, const std::set<ReviewId>& skipped, std::size_t whole,
                    std::vector<ReviewItem>& items) {
    for (ReviewItem& item : items)
        if (skipped.count(item.id)) item.gain *= kSkippedWeight;
    std::sort(items.begin(), items.end(), [](const ReviewItem& a, const ReviewItem& b) {
        return a.gain != b.gain ? a.gain > b.gain : writtenBefore(a.id, b.id);
    });
    const std::size_t shown = whole ? std::min(whole, items.size()) : items.size();
    for (std::size_t i = 0; i < shown; ++i)
        if (items[i].kind == ReviewKind::IsThisPerson) completeIsThis(model, items[i]);
}

}  // namespace

std::vector<ReviewItem> buildReview(const Model& model, const Settings& settings,
                                    const Spread& spread, const std::set<ReviewId>& skipped,
                                    ReviewCache& cache, std::size_t limit) {
    std::vector<ReviewItem> items;
    const auto sums = sumsByPerson(model);
    samePersonItems(model, settings, spread, sums, items);
    twoPeopleItems(model, settings, spread, cache, items);
    doubtfulMemberItems(model, settings, spread, sums, items);
    whoIsThisItems(model, settings, items);
    // Questions about unassigned faces gain less than 1 each: when `limit` questions gain at
    // least that (skipped ones aside), none of them would make the list, and finding their
    // neighbours (a search per face) is skipped.
    const auto sure = std::count_if(items.begin(), items.end(), [&](const ReviewItem& item) {
        return item.gain * (skipped.count(item.id) ? kSkippedWeight : 1.0) >= 1.0;
    });
    if (limit == 0 || static_cast<std::size_t>(sure) < limit)
        pooledFaceItems(model, settings, spread, sums, items);
    orderQuestions(model, skipped, limit, items);
    return items;
}

std::vector<ReviewItem> isThisQuestionsAbout(Id person, const Model& model,
                                             const Settings& settings, const Spread& spread,
                                             const std::set<ReviewId>& skipped) {
    std::vector<ReviewItem> items;
    const auto sums = sumsByPerson(model);
    doubtfulMemberItems(model, settings, spread, sums, items);
    pooledFaceItems(model, settings, spread, sums, items);
    std::erase_if(items, [&](const ReviewItem& item) { return item.person != person; });
    orderQuestions(model, skipped, 0, items);
    return items;
}

namespace {

constexpr std::array<std::pair<ReviewKind, std::string_view>, 4> kReviewPrefixes = {{
    {ReviewKind::SamePerson, "merge"},
    {ReviewKind::IsThisPerson, "face"},
    {ReviewKind::WhoIsThis, "name"},
    {ReviewKind::TwoPeople, "split"},
}};

// The numbers after the prefix: positive decimals of at most 18 digits (no overflow).
std::optional<std::vector<Id>> numbersOf(std::string_view text) {
    std::vector<Id> numbers;
    while (!text.empty()) {
        if (text.front() != ':') return std::nullopt;
        text.remove_prefix(1);
        const std::size_t end = std::min(text.find(':'), text.size());
        Id value = 0;
        const auto [past, error] = std::from_chars(text.data(), text.data() + end, value);
        if (end == 0 || end > 18 || error != std::errc() || past != text.data() + end || value <= 0)
            return std::nullopt;
        numbers.push_back(value);
        text.remove_prefix(end);
    }
    return numbers;
}

// A prefix and two numbers of up to 19 digits and a sign, each after a colon.
constexpr std::size_t kWrittenIdSize = 48;

// The id as toString() writes it, into `buffer`, without allocating.
std::string_view written(const ReviewId& id, std::array<char, kWrittenIdSize>& buffer) {
    char* at = buffer.data();
    char* const end = buffer.data() + buffer.size();
    const std::string_view prefix = kReviewPrefixes[static_cast<std::size_t>(id.kind)].second;
    at = std::copy(prefix.begin(), prefix.end(), at);
    auto number = [&](Id n) {
        *at++ = ':';
        at = std::to_chars(at, end, n).ptr;
    };
    switch (id.kind) {
        case ReviewKind::SamePerson:
            number(id.person);
            number(id.otherPerson);
            break;
        case ReviewKind::IsThisPerson:
            number(id.face);
            number(id.person);
            break;
        case ReviewKind::WhoIsThis:
        case ReviewKind::TwoPeople:
            number(id.person);
            break;
    }
    return {buffer.data(), static_cast<std::size_t>(at - buffer.data())};
}

}  // namespace

std::string ReviewId::toString() const {
    std::array<char, kWrittenIdSize> buffer;
    return std::string(written(*this, buffer));
}

bool writtenBefore(const ReviewId& a, const ReviewId& b) {
    std::array<char, kWrittenIdSize> x, y;
    return written(a, x) < written(b, y);
}

std::optional<ReviewId> ReviewId::parse(std::string_view text) {
    for (const auto& [kind, prefix] : kReviewPrefixes) {
        if (!text.starts_with(prefix)) continue;
        const auto numbers = numbersOf(text.substr(prefix.size()));
        if (!numbers) return std::nullopt;
        const std::size_t expected =
            kind == ReviewKind::SamePerson || kind == ReviewKind::IsThisPerson ? 2 : 1;
        if (numbers->size() != expected) return std::nullopt;
        const auto& n = *numbers;
        if (kind == ReviewKind::SamePerson) return ReviewId{kind, n[0], n[1]};
        if (kind == ReviewKind::IsThisPerson) return ReviewId{kind, n[1], 0, n[0]};
        return ReviewId{kind, n[0]};
    }
    return std::nullopt;
}

}  // namespace kith::people
