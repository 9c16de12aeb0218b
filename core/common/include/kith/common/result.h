// Errors as values at module boundaries.
//
// Every public function of Kith's core that can fail for reasons outside the caller's control
// (a file, a model, a library) returns `Result<T>`: either a value or an `Error` with a code, a
// message a person understands, and the path it concerns. Exceptions thrown by OpenCV, exiv2,
// FAISS or the standard library are caught in the one wrapper that calls each library and turned
// into an `Error`; none crosses a module boundary, a thread or a Qt slot.
//
// Thread-safety: values; safe to copy and move between threads.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace kith {

enum class ErrorCode {
    InvalidArgument,    // the caller asked for something impossible
    NotFound,           // a file, model or record does not exist
    Unreadable,         // exists but cannot be read (permissions, I/O error, vanished)
    UnsupportedFormat,  // not an image Kith can read (by content, not extension)
    CorruptData,        // a known format, but broken or truncated
    TooLarge,           // refused by a size or pixel limit before allocating
    ModelError,         // a model file is missing, damaged or does not match the network
    InferenceError,     // the inference engine failed at run time
    StorageError,       // the library database failed
    Busy,               // another process holds what we need
    Conflict,           // what the caller worked from changed meanwhile: read again, try again
    Cancelled,          // stopped on request
    Internal,           // a bug: an invariant did not hold
};

/// A short, stable, lower-case name for an error code ("unsupported-format"), for JSON and logs.
const char* errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;  // a sentence for a person: what went wrong and, if known, why
    std::string path;     // the file or object concerned; empty when none

    /// "path: message", or the message alone when there is no path.
    std::string describe() const;
};

/// Either a `T` or an `Error`. Check `ok()` before `value()`; `value()` on an error is a bug.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    const T& value() const& {
        assert(ok());
        return std::get<T>(state_);
    }
    T& value() & {
        assert(ok());
        return std::get<T>(state_);
    }
    // By value, not T&&: `for (auto& x : f().value())` must not refer into a dead temporary.
    T value() && {
        assert(ok());
        return std::get<T>(std::move(state_));
    }
    const Error& error() const {
        assert(!ok());
        return std::get<Error>(state_);
    }

  private:
    std::variant<T, Error> state_;
};

/// The result of an operation that produces nothing but can fail.
class [[nodiscard]] Status {
  public:
    Status() = default;
    Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const {
        assert(!ok_);
        return error_;
    }

  private:
    Error error_;
    bool ok_ = true;
};

inline Error makeError(ErrorCode code, std::string message, std::string path = {}) {
    return Error{code, std::move(message), std::move(path)};
}

}  // namespace kith
