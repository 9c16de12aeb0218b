// Choosing a person by their face and name ("Merge with…", "Move to…"): a grid of the people's
// faces under a search box, as the gallery shows them; unnamed people by their face, never by a
// number.
#pragma once

#include <QDialog>
#include <QLineEdit>
#include <QListView>

#include "face_images.h"
#include "people_page.h"

namespace kith::ui {

class PersonChooser : public QDialog {
    Q_OBJECT
  public:
    /// Offers `people` (hidden ones left out) under `title`.
    PersonChooser(FaceImages& images, const QVector<PersonCard>& people, const QString& title,
                  QWidget* parent = nullptr);
    /// The person chosen; 0 when none.
    qint64 chosen() const;
    QListView* view() const { return view_; }

    /// Runs the dialog; the person chosen, or 0 when the user cancels.
    static qint64 choose(FaceImages& images, const QVector<PersonCard>& people,
                         const QString& title, QWidget* parent);

  private:
    PeopleModel model_;
    PeopleFilter filter_;
    QLineEdit* search_;
    QListView* view_;
};

}  // namespace kith::ui
