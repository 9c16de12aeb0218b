// The command-line plumbing shared by kith-cli's commands: the command table's entries, the
// options every command understands, typed arguments (with CLI11), help, and what commands
// print.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kith/store.h"
#include "kith/vision.h"

namespace kith::cli {

/// The options every command takes, before or after its name. An empty path means the default.
struct CommonOptions {
    std::filesystem::path library;  // --library (default: store::Library::defaultPath())
    std::filesystem::path cache;    // --cache (default: the thumbnail cache's own)
    std::filesystem::path models;   // --models (default: vision::findModelDirectory's search)
    vision::BackendPreference backend = vision::BackendPreference::Auto;  // --backend
    bool faceApi = false;                                                 // --face-api
    bool smallFaces = false;  // --small-faces: every photo swept for faces down to 20 px
    std::optional<vision::Alignment> alignment;  // --alignment (default: Similarity, or
                                                 // face-api's crop with --face-api)
};

/// What a command does once its arguments are parsed; returns the exit status.
using Run = std::function<int(const CommonOptions&)>;

/// A command's help text: what it is and how to call it. Its options come from its declaration.
struct CommandSpec {
    std::string name;
    std::string summary;      // one line
    std::string usage;        // "kith-cli detect [options] IMAGE|DIR..."
    std::string description;  // a paragraph
    std::string example;
};

/// One of kith-cli's commands: its help text, and the arguments it takes.
struct Command {
    CommandSpec spec;
    /// Declares the command's options and positional arguments on `app`, bound to values of its
    /// own, and returns what runs with them once `app` has parsed the command line. Called once
    /// per command line; keeps no state between calls.
    std::function<Run(CLI::App& app)> declare;
};

/// A Command::declare for a command whose arguments are the fields of an `Arguments`, a fresh
/// one per command line: `bind` declares them on the app, `run` runs with them once parsed.
template <typename Arguments>
std::function<Run(CLI::App&)> declareWith(
    std::function<void(CLI::App&, Arguments&)> bind,
    std::function<int(const CommonOptions&, const Arguments&)> run) {
    return [bind, run](CLI::App& app) -> Run {
        auto arguments = std::make_shared<Arguments>();
        bind(app, *arguments);
        return [arguments, run](const CommonOptions& common) { return run(common, *arguments); };
    };
}

/// Parses the command line (`argv` as main receives it) against `commands` and the common
/// options, and runs the command it names. Arguments a command does not take (an unknown
/// option, a value out of range, one argument too many) are refused before it runs, with a
/// one-line reason and its usage on stderr: exit status 2. `printOverview` is called (then 2)
/// when no command is named, and for --help or help (then 0).
int runCommandLine(const std::vector<const Command*>& commands, int argc, char** argv,
                   const std::function<void()>& printOverview);

/// Refuses a command line that `command` (null: none was named) cannot run with: prints `reason`
/// (one line) and how the command is called to stderr, and returns 2, the exit status for that.
int refuseUsage(const CommandSpec* command, const std::string& reason);

/// Checks that a value is a whole number in [min, max], written in decimal digits alone ("abc",
/// "1.5", "3abc", "0x10" and numbers out of range are refused, saying so).
CLI::Validator wholeNumber(long long min, long long max);
/// Checks that a value is a number in [min, max], all of it.
CLI::Validator realNumber(double min, double max);

/// Adds the required positional argument `name` ("PERSON", "FACE"): an id, a whole number from
/// 1 up, into a store::Id (or several, each one, into a vector of them).
template <typename Ids>
CLI::Option* addId(CLI::App& app, const std::string& name, Ids& ids, const std::string& help) {
    return app.add_option(name, ids, help)
        ->required()
        ->check(wholeNumber(1, std::numeric_limits<store::Id>::max()));
}

/// Adds `name` (an option "--backend", or a positional "ANSWER") whose value is one of the words
/// in `choices`, stored in `target` as the value paired with it. Any other word is refused,
/// naming them all; the words, joined by '|', are the value's placeholder in the help.
template <typename Target, typename Value>
CLI::Option* addChoice(CLI::App& app, const std::string& name, Target& target,
                       std::vector<std::pair<std::string, Value>> choices,
                       const std::string& help) {
    std::string placeholder, listed;
    for (const auto& [word, value] : choices) {
        placeholder += (placeholder.empty() ? "" : "|") + word;
        listed += (listed.empty() ? "" : ", ") + word;
    }
    auto* option = app.add_option_function<std::string>(
        name,
        [&target, choices](const std::string& given) {
            for (const auto& [word, value] : choices)
                if (word == given) target = value;
        },
        help);
    option->check(CLI::Validator(
        [choices, listed](std::string& given) -> std::string {
            for (const auto& choice : choices)
                if (choice.first == given) return {};
            return "must be one of " + listed + ", not '" + given + "'";
        },
        ""));
    return option->type_name(placeholder);
}

/// Loads the face analyzer as the common options say (--models, --backend, --face-api,
/// --alignment), logging the backend that runs to stderr. Prints the error and returns null on
/// failure.
std::unique_ptr<vision::FaceAnalyzer> loadAnalyzer(const CommonOptions& common,
                                                   vision::AnalyzerSettings settings = {});

/// Prints the analyzer's one warning, if its accelerator failed and it went on on the CPU.
void reportFallback(const vision::FaceAnalyzer& analyzer);

/// The face models' folder: --models, else the first of vision::findModelDirectory's places.
Result<std::filesystem::path> modelDirectory(const CommonOptions& common);

/// The library file named by --library, or the default one.
std::filesystem::path libraryFile(const CommonOptions& common);

/// Opens the library named by --library (or the default one). Prints the error and returns null
/// on failure.
std::unique_ptr<store::Library> openLibrary(const CommonOptions& common, store::Access access);

/// The thumbnail cache folder from --cache (or the default one).
std::filesystem::path cacheDirectory(const CommonOptions& common);

/// Text safe to print or put in JSON: bytes that are not UTF-8 (file names can hold anything)
/// and control characters (a file name or a name from another app's XMP may hold a terminal
/// escape sequence) become \xNN.
std::string printable(const std::string& text);

/// Image files named by `paths`: files as given, folders searched recursively (hidden entries
/// skipped) for files whose content is an image format Kith reads, in sorted order.
std::vector<std::filesystem::path> collectImages(const std::vector<std::string>& paths);

/// Prints "kith-cli: <message>" to stderr.
void reportError(const std::string& message);

}  // namespace kith::cli
