#include "sidebar.h"

#include <QStyle>

namespace kith::ui {

int Sidebar::rowOf(ViewId view) {
    for (std::size_t row = 0; row < kSidebarViews.size(); ++row)
        if (kSidebarViews[row] == view) return static_cast<int>(row);
    return -1;
}

std::optional<ViewId> Sidebar::viewAt(int row) {
    if (row < 0 || row >= static_cast<int>(kSidebarViews.size())) return std::nullopt;
    return kSidebarViews[static_cast<std::size_t>(row)];
}

Sidebar::Sidebar(QWidget* parent)
    : QListWidget(parent), titles_{tr("People"),  tr("Unnamed"),        tr("Photos"),
                                   tr("Review"),  tr("Person"),         tr("Photo"),
                                   tr("History"), tr("Library folders")} {
    setObjectName("sidebar");
    setFixedWidth(210);
    setToolTip(tr("Ctrl+1 to Ctrl+%1").arg(kSidebarViews.size()));
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

void Sidebar::setCount(ViewId view, int count) {
    const int row = rowOf(view);
    if (row < 0) return;
    item(row)->setText(count > 0 ? tr("%1 (%2)").arg(titles_[row]).arg(count) : titles_[row]);
}

void Sidebar::setListed(ViewId view, bool listed) {
    if (const int row = rowOf(view); row >= 0) item(row)->setHidden(!listed);
}

}  // namespace kith::ui
