#include "library_service.h"

#include "library_worker.h"
#include "people_changes.h"
#include "scan_runner.h"
#include "words.h"

namespace kith::ui {
namespace {

std::vector<store::Id> ids(const QVector<qint64>& faces) {
    return {faces.begin(), faces.end()};
}

// A decision that says nothing in words says what it was.
Result<QString> said(const Status& status, const QString& what) {
    if (!status.ok()) return status.error();
    return what;
}

// A name the user chose, for the engine: none when empty.
std::optional<std::string> chosenName(const QString& name) {
    if (name.trimmed().isEmpty()) return std::nullopt;
    return name.trimmed().toStdString();
}

// Answers a prompt by the id the engine wrote for it. A question the people have moved past
// is said in words, not by its id.
Result<people::Answered> answerById(people::PeopleEngine& engine, const QString& item,
                                    people::Answer answer, const QString& mergedName = {}) {
    const auto id = people::ReviewId::parse(item.toStdString());
    auto answered = id ? engine.answer(*id, answer, chosenName(mergedName))
                       : Result<people::Answered>(makeError(ErrorCode::NotFound, ""));
    if (!answered.ok() && answered.error().code == ErrorCode::NotFound)
        return makeError(ErrorCode::NotFound,
                         QObject::tr("That question no longer stands: the people changed since "
                                     "it was asked")
                             .toStdString());
    return answered;
}

}  // namespace

LibraryService::LibraryService(AppOptions options, QObject* parent)
    : QObject(parent), worker_(new LibraryWorker(std::move(options))), runner_(new ScanRunner) {
    qRegisterMetaType<PersonCard>();
    qRegisterMetaType<PersonDetail>();
    qRegisterMetaType<ReviewPrompt>();
    qRegisterMetaType<PhotoDetail>();
    qRegisterMetaType<HistoryEntry>();
    qRegisterMetaType<ScanStatus>();
    qRegisterMetaType<PhotoList>();
    qRegisterMetaType<QVector<PersonCard>>();
    qRegisterMetaType<QVector<ReviewPrompt>>();
    qRegisterMetaType<QVector<HistoryEntry>>();
    qRegisterMetaType<PeopleChanges>();
    qRegisterMetaType<ReviewChanges>();
    qRegisterMetaType<ScanRequest>();
    qRegisterMetaType<ScanOutcome>();
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &LibraryWorker::opened, this, &LibraryService::opened);
    connect(worker_, &LibraryWorker::peopleChanged, this, &LibraryService::peopleChanged);
    connect(worker_, &LibraryWorker::reviewChanged, this, &LibraryService::reviewChanged);
    connect(worker_, &LibraryWorker::personLoaded, this, &LibraryService::personLoaded);
    connect(worker_, &LibraryWorker::photoLoaded, this, &LibraryService::photoLoaded);
    connect(worker_, &LibraryWorker::historyLoaded, this, &LibraryService::historyLoaded);
    connect(worker_, &LibraryWorker::photosLoaded, this, &LibraryService::photosLoaded);
    connect(worker_, &LibraryWorker::decided, this, &LibraryService::decided);
    connect(worker_, &LibraryWorker::foldersChanged, this, &LibraryService::foldersChanged);
    connect(worker_, &LibraryWorker::failed, this, &LibraryService::failed);
    connect(worker_, &LibraryWorker::scanProgress, this, &LibraryService::scanProgress);
    connect(worker_, &LibraryWorker::scanFinished, this, &LibraryService::scanFinished);
    connect(worker_, &LibraryWorker::scanEnded, this, &LibraryService::scanEnded);
    runner_->moveToThread(&scanThread_);
    connect(&scanThread_, &QThread::finished, runner_, &QObject::deleteLater);
    // Queued both ways: the scan thread runs the scan, the library's thread takes in its batches.
    connect(worker_, &LibraryWorker::scanRequested, runner_, &ScanRunner::run);
    connect(runner_, &ScanRunner::progress, this, &LibraryService::scanProgress);
    connect(runner_, &ScanRunner::progress, worker_, &LibraryWorker::scanCommitted);
    connect(runner_, &ScanRunner::finished, worker_, &LibraryWorker::scanDone);
    thread_.start();
    scanThread_.start();
}

LibraryService::~LibraryService() {
    cancelScan();
    // The scan first: it ends soon once cancelled, and then nothing reaches the library's thread.
    scanThread_.quit();
    scanThread_.wait();
    thread_.quit();
    thread_.wait();
}

// Everything below queues work on the worker thread and returns at once.

void LibraryService::run(std::function<void(LibraryWorker*)> job) {
    ++pending_;
    QMetaObject::invokeMethod(worker_, [this, w = worker_, job = std::move(job)] {
        job(w);
        // Posted after every signal the job emitted, so it arrives after them.
        QMetaObject::invokeMethod(this, &LibraryService::finished);
    });
}

void LibraryService::finished() {
    if (--pending_ == 0) emit idle();
}

void LibraryService::open() {
    run([](LibraryWorker* w) { w->open(); });
}

void LibraryService::refresh() {
    run([](LibraryWorker* w) { w->refresh(); });
}

void LibraryService::loadPerson(qint64 person) {
    run([person](LibraryWorker* w) { w->loadPerson(person); });
}

void LibraryService::loadPhoto(qint64 photo) {
    run([photo](LibraryWorker* w) { w->loadPhoto(photo); });
}

void LibraryService::loadPhotos() {
    run([](LibraryWorker* w) { w->loadPhotos(); });
}

void LibraryService::removeFolders(const QStringList& folders) {
    run([folders](LibraryWorker* w) { w->removeFolders(folders); });
}

void LibraryService::loadHistory() {
    run([](LibraryWorker* w) { w->loadHistory(); });
}

