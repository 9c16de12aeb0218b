#include "view_id.h"

namespace kith::ui {

QString viewName(ViewId view) {
    switch (view) {
        case ViewId::People:
            return "people";
        case ViewId::Unnamed:
            return "unnamed";
        case ViewId::Photos:
            return "photos";
        case ViewId::Review:
            return "review";
        case ViewId::Person:
            return "person";
        case ViewId::Photo:
            return "photo";
        case ViewId::History:
            return "history";
        case ViewId::Folders:
            return "folders";
        case ViewId::Welcome:
            return "welcome";
    }
    return {};
}

std::optional<ViewId> parseView(const QString& name) {
    for (ViewId view : kSidebarViews)
        if (viewName(view) == name) return view;
    if (name == viewName(ViewId::Welcome)) return ViewId::Welcome;
    return std::nullopt;
}

}  // namespace kith::ui
