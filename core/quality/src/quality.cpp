#include "kith/quality.h"

#include <algorithm>
#include <map>

#include "kith/common/csv.h"

namespace kith::quality {
namespace {

// The identity most of a person's labelled faces carry; empty when it has none.
std::string identityOfFaces(const std::vector<store::Id>& faces,
                            const std::map<store::Id, std::string>& labelOfFace);

std::string identityOf(const people::PeopleEngine& engine, store::Id person,
                       const std::map<store::Id, std::string>& labelOfFace) {
    std::vector<store::Id> faces;
    for (const auto& f : engine.facesOf(person))
        faces.push_back(f.face);
    return identityOfFaces(faces, labelOfFace);
}

// The identity most of some faces carry; empty when none is labelled.
std::string identityOfFaces(const std::vector<store::Id>& faces,
                            const std::map<store::Id, std::string>& labelOfFace) {
    std::map<std::string, int> votes;
    for (store::Id face : faces)
        if (const auto it = labelOfFace.find(face); it != labelOfFace.end()) ++votes[it->second];
    std::string best;
    int most = 0;
    for (const auto& [identity, n] : votes)
        if (n > most) most = n, best = identity;
    return best;
}

}  // namespace

long OracleReport::answersToReach(double f1) const {
    if (initialBcubedF1 >= f1) return 0;
    for (std::size_t i = 0; i < bcubedAfter.size(); ++i)
        if (bcubedAfter[i] >= f1) return static_cast<long>(i + 1);
    return -1;
}

Result<std::vector<LabelledFace>> labelledFaces(store::Library& library,
                                                const std::filesystem::path& labels,
                                                const std::filesystem::path& root,
                                                std::vector<std::string>* problems) {
    const auto table = readCsvFile(labels);
    if (!table.ok() && table.error().code == ErrorCode::Unreadable)
        return makeError(ErrorCode::NotFound, "cannot read the labels file", labels.string());
    if (!table.ok()) return table.error();
    auto photos = library.photoPaths();
    if (!photos.ok()) return photos.error();
    std::map<std::string, store::Id> photoOfPath;
    for (const auto& [id, path] : photos.value())
        photoOfPath[path.native()] = id;
    auto faces = library.faces();
    if (!faces.ok()) return faces.error();
    std::map<store::Id, std::vector<const store::Face*>> facesOfPhoto;
    for (const store::Face& f : faces.value())
        if (!f.dismissed) facesOfPhoto[f.photoId].push_back(&f);

    std::error_code ec;
    const std::filesystem::path base = std::filesystem::absolute(root, ec).lexically_normal();
    std::vector<LabelledFace> result;
    for (const auto& row : table.value().rows) {
        if (row.size() < 2) continue;  // more columns may follow (faces-lfw: kind)
        const std::filesystem::path photo = (base / row[0]).lexically_normal();
        const auto it = photoOfPath.find(photo.native());
        if (it == photoOfPath.end())
            return makeError(
                ErrorCode::NotFound,
                "a labelled photo is not in the library (scan " + base.string() + " first)",
                photo.string());
        const auto& candidates = facesOfPhoto[it->second];
        const auto largest = std::max_element(
            candidates.begin(), candidates.end(), [](const auto* a, const auto* b) {
                return a->width * a->height < b->width * b->height;
            });
        if (largest == candidates.end()) {
            if (problems)
                problems->push_back(photo.string() + ": no face found in this labelled photo");
            continue;
        }
        result.push_back({(*largest)->id, row[1], photo});
    }
    return result;
}

PeopleScore scorePeople(const people::PeopleEngine& engine,
                        const std::vector<LabelledFace>& faces) {
    std::vector<std::int64_t> predicted;
    std::vector<std::string> truth;
    std::size_t assigned = 0;
    for (const LabelledFace& f : faces) {
        const store::Id person = engine.personOf(f.face);
        predicted.push_back(person ? person : -1);
        truth.push_back(f.identity);
        if (person) ++assigned;
    }
    PeopleScore score;
    score.clustering = eval::evaluateClustering(predicted, truth);
    score.autoAssigned =
        faces.empty() ? 0 : static_cast<double>(assigned) / static_cast<double>(faces.size());
    return score;
}

Result<OracleReport> runOracle(people::PeopleEngine& engine, const std::vector<LabelledFace>& faces,
                               std::size_t maxAnswers) {
    std::map<store::Id, std::string> labelOfFace;
    for (const LabelledFace& f : faces)
        labelOfFace[f.face] = f.identity;
    OracleReport report;
    double best = scorePeople(engine, faces).clustering.bcubedF1;
    report.initialBcubedF1 = best;
    std::size_t sinceBetter = 0;
    // The question by its id and what the labels say of its two sides.
    auto record = [&](const people::ReviewItem& item, const std::string& a, const std::string& b,
                      const std::string& said) {
        report.transcript.push_back(item.id.toString() + " (" + a + (b.empty() ? "" : " / " + b) +
                                    ") -> " + said);
    };
    while (report.answers < maxAnswers && sinceBetter < 30) {
        if (scorePeople(engine, faces).clustering.bcubedF1 >= 1.0 - 1e-12) {
            report.answersToPerfect = static_cast<long>(report.answers);
            break;
        }
        const auto items = engine.review();
        // The first question the labels can answer; the ones they cannot are skipped.
        const people::ReviewItem* asked = nullptr;
        std::string a, b;
        for (const auto& item : items) {
            a = identityOf(engine, item.person, labelOfFace);
            // A person is named after the face the question shows it by.
            if (item.kind == people::ReviewItem::Kind::WhoIsThis && labelOfFace.count(item.face))
                a = labelOfFace[item.face];
            if (item.kind == people::ReviewItem::Kind::SamePerson)
                b = identityOf(engine, item.otherPerson, labelOfFace);
            if (item.kind == people::ReviewItem::Kind::IsThisPerson)
                b = labelOfFace.count(item.face) ? labelOfFace[item.face] : "";
            if (item.kind == people::ReviewItem::Kind::TwoPeople) {
                a = identityOfFaces(item.facesA, labelOfFace);
                b = identityOfFaces(item.facesB, labelOfFace);
            }
            const bool answerable =
                !a.empty() && (item.kind == people::ReviewItem::Kind::WhoIsThis || !b.empty());
            if (answerable) {
                asked = &item;
                break;
            }
        }
        if (!asked) break;
        const people::ReviewItem item = *asked;
        Status status;
        std::string said;
        if (item.kind == people::ReviewItem::Kind::WhoIsThis) {
            // A careful person looks at the faces before naming them: the ones of somebody else
            // are taken out first ("not this person", one answer each).
            for (const auto& f : engine.facesOf(item.person)) {
                const auto label = labelOfFace.find(f.face);
                if (label == labelOfFace.end() || label->second == a) continue;
                if (const Status rejected = engine.reject(f.face); !rejected.ok())
                    return rejected.error();
                report.transcript.push_back("(before naming " + a + ") a face of " + label->second +
                                            " -> not this person");
                ++report.answers;
                report.bcubedAfter.push_back(scorePeople(engine, faces).clustering.bcubedF1);
            }
            // Who already named someone so merges instead of naming twice.
            store::Id namesake = 0;
            for (const auto& p : engine.people())
                if (p.id != item.person && p.name == a) namesake = p.id;
            if (namesake) {
                status = engine.merge(namesake, item.person);
                said = "it is " + a + ", already named: merged";
            } else {
                auto named = engine.name(item.person, a);
                status = named.ok() ? Status() : Status(named.error());
                said = a;
            }
        } else {
            // "Two people?" asks the opposite of the others: yes when they differ.
            const bool same = a == b;
            const bool yes = item.kind == people::ReviewItem::Kind::TwoPeople ? !same : same;
            auto answered = engine.answer(item.id, yes ? people::Answer::Yes : people::Answer::No);
            status = answered.ok() ? Status() : Status(answered.error());
            said = yes ? "yes" : "no";
        }
        if (!status.ok()) return status.error();
        record(item, a, item.kind == people::ReviewItem::Kind::WhoIsThis ? "" : b, said);
        ++report.answers;
        const double now = scorePeople(engine, faces).clustering.bcubedF1;
        report.bcubedAfter.push_back(now);
        if (now > best + 1e-12)
            best = now, sinceBetter = 0;
        else if (item.kind != people::ReviewItem::Kind::WhoIsThis)
            ++sinceBetter;  // a first name changes no grouping, and is no sign of being stuck
    }
    report.finalBcubedF1 = scorePeople(engine, faces).clustering.bcubedF1;
    if (report.answersToPerfect < 0 && report.finalBcubedF1 >= 1.0 - 1e-12)
        report.answersToPerfect = static_cast<long>(report.answers);
    return report;
}

}  // namespace kith::quality
