#include "sidebar.h"

#include <QStyle>

namespace kith::ui {

const QStringList& Sidebar::views() {
    static const QStringList names = {"people", "unnamed", "photos",  "review",
                                      "person", "photo",   "history", "folders"};
    return names;
}

Sidebar::Sidebar(QWidget* parent)
    : QListWidget(parent), titles_{tr("People"),  tr("Unnamed"),        tr("Photos"),
                                   tr("Review"),  tr("Person"),         tr("Photo"),
                                   tr("History"), tr("Library folders")} {
    setObjectName("sidebar");
    setFixedWidth(210);
    setToolTip(tr("Ctrl+1 to Ctrl+%1").arg(views().size()));
    setSpacing(3);
    setIconSize({22, 22});
    QFont sideFont = font();
    sideFont.setPointSizeF(sideFont.pointSizeF() * 1.15);
    setFont(sideFont);
    // Icons from the style, so that they exist on every platform and theme.
    const QStyle::StandardPixmap icons[] = {QStyle::SP_DirHomeIcon,
                                            QStyle::SP_MessageBoxQuestion,
                                            QStyle::SP_FileDialogDetailedView,
                                            QStyle::SP_DialogApplyButton,
                                            QStyle::SP_FileDialogInfoView,
                                            QStyle::SP_FileIcon,
                                            QStyle::SP_BrowserReload,
                                            QStyle::SP_DirOpenIcon};
    for (int i = 0; i < titles_.size(); ++i)
        addItem(new QListWidgetItem(style()->standardIcon(icons[i]), titles_[i]));
}

void Sidebar::setCount(const QString& view, int count) {
    const int row = rowOf(view);
    if (row < 0) return;
    item(row)->setText(count > 0 ? tr("%1 (%2)").arg(titles_[row]).arg(count) : titles_[row]);
}

void Sidebar::setListed(const QString& view, bool listed) {
    if (const int row = rowOf(view); row >= 0) item(row)->setHidden(!listed);
}

}  // namespace kith::ui
