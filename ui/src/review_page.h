// The review queue, one prompt at a time: large face samples of both sides (each opens its
// photo) and Kith's guess in words; Same / Different / Skip on Y / N / S; "Who is this?" with a
// name completer and the focus in the name field; "Is this X?" also answered "It is someone
// else…" with their name; two named people merged only once the user chose the name they keep.
// The next prompt comes from the queue already on hand, so it shows at once after an answer; the
// queue is refreshed behind it.
#pragma once

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QWidget>

#include "face_images.h"
#include "library_service.h"
#include "review_changes.h"

namespace kith::ui {

class ReviewPage : public QWidget {
    Q_OBJECT
  public:
    ReviewPage(LibraryService& service, FaceImages& images, QWidget* parent = nullptr);

    /// What changed in the queue since: the prompt on screen is not disturbed while it stands.
    void apply(const ReviewChanges& changes);
    /// Asks this question of the queue before the others (unless answered already).
    void askFirst(const QString& prompt);
    void setNames(const QStringList& names);
    /// The queue on hand, in the engine's order (answered ones included).
    const QVector<ReviewPrompt>& prompts() const { return prompts_; }
    /// The prompt on screen, if any.
    const ReviewPrompt* current() const;
    int remaining() const;
    /// Answers the prompt on screen. Yes to "same person?" on two people with different names
    /// first asks which name stays; nothing is answered when the user cancels that.
    void answer(people::Answer answer);
    QLineEdit* nameEdit() const { return name_; }

  signals:
    void remainingChanged(int count);
    /// A sample was clicked: its photo, the face, and the photos of the prompt's samples (to
    /// step through).
    void photoRequested(qint64 photo, qint64 face, const QVector<qint64>& photos);

  protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void showCurrent();
    void fillSide(QHBoxLayout* row, const QVector<FaceTile>& faces);
    void repaintFaces(const QString& path);
    /// "Is this X?" answered "it is someone else": the name field takes their name.
    void nameSomeoneElse();
    void giveName();
    /// Whether the prompt on screen is answered with a name now (the name field shows).
    bool naming() const;

    LibraryService& service_;
    FaceImages& images_;
    QVector<ReviewPrompt> prompts_;
    QSet<QString> answered_;  // answered here, until the next queue arrives without them
    QString someoneElse_;     // the "is this X?" prompt being answered with a name
    QLabel *question_, *evidence_, *left_, *caption_, *empty_;
    QHBoxLayout *sideA_, *sideB_;
    QWidget* sides_;
    QPushButton *same_, *different_, *someoneElseButton_, *skip_, *nameButton_;
    QLineEdit* name_;
    QStringList names_;
};

}  // namespace kith::ui
