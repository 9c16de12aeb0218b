#include "cli.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kith/pipeline.h"

namespace kith::cli {

namespace {

void declareCommonOptions(CLI::App& app, CommonOptions& common) {
    app.add_option("--library", common.library,
                   "the library file (default: $XDG_DATA_HOME/kith/library.db, that is "
                   "~/.local/share/kith/library.db)")
        ->type_name("PATH");
    app.add_option("--cache", common.cache,
                   "where thumbnails and face crops are kept (default: ~/.cache/kith)")
        ->type_name("DIR");
    app.add_option("--models", common.models,
                   "folder with face-api's model files (default: $KITH_MODELS_DIR, then "
                   "~/.cache/kith/models, then the ones installed with kith-cli, in "
                   "../share/kith/models beside it)")
        ->type_name("DIR");
    std::vector<std::pair<std::string, vision::BackendPreference>> backends;
    for (vision::BackendPreference p : vision::kBackendPreferences)
        backends.emplace_back(vision::backendPreferenceName(p), p);
    addChoice(app, "--backend", common.backend, backends,
              "where inference runs (default auto: CUDA when OpenCV offers it, else an OpenCL "
              "GPU, else the CPU; opencl-fp16: 16-bit floats, faster, less exact)");
    app.add_flag("--face-api", common.faceApi,
                 "detect and crop exactly as face-api does (one 512x512 pass, no alignment): for "
                 "comparisons");
    app.add_flag("--small-faces", common.smallFaces,
                 "look for faces down to 20 px however large the photo: every photo tiled up to "
                 "full resolution, about 100 detector passes for a 12-megapixel photo, 10 for a "
                 "1-megapixel one (15-20x slower); photos already scanned are not read again");
    addChoice(app, "--alignment", common.alignment,
              std::vector<std::pair<std::string, vision::Alignment>>{
                  {"similarity", vision::Alignment::Similarity},
                  {"crop", vision::Alignment::FaceApiCrop}},
              "how faces are cut out before embedding (default similarity: eyes levelled; crop: "
              "face-api's box)");
}

// An option as help lists it: "  --name VALUE   what it does".
std::string optionLine(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const std::string left =
        "  --" + option.get_lnames().front() + (type.empty() ? "" : " ") + type;
    // Two spaces at least between an option and its help: the man pages split there.
    return left + std::string(left.size() < 28 ? 28 - left.size() : 2, ' ') +
           option.get_description() + "\n";
}

// The options of `app` but its help flag (positional arguments are in the usage line).
std::string optionLines(const CLI::App& app) {
    std::string lines;
    for (const CLI::Option* option : app.get_options())
        if (!option->get_positional() && option != app.get_help_ptr()) lines += optionLine(*option);
    return lines;
}

// The full help text of a command declared on `app`, a subcommand of the one with the common
// options.
std::string helpText(const CommandSpec& spec, const CLI::App& app) {
    std::string text = spec.summary + "\n\nUsage: " + spec.usage + "\n\n" + spec.description +
                       "\n\nOptions:\n" + optionLines(app) + optionLines(*app.get_parent()) +
                       optionLine(*app.get_help_ptr());
    if (!spec.example.empty()) text += "\nExample:\n  " + spec.example + "\n";
    return text;
}

std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& word : words)
        text += (text.empty() ? "" : " ") + word;
    return text;
}

// Why what was left over after parsing is refused: an option nobody knows, a command that is
// not one, or arguments beyond those `command` takes (it may be null: no command was named).
std::string leftOverReason(const CLI::App* command, const std::vector<std::string>& leftOver) {
    std::vector<std::string> arguments;
    for (const std::string& item : leftOver) {
        if (item.size() > 1 && item[0] == '-') return "unknown option " + item;
        arguments.push_back(item);
    }
    if (!command) return "unknown command '" + arguments.front() + "'";
    std::vector<std::string> taken, given;
    for (const CLI::Option* option : command->get_options()) {
        if (!option->get_positional()) continue;
        taken.push_back(option->get_name());
        for (const std::string& value : option->results())
            given.push_back(value);
    }
    given.insert(given.end(), arguments.begin(), arguments.end());
    const std::string takes =
        taken.empty()       ? "no arguments"
        : taken.size() == 1 ? "1 argument (" + taken.front() + ")"
                            : std::to_string(taken.size()) + " arguments (" + joined(taken) + ")";
    return "takes " + takes + ", got " + std::to_string(given.size()) + " (" + joined(given) + ")";
}

