#include "review_page.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <algorithm>

#include "merge_name.h"
#include "words.h"

namespace kith::ui {
namespace {

constexpr int kSampleSize = 160;

void clear(QLayout* layout) {
    while (QLayoutItem* item = layout->takeAt(0)) {
        delete item->widget();  // the layout gave the widget up; it is ours to delete
        delete item;
    }
}

// Kith's guess for a prompt, in words; empty when it has no closest pair to go by.
QString guessWords(const ReviewPrompt& p) {
    if (p.distance < 0 || p.samePerson <= 0) return {};
    const Likeness likeness = likenessOf(p.distance, p.samePerson);
    if (p.kind != people::ReviewItem::Kind::TwoPeople)
        return QObject::tr("Kith thinks: %1").arg(likenessWords(likeness));
    // Here the question is the other way round: are the two groups two people?
    switch (likeness) {
        case Likeness::VeryLikely:
        case Likeness::Probably:
            return QObject::tr("Kith thinks: probably one person after all");
        case Likeness::Unsure:
            return QObject::tr("Kith thinks: unsure, it could go either way");
        case Likeness::ProbablyNot:
            return QObject::tr("Kith thinks: probably two people");
    }
    return {};
}

}  // namespace

ReviewPage::ReviewPage(LibraryService& service, FaceImages& images, QWidget* parent)
    : QWidget(parent),
      service_(service),
      images_(images),
      question_(new QLabel),
      evidence_(new QLabel),
      left_(new QLabel),
      caption_(new QLabel),
      empty_(new QLabel(tr("Nothing to review. Kith asks here when it is unsure who someone "
                           "is, and when a new person is worth naming."))),
      sideA_(new QHBoxLayout),
      sideB_(new QHBoxLayout),
      sides_(new QWidget),
      same_(new QPushButton(tr("Yes, same person  (Y)"))),
      different_(new QPushButton(tr("No, different people  (N)"))),
      someoneElseButton_(new QPushButton(tr("It is someone else…"))),
      skip_(new QPushButton(tr("Skip  (S)"))),
      nameButton_(new QPushButton(tr("Name"))),
      name_(new QLineEdit) {
    setObjectName("reviewPage");
    setFocusPolicy(Qt::StrongFocus);
    question_->setObjectName("question");
    evidence_->setObjectName("guess");
    name_->setObjectName("whoIsThis");
    same_->setObjectName("answerYes");
    different_->setObjectName("answerNo");
    skip_->setObjectName("skip");
    someoneElseButton_->setObjectName("someoneElse");
    someoneElseButton_->setToolTip(tr("Name who it is: someone Kith knows, or a new name"));
    QFont big = question_->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    question_->setFont(big);
    question_->setWordWrap(true);
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    evidence_->setToolTip(
        tr("Kith's guess from the two most alike faces of the question. You decide: a click on "
           "a face shows the whole photo."));
    addNameCompleter(name_);

    auto* sides = new QVBoxLayout(sides_);
    sides->addLayout(sideA_);
    sides->addWidget(caption_);
    sides->addLayout(sideB_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(same_);
    buttons->addWidget(different_);
    buttons->addWidget(someoneElseButton_);
    buttons->addWidget(name_, 1);
    buttons->addWidget(nameButton_);
    buttons->addWidget(skip_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(left_);
    layout->addWidget(question_);
    // The faces, the guess and the answers together at the top; the space left goes below.
    layout->addWidget(sides_);
    layout->addWidget(evidence_);
    layout->addLayout(buttons);
    layout->addWidget(empty_, 1);
    layout->addStretch(1);

    connect(same_, &QPushButton::clicked, this, [this] { answer(people::Answer::Yes); });
    connect(different_, &QPushButton::clicked, this, [this] { answer(people::Answer::No); });
    connect(skip_, &QPushButton::clicked, this, [this] { answer(people::Answer::Skip); });
    connect(someoneElseButton_, &QPushButton::clicked, this, &ReviewPage::nameSomeoneElse);
    connect(name_, &QLineEdit::returnPressed, this, &ReviewPage::giveName);
    connect(nameButton_, &QPushButton::clicked, this, &ReviewPage::giveName);
    connect(&images_, &FaceImages::loaded, this, &ReviewPage::repaintFaces);
    showCurrent();
}

void ReviewPage::apply(const ReviewChanges& changes) {
    const QString shown = current() ? current()->id : QString();
    changes.applyTo(prompts_);
    // Answers already sent are not asked again while the queue catches up with them.
    QSet<QString> stillThere;
    for (const ReviewPrompt& p : prompts_)
        if (answered_.contains(p.id)) stillThere.insert(p.id);
    answered_ = stillThere;
    // The question on screen stays there while it stands: its answer may be half typed.
    const auto at = std::find_if(prompts_.begin(), prompts_.end(),
                                 [&](const ReviewPrompt& p) { return p.id == shown; });
    if (at != prompts_.end()) std::rotate(prompts_.begin(), at, at + 1);
    showCurrent();
}

void ReviewPage::askFirst(const QString& prompt) {
    const auto at = std::find_if(prompts_.begin(), prompts_.end(),
                                 [&](const ReviewPrompt& p) { return p.id == prompt; });
    if (at == prompts_.end()) return;
    std::rotate(prompts_.begin(), at, at + 1);
    showCurrent();
}

void ReviewPage::setNames(const QStringList& names) {
    names_ = names;
    setCompleterNames(name_, names);
}

const ReviewPrompt* ReviewPage::current() const {
    for (const ReviewPrompt& p : prompts_)
        if (!answered_.contains(p.id)) return &p;
    return nullptr;
}

int ReviewPage::remaining() const {
    int n = 0;
    for (const ReviewPrompt& p : prompts_)
        n += !answered_.contains(p.id);
    return n;
}

bool ReviewPage::naming() const {
    const ReviewPrompt* p = current();
    return p && (p->kind == people::ReviewItem::Kind::WhoIsThis || p->id == someoneElse_);
}

void ReviewPage::answer(people::Answer answer) {
    const ReviewPrompt* p = current();
    if (!p) return;
    if (p->kind == people::ReviewItem::Kind::WhoIsThis && answer != people::Answer::Skip) return;
    QString keep;
    if (p->kind == people::ReviewItem::Kind::SamePerson && answer == people::Answer::Yes) {
        // Two names: nothing merges until the user says which one stays.
        const auto chosen = mergedNameFor(this, {p->name, p->otherName});
        if (!chosen) return;
        keep = *chosen;
    }
    service_.answer(p->id, answer, keep);
    answered_.insert(p->id);
    showCurrent();  // the next prompt at once, from the queue on hand
}

void ReviewPage::nameSomeoneElse() {
    const ReviewPrompt* p = current();
    if (!p || p->kind != people::ReviewItem::Kind::IsThisPerson) return;
    someoneElse_ = p->id;
    showCurrent();
}

void ReviewPage::giveName() {
    const ReviewPrompt* p = current();
    const QString name = name_->text().trimmed();
    if (!p || name.isEmpty() || !naming()) return;
    if (p->kind == people::ReviewItem::Kind::WhoIsThis)
        service_.rename(p->person, name);
    else
        service_.nameFace(p->face, name);  // someone Kith knows by that name, or someone new
    answered_.insert(p->id);
    someoneElse_.clear();
    name_->clear();
    showCurrent();
}

void ReviewPage::keyPressEvent(QKeyEvent* event) {
    // Keys, not shortcuts: single letters answer only while no text field has the focus (the
    // name field takes them as text); Esc skips from anywhere on the page.
    switch (event->key()) {
        case Qt::Key_Y:
            answer(people::Answer::Yes);
            break;
        case Qt::Key_N:
            answer(people::Answer::No);
            break;
        case Qt::Key_S:
            answer(people::Answer::Skip);
            break;
        case Qt::Key_Escape:
            if (!someoneElse_.isEmpty()) {
                someoneElse_.clear();  // back to yes or no
                showCurrent();
            } else {
                answer(people::Answer::Skip);
            }
            break;
        default:
            QWidget::keyPressEvent(event);
    }
}

bool ReviewPage::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonRelease &&
        static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton)
        if (const ReviewPrompt* p = current()) {
            QVector<qint64> photos;
            for (const auto* side : {&p->sideA, &p->sideB})
                for (const FaceTile& f : *side)
                    if (!photos.contains(f.photo)) photos << f.photo;
            emit photoRequested(watched->property("photo").toLongLong(),
                                watched->property("face").toLongLong(), photos);
            return true;
        }
    return QWidget::eventFilter(watched, event);
}

void ReviewPage::fillSide(QHBoxLayout* row, const QVector<FaceTile>& faces) {
    clear(row);
    row->addStretch();
    for (const FaceTile& f : faces) {
        auto* label = new QLabel;
        label->setProperty("crop", f.crop);
        label->setProperty("face", f.face);
        label->setProperty("photo", f.photo);
        label->setPixmap(images_.get(f.crop, kSampleSize));
        label->setFixedSize(kSampleSize, kSampleSize);
        label->setAlignment(Qt::AlignCenter);
        label->setFrameShape(QFrame::StyledPanel);
        label->setCursor(Qt::PointingHandCursor);
        label->setToolTip(tr("Click to see the whole photo"));
        label->installEventFilter(this);
        row->addWidget(label);
    }
    row->addStretch();
}

void ReviewPage::repaintFaces(const QString& path) {
    for (QLabel* label : sides_->findChildren<QLabel*>())
        if (label->property("crop").toString() == path)
            label->setPixmap(images_.get(path, kSampleSize));
}

void ReviewPage::showCurrent() {
    const ReviewPrompt* p = current();
    if (!p || p->id != someoneElse_) someoneElse_.clear();
    emit remainingChanged(remaining());
    const bool any = p != nullptr;
    for (QWidget* w : std::initializer_list<QWidget*>{question_, sides_, evidence_, left_, same_,
                                                      different_, skip_})
        w->setVisible(any);
    empty_->setVisible(!any);
    const bool named = naming();
    name_->setVisible(named);
    nameButton_->setVisible(named);
    someoneElseButton_->setVisible(any && !named &&
                                   p->kind == people::ReviewItem::Kind::IsThisPerson);
    // Typing goes where it is asked for: a name into the field, at once, without a click; Y, N
    // and S to the page otherwise (the field would take them as text).
    // Only while the page shows: a queue arriving behind another page takes no focus from it.
    setFocusProxy(named ? name_ : nullptr);
    if (isVisible()) (named ? static_cast<QWidget*>(name_) : this)->setFocus();
    skip_->setText(named ? tr("Skip  (Esc)") : tr("Skip  (S)"));
    skip_->setToolTip(named ? tr("Ask again later. While you type a name, S is a letter: Esc "
                                 "skips")
                            : tr("Ask again later"));
    if (!any) return;
    same_->setVisible(!named && p->kind != people::ReviewItem::Kind::WhoIsThis);
    different_->setVisible(same_->isVisibleTo(this));
    const bool split = p->kind == people::ReviewItem::Kind::TwoPeople;
    same_->setText(split ? tr("Yes, two people  (Y)") : tr("Yes, same person  (Y)"));
    different_->setText(split ? tr("No, one person  (N)") : tr("No, different people  (N)"));
    name_->setPlaceholderText(p->kind == people::ReviewItem::Kind::WhoIsThis
                                  ? tr("Who is this? Type a name and press Enter")
                                  : tr("Who is it? A name Kith knows, or a new one; Enter"));
    left_->setText(countOf(remaining(), tr("question"), tr("questions")) + tr(" to go"));
    question_->setText(named && p->kind == people::ReviewItem::Kind::IsThisPerson
                           ? tr("Who is this, then?")
                           : p->question);
    question_->setProperty("kind", static_cast<int>(p->kind));  // what it asks, for tests
    fillSide(sideA_, p->sideA);
    fillSide(sideB_, p->sideB);
    caption_->setText(p->kind == people::ReviewItem::Kind::SamePerson ||
                              p->kind == people::ReviewItem::Kind::TwoPeople
                          ? tr("and")
                      : p->kind == people::ReviewItem::Kind::IsThisPerson ? tr("next to")
                                                                          : QString());
    caption_->setAlignment(Qt::AlignCenter);
    evidence_->setText(guessWords(*p));
}

}  // namespace kith::ui
