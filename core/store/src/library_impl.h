// What the library's source files share: the open database, and how values travel in and out.
#pragma once

#include <array>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>

#include "kith/store.h"
#include "sqlite.h"

namespace kith::store {

class WriterLock;  // library.cpp

struct Library::Impl {
    std::filesystem::path file;
    std::shared_ptr<WriterLock> lock;  // held when writable (shared by openAnotherWriter)
    Database db;
    int schemaVersion = 0;

    /// `immutable`: see Database.
    Impl(const std::filesystem::path& f, std::shared_ptr<WriterLock> l, bool readOnly,
         bool immutable = false);
    ~Impl();

    template <typename T, typename Read>
    Result<T> read(Read&& body);
    /// `changes` in one transaction; with `deletionsSeen`, only while the library's count of
    /// face deletions is still that (Library::writeUnlessFacesDeleted).
    Status write(std::optional<std::int64_t> deletionsSeen,
                 const std::function<void(Writer&)>& changes);
};

Error storageError(const SqliteError& e, const std::filesystem::path& file);

/// A writer inside a transaction the caller holds.
std::unique_ptr<Library::Writer> makeSqlWriter(Database& db);

inline std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline std::span<const std::byte> pathBytes(const std::filesystem::path& path) {
    const std::string& native = path.native();
    return {reinterpret_cast<const std::byte*>(native.data()), native.size()};
}

inline std::filesystem::path pathFrom(const std::vector<std::byte>& bytes) {
    return std::filesystem::path(
        std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

template <typename T, size_t N>
std::span<const std::byte> bytesOf(const std::array<T, N>& values) {
    return std::as_bytes(std::span<const T, N>(values));
}

template <typename T, size_t N>
void copyBlob(const std::vector<std::byte>& blob, std::array<T, N>& out) {
    if (blob.size() == sizeof(T) * N) std::memcpy(out.data(), blob.data(), blob.size());
}

template <typename T, typename Read>
Result<T> Library::Impl::read(Read&& body) {
    try {
        return body();
    } catch (const SqliteError& e) {
        return storageError(e, file);
    }
}

}  // namespace kith::store
