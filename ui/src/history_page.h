// The history: every decision, newest first, each as a sentence with small crops of the faces it
// was about ("Kept Ann and an unnamed person with 3 faces apart"); undo the latest, or undo back
// to a chosen decision.
#pragma once

#include <QAbstractListModel>
#include <QListView>
#include <QPushButton>
#include <QWidget>

#include "empty_state.h"
#include "face_images.h"
#include "library_service.h"

namespace kith::ui {

class HistoryModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role { IdRole = Qt::UserRole + 1, UndoneRole, FacesRole };
    explicit HistoryModel(FaceImages& images, QObject* parent = nullptr);
    void setEntries(const QVector<HistoryEntry>& entries);
    int rowCount(const QModelIndex& parent = {}) const override;
    /// DisplayRole: the sentence, then when; DecorationRole: the faces side by side; FacesRole:
    /// their ids (QVariantList).
    QVariant data(const QModelIndex& index, int role) const override;

    static constexpr int kFaceSize = 44;
    static constexpr int kFacesShown = 4;

  private:
    QPixmap faceStrip(const HistoryEntry& entry) const;

    FaceImages& images_;
    QVector<HistoryEntry> entries_;
};

class HistoryPage : public QWidget {
    Q_OBJECT
  public:
    explicit HistoryPage(FaceImages& images, QWidget* parent = nullptr);
    void setEntries(const QVector<HistoryEntry>& entries);
    QListView* list() const { return list_; }

  signals:
    void undoRequested();
    /// Undo `decision` and every decision made after it.
    void undoThroughRequested(qint64 decision);

  private:
    void updateButtons();

    HistoryModel model_;
    QListView* list_;
    EmptyState* empty_;
    QPushButton* undoBack_;
};

}  // namespace kith::ui