void LibraryService::answer(const QString& item, people::Answer answer, const QString& mergedName) {
    run([item, answer, mergedName](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) -> Result<QString> {
            auto done = answerById(e, item, answer, mergedName);
            if (!done.ok()) return done.error();
            return LibraryWorker::answeredWords(e, done.value());
        });
    });
}

void LibraryService::answerAll(const QVector<QPair<QString, people::Answer>>& answers) {
    run([answers](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) -> Result<QString> {
            for (const auto& [item, answer] : answers)
                if (auto done = answerById(e, item, answer); !done.ok()) return done.error();
            return tr("%1 answered")
                .arg(countOf(answers.size(), tr("suggestion"), tr("suggestions")));
        });
    });
}

void LibraryService::merge(qint64 into, qint64 from, const QString& name) {
    run([into, from, name](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) {
            return said(e.merge(into, from, chosenName(name)),
                        tr("merged into %1").arg(LibraryWorker::personWords(e, into)));
        });
    });
}

void LibraryService::split(qint64 person, const QVector<qint64>& faces) {
    run([this, person, f = ids(faces)](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) -> Result<QString> {
            auto fresh = e.split(person, f);
            if (!fresh.ok()) return fresh.error();
            QMetaObject::invokeMethod(
                this, [this, person, made = fresh.value()] { emit personSplit(person, made); });
            return tr("%1 split off into a person of their own")
                .arg(countOf(static_cast<qsizetype>(f.size()), tr("face"), tr("faces")));
        });
    });
}

void LibraryService::reject(const QVector<qint64>& faces) {
    run([f = ids(faces)](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) {
            return said(e.rejectFaces(f), tr("%1 taken out")
                                              .arg(countOf(static_cast<qsizetype>(f.size()),
                                                           tr("face"), tr("faces"))));
        });
    });
}

void LibraryService::moveFaces(const QVector<qint64>& faces, qint64 person) {
    run([f = ids(faces), person](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) {
            return said(e.moveFaces(f, person),
                        tr("%1 moved to %2")
                            .arg(countOf(static_cast<qsizetype>(f.size()), tr("face"), tr("faces")),
                                 LibraryWorker::personWords(e, person)));
        });
    });
}

void LibraryService::setNameExport(std::optional<metadata::Target> target) {
    run([target](LibraryWorker* w) { w->setNameExport(target); });
}

void LibraryService::rename(qint64 person, const QString& name) {
    emit naming();
    run([person, name](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) -> Result<QString> {
            auto namesake = e.name(person, name.toStdString());
            if (!namesake.ok()) return namesake.error();
            if (namesake.value())
                return tr("named %1; another person is also called %1: if they are the same "
                          "person, merge them")
                    .arg(name);
            return tr("named %1").arg(name);
        });
    });
}

void LibraryService::nameFace(qint64 face, const QString& name) {
    emit naming();
    run([face, name](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) -> Result<QString> {
            for (const auto& p : e.people(true))
                if (qs(p.name).compare(name, Qt::CaseInsensitive) == 0) {
                    if (const Status s = e.confirm(face, p.id); !s.ok()) return s.error();
                    return tr("confirmed as %1").arg(qs(p.name));
                }
            const auto person = e.newPersonFrom(face);
            if (!person.ok()) return person.error();
            auto named = e.name(person.value(), name.toStdString());
            if (!named.ok()) return named.error();
            return tr("a new person: %1").arg(name);
        });
    });
}

void LibraryService::setLocked(qint64 person, bool locked) {
    run([person, locked](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) {
            return said(e.lock(person, locked), locked ? tr("locked") : tr("unlocked"));
        });
    });
}

void LibraryService::setHidden(qint64 person, bool hidden) {
    run([person, hidden](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) {
            return said(e.hide(person, hidden), hidden ? tr("hidden") : tr("shown"));
        });
    });
}

void LibraryService::setCover(qint64 person, qint64 face) {
    run([person, face](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) {
            return said(e.setCover(person, face), tr("cover chosen"));
        });
    });
}

void LibraryService::drawFace(qint64 photo, const QRectF& box) {
    run([photo, box](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine&) { return w->addDrawnFace(photo, box); });
    });
}

void LibraryService::notAFace(qint64 face) {
    run([face](LibraryWorker* w) {
        w->decide(
            [&](people::PeopleEngine& e) { return said(e.notAFace(face), tr("not a face")); });
    });
}

void LibraryService::undo() {
    undoThrough(0);
}

void LibraryService::undoThrough(qint64 decision) {
    run([decision](LibraryWorker* w) {
        w->decide([&](people::PeopleEngine& e) -> Result<QString> {
            auto undone = decision ? e.undoThrough(decision) : e.undo();
            if (!undone.ok()) return undone.error();
            return LibraryWorker::undoneWords(e, undone.value());
        });
    });
}

void LibraryService::scan(const QStringList& folders) {
    auto control = std::make_shared<pipeline::ScanControl>();
    scans_ << control;
    ++pending_;  // until scanEnded: the scan itself, beyond the request that starts it
    run([folders, control](LibraryWorker* w) { w->scan(folders, control); });
}

void LibraryService::scanEnded() {
    if (!scans_.isEmpty()) scans_.removeFirst();
    finished();
}

// These act on the scans' controls at once, from this thread: thread-safe by ScanControl's
// contract, and the scan thread is busy with the scan itself.
void LibraryService::pauseScan() {
    for (const auto& scan : scans_)
        scan->pause();
}

void LibraryService::resumeScan() {
    for (const auto& scan : scans_)
        scan->resume();
}

void LibraryService::cancelScan() {
    for (const auto& scan : scans_)
        scan->cancel();
}

}  // namespace kith::ui
