// The app's views by a typed id: the window routes navigation by it. Names are for the edge
// only (MainWindow::viewNames/showView, which screenshots and tests call).
#pragma once

#include <QString>
#include <array>
#include <optional>

namespace kith::ui {

enum class ViewId { People, Unnamed, Photos, Review, Person, Photo, History, Folders, Welcome };
inline constexpr std::size_t kViewCount = 9;

/// The sidebar's places, in their order (Ctrl+1 is the first). Welcome is not one: it shows
/// while the library is empty.
inline constexpr std::array kSidebarViews = {ViewId::People,  ViewId::Unnamed, ViewId::Photos,
                                             ViewId::Review,  ViewId::Person,  ViewId::Photo,
                                             ViewId::History, ViewId::Folders};

/// "people", "unnamed", "photos", "review", "person", "photo", "history", "folders", "welcome".
QString viewName(ViewId view);
/// The view of a viewName(); nothing for any other text.
std::optional<ViewId> parseView(const QString& name);

}  // namespace kith::ui
