// The review queue, one prompt at a time: large face samples of both sides and the evidence;
// Same / Different / Skip on Y / N / S; "Who is this?" with a name completer. The next prompt
// comes from the queue already on hand, so it shows at once after an answer; the queue is
// refreshed behind it.
#pragma once

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QWidget>

#include "face_images.h"
#include "library_service.h"

namespace kith::ui {

class ReviewPage : public QWidget {
    Q_OBJECT
  public:
    ReviewPage(LibraryService& service, FaceImages& images, QWidget* parent = nullptr);

    void setPrompts(const QVector<ReviewPrompt>& prompts);
    void setNames(const QStringList& names);
    /// The prompt on screen, if any.
    const ReviewPrompt* current() const;
    int remaining() const;
    void answer(people::Answer answer);
    QLineEdit* nameEdit() const { return name_; }

  signals:
    void remainingChanged(int count);

  protected:
    void keyPressEvent(QKeyEvent* event) override;

  private:
    void showCurrent();
    void fillSide(QHBoxLayout* row, const QVector<FaceTile>& faces);
    void repaintFaces(const QString& path);

    LibraryService& service_;
    FaceImages& images_;
    QVector<ReviewPrompt> prompts_;
    QSet<QString> answered_;  // answered here, until the next queue arrives without them
    QLabel *question_, *evidence_, *left_, *caption_, *empty_;
    QHBoxLayout *sideA_, *sideB_;
    QWidget* sides_;
    QPushButton *same_, *different_, *skip_, *nameButton_;
    QLineEdit* name_;
    QStringList names_;
};

}  // namespace kith::ui
