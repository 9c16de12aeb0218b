#include <algorithm>
#include <cstdlib>
#include <utility>

#include "clustering.h"
#include "engine_impl.h"
#include "placement.h"
#include "review.h"

// OpenBLAS's, when the BLAS loaded is OpenBLAS (Debian picks it by alternatives at run time).
extern "C" void openblas_set_num_threads(int threads) __attribute__((weak));

namespace kith::people {

void useSingleThreadedBlas() {
    if (openblas_set_num_threads) openblas_set_num_threads(1);
}

namespace {

// What undoing needs: the faces, persons and constraints a change touches, as they are now.
void snapshot(const Model& model, const Changes& c, store::DecisionRecord& before) {
    std::set<Id> faces, persons;
    for (const auto& a : c.assignments)
        faces.insert(a.face);
    for (const auto& u : c.unassignments)
        faces.insert(u.face);
    for (const auto& d : c.dismissals)
        faces.insert(d.face);
    for (const auto& p : c.updatedPersons)
        persons.insert(p.id);
    // The persons faces leave too: an automatic step may remove one left empty, and an undo puts
    // the faces back into it.
    for (Id id : faces)
        if (const FaceNode* f = model.face(id); f && f->person) persons.insert(f->person);
    for (Id id : c.removedPersons) {
        persons.insert(id);
        for (const FaceNode* f : model.facesOf(id))
            faces.insert(f->id);
    }
    for (Id id : faces)
        if (const FaceNode* f = model.face(id))
            before.faces.push_back(
                {f->id, f->person, f->confidence, f->confirmed, f->pooled, f->dismissed});
    for (Id id : persons)
        if (const store::Person* p = model.person(id)) before.persons.push_back(*p);
    std::set<Id> removed(c.removedConstraints.begin(), c.removedConstraints.end());
    for (const store::Constraint& k : model.constraints())
        if (removed.count(k.id) ||
            (k.personA && c.removedPersons.end() != std::find(c.removedPersons.begin(),
                                                              c.removedPersons.end(), k.personA)) ||
            (k.personB && c.removedPersons.end() != std::find(c.removedPersons.begin(),
                                                              c.removedPersons.end(), k.personB)))
            before.constraints.push_back(k);
}

void translate(Changes& c, const std::map<Id, Id>& real) {
    auto to = [&](Id& id) {
        const auto it = real.find(id);
        if (it != real.end()) id = it->second;
    };
    for (auto& p : c.newPersons)
        to(p.id);
    for (auto& a : c.assignments)
        to(a.person);
    for (auto& k : c.newConstraints)
        to(k.personA), to(k.personB);
}

}  // namespace

std::optional<Method> parseMethod(const std::string& text) {
    for (Method m : {Method::TwoPass, Method::Average, Method::Hdbscan, Method::ChineseWhispers})
        if (text == methodName(m)) return m;
    return std::nullopt;
}

const char* methodName(Method method) {
    switch (method) {
        case Method::TwoPass:
            return "two-pass";
        case Method::Average:
            return "average";
        case Method::Hdbscan:
            return "hdbscan";
        case Method::ChineseWhispers:
            return "whispers";
    }
    return "two-pass";
}

std::vector<Move> movesOf(const Model& model, const Changes& changes) {
    std::vector<Move> moves;
    for (const auto& a : changes.assignments)
        if (const FaceNode* f = model.face(a.face); f && f->person != a.person)
            moves.push_back({a.face, f->person, a.person});
    for (const auto& u : changes.unassignments)
        if (const FaceNode* f = model.face(u.face); f && f->person)
            moves.push_back({u.face, f->person, 0});
    std::sort(moves.begin(), moves.end(),
              [](const Move& a, const Move& b) { return a.face < b.face; });
    return moves;
}

PeopleEngine::PeopleEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PeopleEngine::~PeopleEngine() = default;

Result<std::unique_ptr<PeopleEngine>> PeopleEngine::open(store::Library& library,
                                                         Settings settings) {
    auto impl = std::make_unique<Impl>(library, settings);
    if (const Status loaded = impl->reload(); !loaded.ok()) return loaded.error();
    return std::unique_ptr<PeopleEngine>(new PeopleEngine(std::move(impl)));
}

const Settings& PeopleEngine::settings() const {
    return impl_->settings;
}

Status PeopleEngine::Impl::sync() {
    // Read before the faces: a deletion while they are read is caught by the next sync.
    const auto deletions = library.faceDeletions();
    if (!deletions.ok()) return deletions.error();
    if (deletions.value() != faceDeletionsSeen) return reload();
    const auto added = model.loadNewFaces(library);
    return added.ok() ? Status{} : Status{added.error()};
}

void PeopleEngine::Impl::indexFaces(bool includeUnseen) {
    std::vector<std::int64_t> ids;
    std::vector<const FaceNode*> faces;
    for (const FaceNode& f : model.faces())
        if ((includeUnseen || f.seen()) && !f.dismissed) {
            ids.push_back(f.id);
            faces.push_back(&f);
        }
    index.rebuild(ids, [&](std::size_t i) { return faces[i]->embedding.data(); });
}

Status PeopleEngine::Impl::reload() {
    const auto deletions = library.faceDeletions();
    if (!deletions.ok()) return deletions.error();
    faceDeletionsSeen = deletions.value();
    auto loaded = Model::load(library);
    if (!loaded.ok()) return loaded.error();
    model = std::move(loaded.value());
    untaken.everything = true;
    placedUpTo = 0;
    anchorsChecked = false;
    indexFaces(false);
    auto decisions = library.decisions();
    if (!decisions.ok()) return decisions.error();
    skipped.clear();
    for (const store::Decision& d : decisions.value()) {
        if (d.undoneAt || !d.record.ok()) continue;
        if (const auto* skip = std::get_if<store::decided::Skip>(&d.record.value().arguments))
            if (const auto item = ReviewId::parse(skip->item)) skipped.insert(*item);
    }
    return {};
}

std::vector<std::optional<FaceNode>> snapshotOf(const Model& model, const std::vector<Id>& faces) {
    std::vector<std::optional<FaceNode>> copies;
    for (Id id : faces)
        if (const FaceNode* f = model.face(id))
            copies.emplace_back(*f);
        else
            copies.emplace_back();
    return copies;
}

std::map<Id, Id> writeRows(store::Library::Writer& w, Changes& changes, Id decision) {
    std::map<Id, Id> real;
    for (const store::Person& p : changes.newPersons)
        real[p.id] = w.addPerson(p);
    translate(changes, real);
    for (const store::Person& p : changes.restoredPersons)
        w.restorePerson(p);
    for (const store::Person& p : changes.updatedPersons)
        w.updatePerson(p);
    for (const auto& a : changes.assignments)
        w.assign({a.face, a.person, a.confidence, a.confirmed});
    for (const auto& u : changes.unassignments)
        w.unassign(u.face, u.pooled);
    for (const auto& d : changes.dismissals)
        w.setDismissed(d.face, d.dismissed);
    for (store::Constraint& k : changes.newConstraints) {
        k.decision = decision;
        k.id = w.addConstraint(k);
    }
    for (const store::Constraint& k : changes.restoredConstraints)
        w.restoreConstraint(k);
    for (Id id : changes.removedConstraints)
        w.removeConstraint(id);
    for (Id id : changes.removedPersons)
        w.removePerson(id);
    return real;
}

Result<std::map<Id, Id>> PeopleEngine::Impl::commit(
    Changes changes, const DecisionRecord* decision, bool alreadyApplied,
    const std::function<void(store::Library::Writer&)>& extra) {
    // No decision leaves a person it decided about (or any other) without a face to stand for it.
    if (decision) keepAnchored(changes);
    std::optional<store::DecisionRecord> record;
    if (decision) {
        const char* user = std::getenv("USER");
        record.emplace();
        record->arguments = *decision;
        record->by = user ? user : "someone";
        snapshot(model, changes, *record);
    }
    std::map<Id, Id> real;
    const Status written =
        library.writeUnlessFacesDeleted(faceDeletionsSeen, [&](store::Library::Writer& w) {
            const Id decisionId = record ? w.addDecision(*record) : 0;
            real = writeRows(w, changes, decisionId);
            if (extra) extra(w);
            if (record) {
                for (const auto& [temporary, id] : real)
                    record->createdPersons.push_back(id);
                for (const store::Constraint& k : changes.newConstraints)
                    record->createdConstraints.push_back(k.id);
                w.setDecisionRecord(decisionId, *record);
            }
        });
    if (!written.ok()) return written.error();
    noteChanges(changes, real, alreadyApplied);
    if (alreadyApplied) {
        model.renamePersons(real);
        // The model was given the changes before they had ids; constraints need theirs.
        Changes late;
        late.newConstraints = changes.newConstraints;
        model.apply(late);
    } else {
        model.apply(changes);
    }
    for (const auto& d : changes.dismissals)
        if (const FaceNode* f = model.face(d.face)) {
            const std::int64_t id = f->id;
            index.remove(std::span(&id, 1));
            if (!d.dismissed) index.add(f->id, f->embedding);
        }
    return real;
}

void PeopleEngine::Impl::noteChanges(const Changes& changes, const std::map<Id, Id>& madePersons,
                                     bool alreadyApplied) {
    for (const auto& [temporary, person] : madePersons)
        untaken.added.insert(person);
    for (const store::Person& p : changes.restoredPersons)
        untaken.added.insert(p.id);
    for (const store::Person& p : changes.updatedPersons)
        untaken.changed.insert(p.id);
    for (Id person : changes.removedPersons)
        untaken.removed.insert(person);
    // A confirmation or a new confidence may change who stands for the person.
    for (const auto& a : changes.assignments)
        untaken.changed.insert(a.person);
    std::vector<Move> moves;
    if (alreadyApplied) {
        for (const auto& a : changes.assignments)
            moves.push_back({a.face, 0, a.person});
    } else {
        moves = movesOf(model, changes);
    }
    // A face's new person was noted with the assignments above; its old one here.
    for (const Move& m : moves)
        if (m.from) untaken.changed.insert(m.from);
    untaken.moved.insert(untaken.moved.end(), moves.begin(), moves.end());
}

PeopleChanges PeopleEngine::takeChanges() {
    const PeopleChanges noted = std::exchange(impl_->untaken, {});
    PeopleChanges taken;
    taken.moved = noted.moved;
    taken.everything = noted.everything;
    // Each person once, as it is now.
    std::set<Id> touched = noted.changed;
    touched.insert(noted.added.begin(), noted.added.end());
    touched.insert(noted.removed.begin(), noted.removed.end());
    for (Id id : touched) {
        const bool made = noted.added.count(id) > 0;
        if (impl_->model.person(id) && impl_->model.sizeOf(id) > 0)
            (made ? taken.added : taken.changed).insert(id);
        else if (!made)  // else: made and gone since
            taken.removed.insert(id);
    }
    return taken;
}

std::vector<const FaceNode*> PeopleEngine::Impl::unseenFaces() const {
    std::vector<const FaceNode*> faces;
    const auto& all = model.faces();
    for (std::size_t i = std::min(placedUpTo, all.size()); i < all.size(); ++i)
        if (!all[i].seen()) faces.push_back(&all[i]);
    return faces;
}

std::vector<const FaceNode*> PeopleEngine::Impl::activeFaces() const {
    std::vector<const FaceNode*> faces;
    for (const FaceNode& f : model.faces())
        if (!f.dismissed) faces.push_back(&f);
    return faces;
}

Changes PeopleEngine::Impl::reclusterChanges() const {
    const auto members = activeFaces();
    const Grouping grouping = groupFaces(model, index, members, settings);
    return matchGroupsToPersons(model, members, grouping, settings);
}

Spread PeopleEngine::Impl::currentSpread() const {
    std::vector<GroupSums> persons;
    for (auto& [id, sums] : sumsByPerson(model))
        persons.push_back(sums);
    return measureSpread(persons);
}

Result<UpdateReport> PeopleEngine::update() {
    // Faces known before the update, also when it is worked out again after a conflict (whose
    // reading of the library already took the deleted faces out of the index).
    const std::size_t known = impl_->index.size();
    return impl_->againOnConflict({}, [&]() -> Result<UpdateReport> {
        Impl& s = *impl_;
        UpdateReport report;
        if (const Status loaded = s.sync(); !loaded.ok()) return loaded.error();
        if (const Status anchored = s.checkAnchors(); !anchored.ok()) return anchored.error();
        if (const Status recalled = s.recallFaces(); !recalled.ok()) return recalled.error();
        report.goneFaces = known > s.index.size() ? known - s.index.size() : 0;
        const auto unseen = s.unseenFaces();
        report.newFaces = unseen.size();
        if (unseen.empty()) {
            s.placedUpTo = s.model.faces().size();
            // Names a rescan read from sidecars another app changed, for faces already placed.
            if (const Status names = s.takeInImportedNames(); !names.ok()) return names.error();
            if (const Status tidied = s.tidy(); !tidied.ok()) return tidied.error();
            return report;
        }

        const std::size_t active = s.index.size() + unseen.size();  // every face not dismissed
        if (s.model.persons().empty() && unseen.size() >= s.settings.bootstrapMinFaces) {
            // The first large batch: clustered as a whole, over an index of the kind its size
            // needs.
            s.indexFaces(true);
            Changes changes = s.reclusterChanges();
            report.newPersons = changes.newPersons.size();
            report.confident = changes.assignments.size();
            report.pooled = changes.unassignments.size();
            report.bootstrapped = true;
            if (auto written = s.commit(std::move(changes)); !written.ok()) return written.error();
        } else {
            // Later faces, one by one, each seeing the ones placed before it.
            Changes all;
            placeBatch(
                s.model, s.index, unseen, s.settings,
                [&](const FaceNode& face, const Placement& p) {
                    const FaceNode* f = &face;
                    Changes step;
                    if (p.person) {
                        step.assignments.push_back({f->id, p.person, p.confidence, false});
                        ++(p.kind == Case::Confident ? report.confident : report.ambiguous);
                    } else if (p.joinsPooled) {
                        const Id person = -static_cast<Id>(all.newPersons.size()) - 1;
                        store::Person fresh;
                        fresh.id = person;
                        step.newPersons.push_back(fresh);
                        step.assignments.push_back({f->id, person, p.confidence, false});
                        step.assignments.push_back({p.joinsPooled, person, p.confidence, false});
                        // The pooled face may have been pooled earlier in this batch: it is not
                        // anymore, and counts as paired.
                        ++report.paired;
                        if (std::erase_if(all.unassignments, [&](const Changes::Unassign& u) {
                                return u.face == p.joinsPooled;
                            }) > 0) {
                            --report.pooled;
                            ++report.paired;
                        }
                        ++report.newPersons;
                    } else {
                        step.unassignments.push_back({f->id, true});
                        ++report.pooled;
                    }
                    s.model.apply(step);
                    all.newPersons.insert(all.newPersons.end(), step.newPersons.begin(),
                                          step.newPersons.end());
                    all.assignments.insert(all.assignments.end(), step.assignments.begin(),
                                           step.assignments.end());
                    all.unassignments.insert(all.unassignments.end(), step.unassignments.begin(),
                                             step.unassignments.end());
                });
            if (auto written = s.commit(std::move(all), nullptr, true); !written.ok())
                return written.error();
            // A large addition: clean up with a re-cluster of everything.
            if (active >= s.settings.bootstrapMinFaces &&
                static_cast<double>(unseen.size()) >=
                    s.settings.cleanupAfterShare * static_cast<double>(active)) {
                auto moves = s.recluster(true);
                if (!moves.ok()) return moves.error();
                report.cleanedUp = true;
                report.moved = moves.value().size();
            }
        }
        if (const Status names = s.takeInImportedNames(); !names.ok()) return names.error();
        if (const Status tidied = s.tidy(); !tidied.ok()) return tidied.error();
        // Grown past exact search one face at a time: the inverted index from now on.
        if (s.index.isExact() && s.index.size() > FaceIndex::kExactUpTo) s.indexFaces(false);
        s.placedUpTo = s.model.faces().size();
        return report;
    });
}

Result<std::vector<Move>> PeopleEngine::previewRecluster() {
    if (const Status loaded = impl_->sync(); !loaded.ok()) return loaded.error();
    const Changes changes = impl_->reclusterChanges();
    return movesOf(impl_->model, changes);
}

Result<std::vector<Move>> PeopleEngine::recluster() {
    return impl_->againOnConflict(
        {}, [&]() -> Result<std::vector<Move>> { return impl_->recluster(false); });
}

Result<std::vector<Move>> PeopleEngine::Impl::recluster(bool automatic) {
    if (const Status anchored = checkAnchors(); !anchored.ok()) return anchored.error();
    // Persons an earlier step left empty go first: what the re-cluster empties is its own (and
    // undoing it brings them back).
    if (const Status tidied = tidy(); !tidied.ok()) return tidied.error();
    Changes changes = reclusterChanges();
    const std::vector<Move> moves = movesOf(model, changes);
    // Moving faces is a change to people like any decision: in the history, and undone by undo.
    // Confidences measured afresh alone are not worth an entry.
    const DecisionRecord record = store::decided::Recluster{
        methodName(settings.method), static_cast<std::int64_t>(moves.size()), automatic};
    if (auto written = commit(std::move(changes), moves.empty() ? nullptr : &record); !written.ok())
        return written.error();
    if (const Status tidied = tidy(); !tidied.ok()) return tidied.error();
    return moves;
}

std::vector<PersonSummary> PeopleEngine::people(bool includeHidden) const {
    std::vector<PersonSummary> result;
    for (const auto& [id, p] : impl_->model.persons()) {
        if (p.hidden && !includeHidden) continue;
        if (auto summary = person(id); summary && summary->faces > 0) result.push_back(*summary);
    }
    std::stable_sort(
        result.begin(), result.end(),
        [](const PersonSummary& a, const PersonSummary& b) { return a.faces > b.faces; });
    return result;
}

std::optional<PersonSummary> PeopleEngine::person(Id id) const {
    const store::Person* p = impl_->model.person(id);
    if (!p) return std::nullopt;
    PersonSummary s{id, p->name, 0, 0, p->locked, p->hidden, impl_->model.coverOf(id)};
    for (const FaceNode* f : impl_->model.facesOf(id)) {
        ++s.faces;
        if (f->confirmed) ++s.confirmed;
    }
    return s;
}

std::vector<FaceInPerson> PeopleEngine::facesOf(Id person) const {
    std::vector<FaceInPerson> faces;
    for (const FaceNode* f : impl_->model.facesOf(person))
        faces.push_back({f->id, f->photo, f->confidence, f->confirmed});
    return faces;
}

Id PeopleEngine::personOf(Id face) const {
    const FaceNode* f = impl_->model.face(face);
    return f ? f->person : 0;
}

std::vector<ReviewItem> PeopleEngine::review(std::size_t limit) const {
    auto items = buildReview(impl_->model, impl_->settings, impl_->currentSpread(), impl_->skipped,
                             impl_->reviewCache, limit);
    if (limit && items.size() > limit) items.resize(limit);
    return items;
}

std::vector<ReviewItem> PeopleEngine::suggestionsFor(Id person) const {
    return isThisQuestionsAbout(person, impl_->model, impl_->settings, impl_->currentSpread(),
                                impl_->skipped);
}

Result<std::vector<store::Decision>> PeopleEngine::history() const {
    return impl_->library.decisions();
}

}  // namespace kith::people
