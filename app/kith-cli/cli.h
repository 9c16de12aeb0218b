// The command-line plumbing shared by kith-cli's commands: argument parsing, help, and the
// options every command understands.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kith/store.h"
#include "kith/vision.h"

namespace kith::cli {

/// One option of a command: `--name VALUE` (or a flag, `--name`).
struct OptionSpec {
    std::string name;   // without the dashes
    std::string value;  // placeholder shown in help ("DIR"); empty for a flag
    std::string help;
};

/// What a command is and how to call it, for `--help`.
struct CommandSpec {
    std::string name;
    std::string summary;      // one line
    std::string usage;        // "kith-cli detect [options] IMAGE|DIR..."
    std::string description;  // a paragraph
    std::vector<OptionSpec> options;
    std::string example;
};

/// Parsed arguments: options by name and the positional arguments in order.
struct Arguments {
    std::map<std::string, std::string> options;  // flags map to ""
    std::vector<std::string> positional;
    bool has(const std::string& name) const { return options.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = {}) const;
    /// The option as a whole number in [min, max] (`fallback` when absent); nothing, after
    /// saying why, when it is not one ("abc", "1.5", "3abc") or out of range.
    std::optional<long long> number(const std::string& name, long long fallback, long long min,
                                    long long max) const;
};

/// `text` as a whole number in [min, max], all of it; nothing, after saying why (naming
/// `what`), when it is not.
std::optional<long long> wholeNumber(const std::string& text, long long min, long long max,
                                     const std::string& what);
/// `text` as a real number in [min, max], all of it; nothing, after saying why, when not.
std::optional<double> realNumber(const std::string& text, double min, double max,
                                 const std::string& what);

/// Options every command accepts (added to each command's help).
const std::vector<OptionSpec>& commonOptions();

/// Parses `args` against `spec` plus the common options. On an unknown option or a missing
/// value, prints why and the usage to stderr and returns nullopt.
std::optional<Arguments> parseArguments(const CommandSpec& spec,
                                        const std::vector<std::string>& args);

/// The full help text of a command.
std::string helpText(const CommandSpec& spec);

/// Loads the face analyzer from the common options (--models, --backend, --face-api), logging
/// the backend that runs to stderr. Prints the error and returns null on failure.
std::unique_ptr<vision::FaceAnalyzer> loadAnalyzer(const Arguments& args,
                                                   vision::AnalyzerSettings settings = {});

/// Opens the library named by --library (or the default one). Prints the error and returns null
/// on failure.
std::unique_ptr<store::Library> openLibrary(const Arguments& args, store::Access access);

/// The thumbnail cache folder from --cache (or the default one).
std::filesystem::path cacheDirectory(const Arguments& args);

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