// CLI11's reason for refusing a command line, said more plainly where it is terse.
std::string parseErrorReason(const CLI::ParseError& error) {
    const std::string what = error.what();
    // "--jobs: 1 required N missing": a value left out at the end of the line.
    const auto colon = what.find(": 1 required ");
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) && colon != std::string::npos &&
        what.ends_with(" missing"))
        return what.substr(0, colon) + ": needs a value";
    return what;
}

}  // namespace

int refuseUsage(const CommandSpec* command, const std::string& reason) {
    const std::string name = command ? command->name : "";
    std::cerr << "kith-cli" << (command ? " " + name : "") << ": " << printable(reason) << "\n";
    if (command) std::cerr << "usage: " << command->usage << "\n";
    std::cerr << "(see kith-cli " << (command ? name + " " : "") << "--help)\n";
    return 2;
}

int runCommandLine(const std::vector<const Command*>& commands, int argc, char** argv,
                   const std::function<void()>& printOverview) {
    CLI::App app("", "kith-cli");
    app.set_help_flag("-h,--help", "show this help");
    // A value given twice: the last one counts, as scripts that append an option expect.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    // What is left over is refused below, with a reason that names the command.
    app.allow_extras();
    app.require_subcommand(0, 1);  // a second command's name is an argument of the first
    CommonOptions common;
    declareCommonOptions(app, common);
    std::vector<CLI::App*> subcommands;
    std::vector<Run> runs;
    for (const Command* command : commands) {
        subcommands.push_back(app.add_subcommand(command->spec.name, command->spec.summary));
        subcommands.back()->fallthrough();  // the common options may come after the name too
        subcommands.back()->allow_extras();
        runs.push_back(command->declare(*subcommands.back()));
    }
    // The command named on the line (once parsed, or while parsing it failed), or none.
    auto named = [&]() -> std::size_t {
        const auto it = std::find_if(subcommands.begin(), subcommands.end(),
                                     [](const CLI::App* sub) { return sub->parsed(); });
        return static_cast<std::size_t>(it - subcommands.begin());
    };
    std::optional<std::string> parseError;
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        const std::size_t i = named();
        if (i == commands.size())
            printOverview();
        else
            std::cout << helpText(commands[i]->spec, *subcommands[i]);
        return 0;
    } catch (const CLI::ParseError& error) {
        parseError = parseErrorReason(error);
    }
    const std::size_t i = named();
    const CommandSpec* spec = i < commands.size() ? &commands[i]->spec : nullptr;
    std::vector<std::string> leftOver = app.remaining(true);
    std::erase(leftOver, "--");  // the end of the options: nothing in itself
    if (!spec && !parseError && leftOver == std::vector<std::string>{"help"}) {
        printOverview();
        return 0;
    }
    // What was not understood is said first: it often explains the rest ("-Bob" taken for an
    // option leaves NAME missing).
    if (!leftOver.empty())
        return refuseUsage(spec, leftOverReason(spec ? subcommands[i] : nullptr, leftOver));
    if (parseError) return refuseUsage(spec, *parseError);
    if (!spec) {
        printOverview();
        return 2;
    }
    return runs[i](common);
}

CLI::Validator wholeNumber(long long min, long long max) {
    return CLI::Validator(
        [min, max](std::string& text) -> std::string {
            long long value = 0;
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), value);
            if (error == std::errc() && end == text.data() + text.size() && value >= min &&
                value <= max)
                return {};
            return "must be a whole number from " + std::to_string(min) + " to " +
                   std::to_string(max) + ", not '" + text + "'";
        },
        "");
}

