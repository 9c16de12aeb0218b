#include "cli.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kith/pipeline.h"

namespace kith::cli {

std::string Arguments::get(const std::string& name, const std::string& fallback) const {
    const auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
}

std::optional<long long> Arguments::number(const std::string& name, long long fallback,
                                           long long min, long long max) const {
    if (!has(name)) return fallback;
    return wholeNumber(get(name), min, max, "--" + name);
}

std::optional<long long> wholeNumber(const std::string& text, long long min, long long max,
                                     const std::string& what) {
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && value >= min && value <= max)
        return value;
    reportError(what + " must be a whole number from " + std::to_string(min) + " to " +
                std::to_string(max) + ", not '" + text + "'");
    return std::nullopt;
}

std::optional<double> realNumber(const std::string& text, double min, double max,
                                 const std::string& what) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && value >= min && value <= max)
        return value;
    std::ostringstream range;
    range << min << " to " << max;
    reportError(what + " must be a number from " + range.str() + ", not '" + text + "'");
    return std::nullopt;
}

const std::vector<OptionSpec>& commonOptions() {
    static const std::vector<OptionSpec> options = {
        {"library", "PATH",
         "the library file (default: $XDG_DATA_HOME/kith/library.db, that is "
         "~/.local/share/kith/library.db)"},
        {"cache", "DIR", "where thumbnails and face crops are kept (default: ~/.cache/kith)"},
        {"models", "DIR",
         "folder with face-api's model files (default: $KITH_MODELS_DIR, then "
         "~/.cache/kith/models, then the ones installed with kith-cli, in "
         "../share/kith/models beside it)"},
        {"backend", "auto|cpu|cuda",
         "where inference runs (default auto: CUDA when OpenCV "
         "offers it, else CPU)"},
        {"face-api", "",
         "detect and crop exactly as face-api does (one 512x512 pass, no "
         "alignment): for comparisons"},
        {"alignment", "similarity|crop",
         "how faces are cut out before embedding (default "
         "similarity: eyes levelled; crop: face-api's box)"},
        {"help", "", "show this help"},
    };
    return options;
}

void reportError(const std::string& message) {
    std::cerr << "kith-cli: " << printable(message) << "\n";
}

std::optional<Arguments> parseArguments(const CommandSpec& spec,
                                        const std::vector<std::string>& args) {
    std::vector<OptionSpec> known = spec.options;
    known.insert(known.end(), commonOptions().begin(), commonOptions().end());
    Arguments parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
            parsed.positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2), value;
        const auto equals = name.find('=');
        const bool inlineValue = equals != std::string::npos;
        if (inlineValue) value = name.substr(equals + 1), name = name.substr(0, equals);
        const auto spec_it = std::find_if(known.begin(), known.end(),
                                          [&](const OptionSpec& o) { return o.name == name; });
        if (spec_it == known.end()) {
            reportError("unknown option --" + name + " for '" + spec.name + "'");
            std::cerr << "usage: " << spec.usage << "\n(see kith-cli " << spec.name << " --help)\n";
            return std::nullopt;
        }
        if (!spec_it->value.empty() && !inlineValue) {
            if (i + 1 >= args.size()) {
                reportError("option --" + name + " needs a value (" + spec_it->value + ")");
                return std::nullopt;
            }
            value = args[++i];
        }
        parsed.options[name] = value;
    }
    return parsed;
}

std::string helpText(const CommandSpec& spec) {
    std::ostringstream out;
    out << spec.summary << "\n\nUsage: " << spec.usage << "\n\n"
        << spec.description << "\n\nOptions:\n";
    auto list = [&](const std::vector<OptionSpec>& options) {
        for (const OptionSpec& o : options) {
            std::string left = "  --" + o.name + (o.value.empty() ? "" : " " + o.value);
            // Two spaces at least between an option and its help: the man pages split there.
            out << left << std::string(left.size() < 28 ? 28 - left.size() : 2, ' ') << o.help
                << "\n";
        }
    };
    list(spec.options);
    list(commonOptions());
    if (!spec.example.empty()) out << "\nExample:\n  " << spec.example << "\n";
    return out.str();
}

std::unique_ptr<vision::FaceAnalyzer> loadAnalyzer(const Arguments& args,
                                                   vision::AnalyzerSettings settings) {
    const auto preference = vision::parseBackendPreference(args.get("backend", "auto"));
    if (!preference) {
        reportError("--backend must be auto, cpu or cuda");
        return nullptr;
    }
    std::optional<std::filesystem::path> explicitDir;
    if (args.has("models")) explicitDir = args.get("models");
    const auto dir = vision::findModelDirectory(explicitDir);
    if (!dir.ok()) {
        reportError(dir.error().describe());
        return nullptr;
    }
    if (args.has("face-api")) {
        settings.detector.mode = vision::DetectionMode::FaceApiSingleScale;
        settings.alignment = vision::Alignment::FaceApiCrop;
    }
    if (args.has("alignment")) {
        const std::string alignment = args.get("alignment");
        if (alignment != "similarity" && alignment != "crop") {
            reportError("--alignment must be similarity or crop");
            return nullptr;
        }
        settings.alignment =
            alignment == "crop" ? vision::Alignment::FaceApiCrop : vision::Alignment::Similarity;
    }
    auto analyzer = vision::FaceAnalyzer::load(dir.value(), settings, *preference);
    if (!analyzer.ok()) {
        reportError(analyzer.error().describe());
        return nullptr;
    }
    std::cerr << "kith-cli: inference on " << analyzer.value()->backend().description << "\n";
    return std::move(analyzer.value());
}

std::unique_ptr<store::Library> openLibrary(const Arguments& args, store::Access access) {
    const std::filesystem::path file = args.has("library")
                                           ? std::filesystem::path(args.get("library"))
                                           : store::Library::defaultPath();
    auto library = store::Library::open(file, access);
    if (!library.ok()) {
        reportError(library.error().describe());
        return nullptr;
    }
    return std::move(library.value());
}

std::filesystem::path cacheDirectory(const Arguments& args) {
    return args.has("cache") ? std::filesystem::path(args.get("cache"))
                             : pipeline::ThumbnailCache::defaultDirectory();
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
