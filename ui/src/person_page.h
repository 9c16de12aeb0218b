// A person's page: their faces in a grid (the faces only suggested for them apart, below);
// select some and say "Not this person", "Move to…" or "Split into new person" (the new person
// is then offered for naming and opening); rename in place; lock, hide or unhide, "Merge
// with…"; their photos in Photos.
#pragma once

#include <QAbstractListModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QWidget>

#include "face_images.h"
#include "library_service.h"

namespace kith::ui {

class FacesModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role { FaceRole = Qt::UserRole + 1, PhotoRole, CropRole };
    FacesModel(FaceImages& images, QObject* parent = nullptr);
    /// Every face anew (one reset): another person's.
    void setFaces(const QVector<FaceTile>& faces);
    /// The same person's faces as they are now, patched in by face id: faces gone as rows
    /// removed, new ones as rows inserted where they are listed, changed ones (confirmed, a new
    /// crop) as data changed; a reset only when the faces kept changed their order.
    void update(const QVector<FaceTile>& faces);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    static constexpr int kFaceSize = 112;

  private:
    FaceImages& images_;
    QVector<FaceTile> faces_;
};

class PersonPage : public QWidget {
    Q_OBJECT
  public:
    PersonPage(LibraryService& service, FaceImages& images, QWidget* parent = nullptr);

    void show(const PersonDetail& person);
    /// The people the "Move to…" and "Merge with…" choices offer (named ones by name).
    void setPeople(const QVector<PersonCard>& people);
    qint64 person() const { return detail_.card.id; }
    const PersonDetail& detail() const { return detail_; }
    QListView* faces() const { return view_; }
    QLineEdit* nameEdit() const { return name_; }
    /// The selected faces' ids.
    QVector<qint64> selectedFaces() const;
    void splitSelected();
    void rejectSelected();
    QListView* suggestions() const { return suggestedView_; }
    /// Batch confirm: the selected suggestions are this person, the others are not.
    void confirmSuggestions();

    /// Faces of `from` became the new person `made`: offers to name them or open them.
    void offerNewPerson(qint64 from, qint64 made);

  signals:
    void photoActivated(qint64 photo);
    /// The person's photos, in Photos.
    void photosRequested();

  private:
    void choosePersonAndThen(const QString& title, const std::function<void(qint64)>& then);
    void updateButtons();

    LibraryService& service_;
    FaceImages& images_;
    FacesModel model_;
    PersonDetail detail_;
    QVector<PersonCard> people_;
    QLineEdit* name_;
    QLabel* summary_;
    QPushButton *lock_, *hide_, *notThis_, *moveTo_, *split_, *merge_, *cover_, *photos_;
    QWidget* madeBar_;  // after a split: the new person, to name or open
    QLineEdit* madeName_;
    qint64 made_ = 0;
    QListView* view_;
    FacesModel suggestedModel_;
    QLabel* suggestedLabel_;
    QListView* suggestedView_;
    QPushButton* confirmSuggested_;
    QWidget* content_;  // everything above, shown once a person is open
    QLabel* empty_;     // what to do instead, until then
};

}  // namespace kith::ui
