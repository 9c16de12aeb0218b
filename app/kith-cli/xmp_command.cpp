#include <iostream>
#include <map>

#include "commands.h"
#include "kith/metadata.h"
#include "people_session.h"

namespace kith::cli {
namespace {

int runExportXmp(const Arguments& args) {
    if (args.has("embedded")) {
        reportError("--embedded is not there yet: names go to sidecars (photo.jpg.xmp) for now");
        return 2;
    }
    auto session = openPeople(args, /*readOnlyIfBusy=*/true);
    if (!session) return 1;
    // Named faces, by photo.
    std::map<store::Id, std::vector<store::Id>> facesOfPhoto;
    std::map<store::Id, std::string> nameOf;
    for (const auto& person : session->engine->people(true)) {
        if (person.name.empty()) continue;
        for (const auto& face : session->engine->facesOf(person.id)) {
            facesOfPhoto[face.photo].push_back(face.face);
            nameOf[face.face] = person.name;
        }
    }
    int written = 0, failed = 0;
    for (const auto& [photo, faces] : facesOfPhoto) {
        const auto path = session->library->photoPath(photo);
        const auto info = session->library->photoInfo(photo);
        const auto stored = session->library->facesById(faces);
        if (!path.ok() || !path.value() || !info.ok() || !info.value() || !stored.ok()) {
            ++failed;
            continue;
        }
        std::vector<metadata::Region> regions;
        for (const store::Face& f : stored.value())
            regions.push_back({f.x, f.y, f.width, f.height, nameOf[f.id]});
        const Status status = metadata::writeSidecar(*path.value(), regions, info.value()->width,
                                                     info.value()->height);
        if (!status.ok()) {
            reportError(status.error().describe());
            ++failed;
            continue;
        }
        ++written;
    }
    std::cout << written << " sidecar(s) written" << (failed ? ", " : "")
              << (failed ? std::to_string(failed) + " failed" : std::string()) << "\n";
    return failed ? 1 : 0;
}

}  // namespace

const Command& exportXmpCommand() {
    static const Command command{
        {"export-xmp",
         "Write the names of faces into XMP sidecars beside the photos.",
         "kith-cli [--library PATH] export-xmp [--all]",
         "For every photo with named faces, writes photo.jpg.xmp (the name digiKam reads by "
         "default) with a face region per named face, in the Metadata Working Group's form and "
         "in Microsoft's People Tags form, and the names as keywords; whatever else the sidecar "
         "holds is kept, and it is replaced atomically. Every photo with names is written each "
         "time for now (--all is accepted); writing into the photo itself (--embedded) is not "
         "there yet.",
         {{"all", "", "every photo with names (what it does for now)"},
          {"embedded", "", "write into the photo file itself (not yet)"}},
         "kith-cli export-xmp"},
        runExportXmp};
    return command;
}

}  // namespace kith::cli
