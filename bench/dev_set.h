// The labelled development set (../shared/data/faces-dev), read for benchmarks.
#pragma once

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "kith/common/result.h"

namespace kith::bench {

struct LabelledPhoto {
    std::string file;  // relative to the dev set root ("images/img1.jpg")
    std::string identity;
};

/// A labelled set of ../shared/data: $`variable`, else ../shared/data/`name` from the working
/// directory or from the source tree. Exits with a message if it is not there.
std::filesystem::path dataSetRoot(const std::string& name, const char* variable);
/// The dev set root ($KITH_DEV_SET, else ../shared/data/faces-dev).
std::filesystem::path devSetRoot();

/// labels.csv of a labelled set (the first two columns: file, identity).
std::vector<LabelledPhoto> readLabels(const std::filesystem::path& root);

/// Every image file of the dev set's images/ folder, sorted.
std::vector<std::filesystem::path> devImages(const std::filesystem::path& root);

/// The models folder: `--models DIR` if given, else where kith-cli looks. Exits with the reason
/// if the models are not there.
std::filesystem::path modelDirectory(int argc, char** argv);

/// Exits with the error's description when `status` failed (benchmarks have no one to tell).
void orExit(const Status& status);

template <typename T>
T orExit(Result<T> result) {
    orExit(result.ok() ? Status{} : Status{result.error()});
    return std::move(result.value());
}

/// The value of `--name VALUE` in argv, or `fallback`.
std::string option(int argc, char** argv, const std::string& name, const std::string& fallback);

}  // namespace kith::bench