CLI::Validator realNumber(double min, double max) {
    return CLI::Validator(
        [min, max](std::string& text) -> std::string {
            double value = 0;
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), value);
            if (error == std::errc() && end == text.data() + text.size() && value >= min &&
                value <= max)
                return {};
            std::ostringstream range;
            range << min << " to " << max;
            return "must be a number from " + range.str() + ", not '" + text + "'";
        },
        "");
}

void reportError(const std::string& message) {
    std::cerr << "kith-cli: " << printable(message) << "\n";
}

Result<std::filesystem::path> modelDirectory(const CommonOptions& common) {
    return vision::findModelDirectory(
        common.models.empty() ? std::nullopt : std::optional<std::filesystem::path>(common.models));
}

std::unique_ptr<vision::FaceAnalyzer> loadAnalyzer(const CommonOptions& common,
                                                   vision::AnalyzerSettings settings) {
    const auto dir = modelDirectory(common);
    if (!dir.ok()) {
        reportError(dir.error().describe());
        return nullptr;
    }
    if (common.faceApi) {
        settings.detector.mode = vision::DetectionMode::FaceApiSingleScale;
        settings.alignment = vision::Alignment::FaceApiCrop;
    }
    if (common.alignment) settings.alignment = *common.alignment;
    settings.detector.multiScale.sweep = common.smallFaces;
    auto analyzer = vision::FaceAnalyzer::load(dir.value(), settings, common.backend);
    if (!analyzer.ok()) {
        reportError(analyzer.error().describe());
        return nullptr;
    }
    std::cerr << "kith-cli: inference on " << analyzer.value()->backend().description << "\n";
    return std::move(analyzer.value());
}

void reportFallback(const vision::FaceAnalyzer& analyzer) {
    if (const auto& warning = analyzer.fallbackWarning())
        std::cerr << "kith-cli: warning: " << *warning << "\n";
}

std::filesystem::path libraryFile(const CommonOptions& common) {
    return common.library.empty() ? store::Library::defaultPath() : common.library;
}

std::unique_ptr<store::Library> openLibrary(const CommonOptions& common, store::Access access) {
    auto library = store::Library::open(libraryFile(common), access);
    if (!library.ok()) {
        // None yet: what makes one.
        const bool none = library.error().code == ErrorCode::NotFound;
        reportError(library.error().describe() +
                    (none ? " (scan a folder first: kith-cli scan DIR)" : ""));
        return nullptr;
    }
    return std::move(library.value());
}

std::filesystem::path cacheDirectory(const CommonOptions& common) {
    return common.cache.empty() ? pipeline::ThumbnailCache::defaultDirectory() : common.cache;
}

std::string printable(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        // The length of a valid UTF-8 sequence starting here, or 0.
        size_t length = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xe  ? 3
                        : (c >> 3) == 0x1e ? 4
                                           : 0;
        for (size_t k = 1; length && k < length; ++k)
            if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) >> 6) != 0x2)
                length = 0;
        // Control characters (C0, DEL, and C1 as UTF-8) would move the cursor, ring the bell
        // or start a terminal escape sequence: shown, not obeyed.
        const bool control =
            c < 0x20 || c == 0x7f ||
            (length == 2 && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0);
        if (control) length = 0;
        if (length) {
            out.append(text, i, length);
            i += length;
        } else {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
            ++i;
        }
    }
    return out;
}

std::vector<std::filesystem::path> collectImages(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) {
            files.emplace_back(p);  // a bad file is reported when it is read
            continue;
        }
        std::vector<fs::path> found;
        for (auto it = fs::recursive_directory_iterator(
                 p, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (!name.empty() && name[0] == '.') {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file(ec)) continue;
            unsigned char head[32] = {};
            std::ifstream in(it->path(), std::ios::binary);
            in.read(reinterpret_cast<char*>(head), sizeof head);
            if (image::sniffFormat(std::span<const unsigned char>(
                    head, static_cast<size_t>(in.gcount()))) != image::Format::Unknown)
                found.push_back(it->path());
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

}  // namespace kith::cli
