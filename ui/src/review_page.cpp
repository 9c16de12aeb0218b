#include "review_page.h"

#include <QCompleter>
#include <QKeyEvent>
#include <QStringListModel>
#include <QVBoxLayout>

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
      skip_(new QPushButton(tr("Skip  (S)"))),
      nameButton_(new QPushButton(tr("Name"))),
      name_(new QLineEdit) {
    setObjectName("reviewPage");
    setFocusPolicy(Qt::StrongFocus);
    question_->setObjectName("question");
    name_->setObjectName("whoIsThis");
    QFont big = question_->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    question_->setFont(big);
    question_->setWordWrap(true);
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    evidence_->setToolTip(
        tr("Distance between the two closest faces: below 0.40 the face model "
           "calls them the same person"));
    skip_->setToolTip(tr("Ask again later"));
    name_->setPlaceholderText(tr("Who is this? Type a name and press Enter"));
    addNameCompleter(name_);

    auto* sides = new QVBoxLayout(sides_);
    sides->addLayout(sideA_);
    sides->addWidget(caption_);
    sides->addLayout(sideB_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(same_);
    buttons->addWidget(different_);
    buttons->addWidget(name_, 1);
    buttons->addWidget(nameButton_);
    buttons->addWidget(skip_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(left_);
    layout->addWidget(question_);
    // The faces, the evidence and the answers together at the top; the space left goes below.
    layout->addWidget(sides_);
    layout->addWidget(evidence_);
    layout->addLayout(buttons);
    layout->addWidget(empty_, 1);
    layout->addStretch(1);

    connect(same_, &QPushButton::clicked, this, [this] { answer(people::Answer::Yes); });
    connect(different_, &QPushButton::clicked, this, [this] { answer(people::Answer::No); });
    connect(skip_, &QPushButton::clicked, this, [this] { answer(people::Answer::Skip); });
    auto giveName = [this] {
        const ReviewPrompt* p = current();
        if (!p || name_->text().trimmed().isEmpty()) return;
        service_.rename(p->person, name_->text().trimmed());
        answered_.insert(p->id);
        name_->clear();
        showCurrent();
    };
    connect(name_, &QLineEdit::returnPressed, this, giveName);
    connect(nameButton_, &QPushButton::clicked, this, giveName);
    connect(&images_, &FaceImages::loaded, this, &ReviewPage::repaintFaces);
    showCurrent();
}

void ReviewPage::setPrompts(const QVector<ReviewPrompt>& prompts) {
    prompts_ = prompts;
    // Answers already sent are not asked again while the queue catches up with them.
    QSet<QString> stillThere;
    for (const ReviewPrompt& p : prompts_)
        if (answered_.contains(p.id)) stillThere.insert(p.id);
    answered_ = stillThere;
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

void ReviewPage::answer(people::Answer answer) {
    const ReviewPrompt* p = current();
    if (!p) return;
    if (p->kind == people::ReviewItem::Kind::WhoIsThis && answer != people::Answer::Skip) return;
    service_.answer(p->id, answer);
    answered_.insert(p->id);
    showCurrent();  // the next prompt at once, from the queue on hand
}

void ReviewPage::keyPressEvent(QKeyEvent* event) {
    // Keys, not shortcuts: single letters belong to the page while it has the focus.
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
        default:
            QWidget::keyPressEvent(event);
    }
}

void ReviewPage::fillSide(QHBoxLayout* row, const QVector<FaceTile>& faces) {
    clear(row);
    row->addStretch();
    for (const FaceTile& f : faces) {
        auto* label = new QLabel;
        label->setProperty("crop", f.crop);
        label->setPixmap(images_.get(f.crop, kSampleSize));
        label->setFixedSize(kSampleSize, kSampleSize);
        label->setAlignment(Qt::AlignCenter);
        label->setFrameShape(QFrame::StyledPanel);
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
    emit remainingChanged(remaining());
    const bool any = p != nullptr;
    for (QWidget* w : std::initializer_list<QWidget*>{question_, sides_, evidence_, left_, same_,
                                                      different_, skip_})
        w->setVisible(any);
    empty_->setVisible(!any);
    if (!any) {
        name_->setVisible(false);
        nameButton_->setVisible(false);
        return;
    }
    const bool naming = p->kind == people::ReviewItem::Kind::WhoIsThis;
    name_->setVisible(naming);
    nameButton_->setVisible(naming);
    same_->setVisible(!naming);
    different_->setVisible(!naming);
    const bool split = p->kind == people::ReviewItem::Kind::TwoPeople;
    same_->setText(split ? tr("Yes, two people  (Y)") : tr("Yes, same person  (Y)"));
    different_->setText(split ? tr("No, one person  (N)") : tr("No, different people  (N)"));
    // The page keeps the focus, so that Y, N and S answer (a list or a text field would take
    // the letters); a name is typed after clicking into the field (or Tab).
    if (!name_->hasFocus()) setFocus();
    left_->setText(countOf(remaining(), tr("question"), tr("questions")) + tr(" to go"));
    question_->setText(p->question);
    question_->setProperty("kind", static_cast<int>(p->kind));  // what it asks, for tests
    fillSide(sideA_, p->sideA);
    fillSide(sideB_, p->sideB);
    caption_->setText(p->kind == people::ReviewItem::Kind::SamePerson ||
                              p->kind == people::ReviewItem::Kind::TwoPeople
                          ? tr("and")
                      : p->kind == people::ReviewItem::Kind::IsThisPerson ? tr("next to")
                                                                          : QString());
    caption_->setAlignment(Qt::AlignCenter);
    evidence_->setText(
        p->distance >= 0
            ? tr("Closest faces %1 apart (same person below 0.40)").arg(p->distance, 0, 'f', 2)
            : QString());
}

}  // namespace kith::ui
