#include <iostream>

#include "commands.h"
#include "kith/metadata.h"
#include "people_session.h"

namespace kith::cli {
namespace {

struct ExportArguments {
    bool all = false;
    bool embedded = false;
};

void bindExportXmp(CLI::App& app, ExportArguments& args) {
    app.add_flag("--all", args.all, "write every photo with names, changed or not");
    app.add_flag("--embedded", args.embedded,
                 "write into the photo files themselves, not sidecars");
}

int runExportXmp(const CommonOptions& common, const ExportArguments& args) {
    // Writable: the export remembers what it wrote, so that the next one writes only changes.
    auto session = openPeople(common, people::Settings());
    if (!session) return 1;
    metadata::ExportOptions options;
    options.target = args.embedded ? metadata::Target::Embedded : metadata::Target::Sidecar;
    options.all = args.all;
    const auto report = metadata::exportNames(*session->library, options);
    if (!report.ok()) {
        reportError(report.error().describe());
        return 1;
    }
    const metadata::ExportReport& r = report.value();
    for (const Error& problem : r.problems)
        reportError(problem.describe());
    std::cout << (options.target == metadata::Target::Embedded ? "Photos" : "Sidecars")
              << " written: " << r.written << ", names removed: " << r.cleared
              << ", unchanged: " << r.unchanged << ", failed: " << r.problems.size() << "\n";
    return r.problems.empty() ? 0 : 1;
}

}  // namespace

const Command& exportXmpCommand() {
    static const Command command{
        {"export-xmp", "Write the names of faces into XMP, for other photo apps.",
         "kith-cli [--library PATH] export-xmp [--embedded] [--all]",
         "Exits 0 when every photo was written, 1 when some could not be (the others are). For "
         "every photo with named faces, writes a face region per named face, in the Metadata "
         "Working Group's form (mwg-rs) and in Microsoft's People Tags form, with the names as "
         "keywords (dc:subject): what digiKam, Lightroom and others read. By default into a "
         "sidecar beside the photo: photo.jpg.xmp for photo.jpg (the name digiKam reads first), "
         "replaced atomically; whatever else the sidecar holds is kept, and so are other apps' "
         "regions that are not named faces. Only photos whose names or faces changed since the "
         "last export are written; a photo whose names are all gone has its face regions "
         "removed. With --embedded the photo files themselves are rewritten (JPEG, PNG, TIFF, "
         "WebP): each in memory first, verified to read back with the same pixels and the names, "
         "and only then renamed over the original, so a failure or a crash never damages it; "
         "read-only photos are left alone.",
         "kith-cli export-xmp\n  kith-cli export-xmp --embedded    # rewrites the photos"},
        declareWith<ExportArguments>(bindExportXmp, runExportXmp)};
    return command;
}

}  // namespace kith::cli
