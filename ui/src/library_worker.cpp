#include "library_worker.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <algorithm>
#include <map>

#include "history_words.h"
#include "kith/metadata.h"
#include "kith/vision.h"
#include "words.h"

namespace kith::ui {
namespace {

// Faces shown per side of a review prompt.
constexpr std::size_t kSamplesPerSide = 4;
// Faces shown beside a decision of the history.
constexpr std::size_t kHistoryFaces = 4;
// People are updated during a scan at most this often (and less when updating takes long).
constexpr qint64 kPeopleWhileScanningMs = 1000;

QString describe(const Error& error) {
    return qs(error.describe());
}

QString nameOf(const people::PeopleEngine& engine, store::Id person) {
    const auto p = person ? engine.person(person) : std::nullopt;
    return p ? qs(p->name) : QString();
}

}  // namespace

LibraryWorker::LibraryWorker(AppOptions options)
    : options_(std::move(options)), thumbnails_(options_.cacheDir) {}

LibraryWorker::~LibraryWorker() = default;

void LibraryWorker::open() {
    auto library = store::Library::open(options_.library, store::Access::ReadWrite);
    if (!library.ok()) {
        emit opened(describe(library.error()));
        return;
    }
    library_ = std::move(library.value());
    reads_ = std::make_unique<LibraryReads>(*library_, thumbnails_);
    // The gallery first, from the tables: reading every face for the engine takes longer.
    emitPeople(true);
    auto settings = people::Settings::forSamePerson(options_.samePerson);
    settings.nameAfter = options_.nameAfter;
    auto engine = people::PeopleEngine::open(*library_, settings);
    if (!engine.ok()) {
        reads_.reset();
        library_.reset();
        emit opened(describe(engine.error()));
        return;
    }
    engine_ = std::move(engine.value());
    // Faces a scan left for the engine (a scan by kith-cli, or one interrupted) are placed now.
    if (auto updated = engine_->update(); !updated.ok()) emit failed(describe(updated.error()));
    emit opened({});
    refresh(true);  // the engine's first update may have placed a scan's worth of faces
}

PersonCard LibraryWorker::card(const store::PersonCard& p) const {
    PersonCard c;
    c.id = p.person.id;
    c.name = qs(p.person.name);
    c.faces = static_cast<int>(p.faces);
    c.locked = p.person.locked;
    c.hidden = p.person.hidden;
    if (!p.coverContentHash.empty())
        c.cover = qs(thumbnails_.faceCrop(p.coverContentHash, p.cover).string());
    return c;
}

void LibraryWorker::emitPeople(bool reload) {
    // Before the engine is open, the gallery comes from the tables alone.
    const std::optional<people::PeopleChanges> engineSaid =
        engine_ ? std::optional(engine_->takeChanges()) : std::nullopt;
    if (reload || !engineSaid || engineSaid->everything)
        emitEveryPerson(reload);
    else
        emitPersons(*engineSaid);
}

void LibraryWorker::emitEveryPerson(bool reload) {
    const auto stored = library_->personCards();
    if (!stored.ok()) {
        emit failed(describe(stored.error()));
        return;
    }
    QVector<PersonCard> cards;
    cards.reserve(static_cast<qsizetype>(stored.value().size()));
    for (const store::PersonCard& p : stored.value())
        cards.push_back(card(p));
    PeopleChanges changes = peopleChanges(reportedPeople_, cards);
    changes.reload = reload;
    emit peopleChanged(changes);
    reportedPeople_ = std::move(cards);
}

void LibraryWorker::emitPersons(const people::PeopleChanges& engineSaid) {
    std::vector<store::Id> persons;
    for (const std::set<store::Id>* s :
         {&engineSaid.added, &engineSaid.changed, &engineSaid.removed})
        persons.insert(persons.end(), s->begin(), s->end());
    const auto stored = library_->personCards(persons);
    if (!stored.ok()) {
        emit failed(describe(stored.error()));
        return;
    }
    std::map<store::Id, PersonCard> now;
    for (const store::PersonCard& p : stored.value())
        now[p.person.id] = card(p);
    // Added, changed or removed as the gallery last heard of them, whatever the engine calls
    // them (a person's id may be taken again by a new one).
    PeopleChanges changes;
    changes.touched = QSet<qint64>(persons.begin(), persons.end());
    for (store::Id id : persons) {
        const auto reported = std::find_if(reportedPeople_.begin(), reportedPeople_.end(),
                                           [&](const PersonCard& c) { return c.id == id; });
        const auto card = now.find(id);
        if (card == now.end()) {
            if (reported != reportedPeople_.end()) changes.removed << id;
        } else if (reported == reportedPeople_.end()) {
            changes.added << card->second;
        } else if (*reported != card->second) {
            changes.changed << card->second;
        }
    }
    changes.applyTo(reportedPeople_);
    emit peopleChanged(changes);
}

QVector<FaceTile> LibraryWorker::tiles(const std::vector<store::Id>& faces) {
    auto found = reads_->tiles(faces);
    if (!found.ok()) {
        emit failed(describe(found.error()));
        return {};
    }
    return found.value();
}

void LibraryWorker::refresh(bool reload) {
    if (!ready()) return;
    QStringList folders, problems;
    if (const auto list = library_->folders(); list.ok())
        for (const store::Folder& f : list.value())
            folders << (f.offlineSince
                            ? tr("%1 (offline since %2: its photos and people are kept until it "
                                 "is back)")
                                  .arg(qs(f.path.string()),
                                       QLocale().toString(
                                           QDateTime::fromSecsSinceEpoch(f.offlineSince),
                                           QLocale::ShortFormat))
                            : qs(f.path.string()));
    if (const auto errors = library_->errors(); errors.ok())
        for (const store::PhotoError& e : errors.value())
            problems << qs(e.path.string()) + ": " + qs(e.message);
    emit foldersChanged(folders, problems);
    emitPeople(reload);

    QVector<ReviewPrompt> prompts = reviewPrompts();
    const ReviewChanges changes = reviewChanges(reportedReview_, prompts);
    reportedReview_ = std::move(prompts);
    emit reviewChanged(changes);
}

QVector<ReviewPrompt> LibraryWorker::reviewPrompts() {
    const std::vector<people::ReviewItem> items = engine_->review(50);
    // The faces the engine chose for each side, each once, the evidence's first; every
    // prompt's tiles in one read.
    auto samples = [](const std::vector<store::Id>& faces) {
        return std::vector<store::Id>(
            faces.begin(),
            faces.begin() + static_cast<long>(std::min(kSamplesPerSide, faces.size())));
    };
    std::vector<store::Id> shown;
    for (const people::ReviewItem& item : items)
        for (const auto* side : {&item.facesA, &item.facesB}) {
            const auto faces = samples(*side);
            shown.insert(shown.end(), faces.begin(), faces.end());
        }
    std::map<store::Id, FaceTile> tileOf;
    for (const FaceTile& t : tiles(shown))
        tileOf[t.face] = t;
    auto tilesOf = [&](const std::vector<store::Id>& faces) {
        QVector<FaceTile> result;
        for (store::Id face : samples(faces))
            if (const auto it = tileOf.find(face); it != tileOf.end()) result << it->second;
        return result;
    };
    QVector<ReviewPrompt> prompts;
    for (const people::ReviewItem& item : items) {
        ReviewPrompt prompt;
        prompt.id = qs(item.id.toString());
        prompt.kind = item.kind;
        prompt.question = questionWords(*engine_, item);
        prompt.person = item.person;
        prompt.otherPerson = item.otherPerson;
        prompt.name = nameOf(*engine_, item.person);
        prompt.otherName = nameOf(*engine_, item.otherPerson);
        prompt.face = item.face;
        prompt.gain = item.gain;
        if (!item.evidence.empty()) prompt.distance = item.evidence.front().distance;
        prompt.samePerson = engine_->settings().samePerson;
        prompt.sideA = tilesOf(item.facesA);
        prompt.sideB = tilesOf(item.facesB);
        prompts.push_back(prompt);
    }
    return prompts;
}

void LibraryWorker::loadPerson(qint64 person) {
    if (!ready()) return;
    const auto found = reads_->person(person);
    if (!found.ok()) {
        emit failed(describe(found.error()));
        return;
    }
    PersonDetail detail = found.value();
    std::vector<store::Id> suggested;
    std::map<store::Id, QString> itemOf;
    for (const people::ReviewItem& item : engine_->suggestionsFor(person)) {
        suggested.push_back(item.face);
        itemOf[item.face] = qs(item.id.toString());
    }
    detail.suggested = tiles(suggested);
    for (const FaceTile& t : detail.suggested)
        detail.suggestedItems << itemOf[t.face];
    emit personLoaded(detail);
}

void LibraryWorker::loadPhoto(qint64 photo) {
    if (!ready()) return;
    const auto found = reads_->photo(photo);
    if (!found.ok()) {
        emit failed(describe(found.error()));
        return;
    }
    emit photoLoaded(found.value());
}

void LibraryWorker::loadPhotos() {
    if (!ready()) return;
    const auto found = reads_->photoList();
    if (!found.ok())
        emit failed(describe(found.error()));
    else
        emit photosLoaded(found.value());
}

void LibraryWorker::removeFolders(const QStringList& folders) {
    if (!ready()) return;
    const Status removed = library_->write([&](store::Library::Writer& w) {
        for (const QString& folder : folders)
            w.removeFolder(folder.toStdString());
    });
    if (!removed.ok()) {
        emit failed(describe(removed.error()));
        return;
    }
    // Their faces left with their photos: the engine forgets them before anything is shown.
    if (auto updated = engine_->update(); !updated.ok()) emit failed(describe(updated.error()));
    emit decided(tr("Removed %1 from the library; the photos themselves were not touched")
                     .arg(folders.join(", ")));
    refresh();
}

void LibraryWorker::loadHistory() {
    if (!ready()) return;
    const auto decisions = engine_->history();
    if (!decisions.ok()) {
        emit failed(describe(decisions.error()));
        return;
    }
    QVector<HistoryEntry> entries;
    std::vector<std::vector<store::Id>> facesOf;
    std::vector<store::Id> all;
    for (const store::Decision& d : decisions.value()) {
        HistoryEntry e;
        e.id = d.id;
        e.when = QLocale().toString(QDateTime::fromSecsSinceEpoch(d.madeAt), QLocale::ShortFormat);
        e.kind = qs(d.kind);
        e.what = decisionSentence(*engine_, d);
        e.undone = d.undoneAt != 0;
        entries.push_back(e);
        facesOf.push_back(decisionFaces(*engine_, d, kHistoryFaces));
        all.insert(all.end(), facesOf.back().begin(), facesOf.back().end());
    }
    // Every row's faces in one read: a history of thousands reads its tiles once.
    std::map<store::Id, FaceTile> tileOf;
    for (const FaceTile& t : tiles(all))
        tileOf[t.face] = t;
    for (std::size_t i = 0; i < facesOf.size(); ++i)
        for (store::Id face : facesOf[i])
            if (tileOf.count(face)) entries[static_cast<qsizetype>(i)].faces << tileOf[face];
    std::reverse(entries.begin(), entries.end());  // newest first
    emit historyLoaded(entries);
}

void LibraryWorker::decide(const std::function<Result<QString>(people::PeopleEngine&)>& decision) {
    if (!ready()) return;
    const auto done = decision(*engine_);
    if (!done.ok()) {
        emit failed(decisionFailure(done.error()));
    } else {
        const QString exported = exportNames();
        emit decided(done.value() + (exported.isEmpty() ? "" : "; " + exported));
    }
    refresh();
}

QString LibraryWorker::decisionFailure(const Error& error) {
    switch (error.code) {
        // Asked about a person or face that has changed since it was shown: merged away,
        // moved, or its photo read again. The views are refreshed after this.
        case ErrorCode::NotFound:
            return tr(
                "Nothing was changed: who or what this was about has changed meanwhile. "
                "It is shown as it is now.");
        case ErrorCode::Conflict:
            return tr(
                "Nothing was changed: a scan changed these faces at that moment. Please try "
                "again.");
        default:
            return tr("Nothing was changed: %1").arg(describe(error));
    }
}

void LibraryWorker::setNameExport(std::optional<metadata::Target> target) {
    options_.nameExport = target;
    if (!ready()) return;
    if (const QString exported = exportNames(); !exported.isEmpty()) emit decided(exported);
}

QString LibraryWorker::exportNames() {
    if (!options_.nameExport) return {};
    metadata::ExportOptions o;
    o.target = *options_.nameExport;
    const auto report = metadata::exportNames(*library_, o);
    if (!report.ok()) {
        emit failed(
            tr("Names could not be written for other apps: %1").arg(describe(report.error())));
        return {};
    }
    const metadata::ExportReport& r = report.value();
    if (!r.problems.empty())
        emit failed(tr("Names could not be written into %1: %2")
                        .arg(countOf(static_cast<qsizetype>(r.problems.size()), "photo", "photos"))
                        .arg(describe(r.problems.front())));
    const std::size_t changed = r.written + r.cleared;
    if (changed == 0) return {};
    return o.target == metadata::Target::Embedded
               ? tr("names written into %1")
                     .arg(countOf(static_cast<qsizetype>(changed), "photo", "photos"))
               : tr("names written to %1")
                     .arg(countOf(static_cast<qsizetype>(changed), "sidecar", "sidecars"));
}

void LibraryWorker::scan(const QStringList& folders,
                         std::shared_ptr<pipeline::ScanControl> control) {
    if (!ready() || options_.modelDir.empty()) {
        if (ready()) emit failed("The face models are not installed, so photos cannot be scanned.");
        emit scanProgress(ScanStatus{});  // not running
        emit scanEnded();
        return;
    }
    queuedScans_.enqueue({folders, std::move(control)});
    if (!scanning_) startNextScan();
}

void LibraryWorker::startNextScan() {
    const QueuedScan next = queuedScans_.dequeue();
    auto connection = library_->openAnotherWriter();
    if (!connection.ok()) {
        emit failed(describe(connection.error()));
        emit scanProgress(ScanStatus{});
        emit scanEnded();
        if (!queuedScans_.isEmpty()) startNextScan();
        return;
    }
    ScanRequest request;
    request.folders = next.folders;
    request.options.modelDir = options_.modelDir;
    request.options.cacheDir = options_.cacheDir;
    request.options.jobs = options_.jobs;
    request.options.backend = options_.backend;
    request.options.analyzer.detector.multiScale.sweep = options_.smallFaces;
    request.connection = std::move(connection.value());
    request.control = next.control;
    scanning_ = true;
    sinceUpdate_.start();
    updateCost_ = 0;
    emit scanRequested(request);
}

void LibraryWorker::scanCommitted() {
    if (!scanning_ || !ready()) return;
    if (sinceUpdate_.elapsed() < std::max<qint64>(kPeopleWhileScanningMs, 10 * updateCost_)) return;
    QElapsedTimer cost;
    cost.start();
    // The engine works again from the library when the scan replaced faces under it; a
    // Conflict means it did so twice running, and the next update (at the latest when the scan
    // ends) takes them in, so it is not worth a message.
    if (const auto updated = engine_->update(); updated.ok())
        refresh(true);
    else if (updated.error().code != ErrorCode::Conflict)
        emit failed(describe(updated.error()));
    updateCost_ = cost.elapsed();
    sinceUpdate_.restart();
}

void LibraryWorker::scanDone(const ScanOutcome& outcome) {
    scanning_ = false;
    emit scanProgress(ScanStatus{});
    if (!outcome.report) {
        emit failed(outcome.error);
    } else {
        if (auto updated = engine_->update(); !updated.ok()) emit failed(describe(updated.error()));
        emit scanFinished(scanSummary(*outcome.report));
    }
    refresh(true);
    emit scanEnded();
    if (!queuedScans_.isEmpty()) startNextScan();
}

QString LibraryWorker::scanSummary(const pipeline::ScanReport& r) {
    QString summary = tr("Scanned: %1 new or changed photos, %2 faces, %3 could not be read")
                          .arg(r.analysed)
                          .arg(r.faces)
                          .arg(r.failed);
    // Names the photos' XMP gave faces (other apps', or an earlier export's), taken in above.
    if (r.namesImported > 0)
        summary += tr("; %1 named in the photos' metadata")
                       .arg(countOf(static_cast<qsizetype>(r.namesImported), "face", "faces"));
    // A GPU that failed during the scan: the scan went on on the processor; said once.
    const auto fallback = std::find_if(r.warnings.begin(), r.warnings.end(), [](const Error& w) {
        return w.code == ErrorCode::InferenceError;
    });
    if (fallback != r.warnings.end()) summary += "; " + QString::fromStdString(fallback->message);
    return summary;
}

Result<QString> LibraryWorker::addDrawnFace(qint64 photo, const QRectF& box) {
    if (!analyzer_) {
        if (options_.modelDir.empty())
            return makeError(ErrorCode::ModelError, "the face models are not installed");
        auto loaded = vision::FaceAnalyzer::load(options_.modelDir, {}, options_.backend);
        if (!loaded.ok()) return loaded.error();
        analyzer_ = std::move(loaded.value());
    }
    const auto added = pipeline::addDrawnFace(
        *library_, *analyzer_, thumbnails_, photo,
        cv::Rect2f(static_cast<float>(box.x()), static_cast<float>(box.y()),
                   static_cast<float>(box.width()), static_cast<float>(box.height())));
    if (!added.ok()) return added.error();
    if (auto updated = engine_->update(); !updated.ok()) return updated.error();
    return tr("a face added");
}

QString LibraryWorker::personWords(const people::PeopleEngine& engine, store::Id person) {
    const auto p = engine.person(person);
    if (!p) return tr("a person no longer here");
    if (!p->name.empty()) return qs(p->name);
    return tr("an unnamed person with %1").arg(countOf(p->faces, tr("face"), tr("faces")));
}

QString LibraryWorker::questionWords(const people::PeopleEngine& engine,
                                     const people::ReviewItem& item) {
    // People by name; an unnamed one as "this person" or by their faces, never by a number.
    const QString a = nameOf(engine, item.person);
    const QString b = nameOf(engine, item.otherPerson);
    switch (item.kind) {
        case people::ReviewKind::SamePerson:
            if (!a.isEmpty() && !b.isEmpty())
                return a.compare(b, Qt::CaseInsensitive) == 0
                           ? tr("Are these two, both called %1, the same person?").arg(a)
                           : tr("Are %1 and %2 the same person?").arg(a, b);
            if (!a.isEmpty() || !b.isEmpty())
                return tr("Is this unnamed person %1 too?").arg(a.isEmpty() ? b : a);
            return tr("Are these two the same person?");
        case people::ReviewKind::IsThisPerson:
            return a.isEmpty() ? tr("Is this face the same person as the faces beside it?")
                               : tr("Is this %1?").arg(a);
        case people::ReviewKind::WhoIsThis: {
            const auto p = engine.person(item.person);
            return tr("Who is this? (%1)")
                .arg(countOf(p ? p->faces : 0, tr("photo"), tr("photos")));
        }
        case people::ReviewKind::TwoPeople:
            return a.isEmpty() ? tr("Are these faces of one person really two people?")
                               : tr("Are these two different people? Both are %1 now.").arg(a);
    }
    return {};
}

QString LibraryWorker::answeredWords(const people::PeopleEngine& engine,
                                     const people::Answered& answered) {
    using Outcome = people::Answered::Outcome;
    switch (answered.outcome) {
        case Outcome::Skipped:
            return tr("skipped: asked again after everything else");
        case Outcome::Merged:
            return tr("merged into %1").arg(personWords(engine, answered.person));
        case Outcome::KeptApart:
            return tr("kept apart");
        case Outcome::Confirmed:
            return tr("confirmed");
        case Outcome::TakenOut:
            return tr("taken out");
        case Outcome::NotThisPerson:
            return tr("noted: not this person");
        case Outcome::SplitOff:
            return tr("split off into a person of their own");
        case Outcome::KeptAsOne:
            return tr("kept as one person");
    }
    return {};
}

QString LibraryWorker::undoneWords(const people::PeopleEngine& engine,
                                   const people::Undone& undone) {
    QString said = undone.decisions.size() == 1 && !undone.damaged
                       ? tr("Undone: %1").arg(decisionSentence(engine, undone.decisions.front()))
                       : tr("Undid %1")
                             .arg(countOf(static_cast<qsizetype>(undone.decisions.size()),
                                          tr("decision"), tr("decisions")));
    if (undone.damaged)
        said += tr("; %1 set aside: their record is damaged")
                    .arg(countOf(static_cast<qsizetype>(undone.damaged), tr("decision"),
                                 tr("decisions")));
    if (undone.notPutBack)
        said += tr("; %1 not put back: their photos are gone")
                    .arg(countOf(static_cast<qsizetype>(undone.notPutBack), tr("face or decision"),
                                 tr("faces or decisions")));
    return said;
}

}  // namespace kith::ui
