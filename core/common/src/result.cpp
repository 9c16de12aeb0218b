#include "kith/common/result.h"

namespace kith {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return "invalid-argument";
        case ErrorCode::NotFound:
            return "not-found";
        case ErrorCode::Unreadable:
            return "unreadable";
        case ErrorCode::UnsupportedFormat:
            return "unsupported-format";
        case ErrorCode::CorruptData:
            return "corrupt-data";
        case ErrorCode::TooLarge:
            return "too-large";
        case ErrorCode::ModelError:
            return "model-error";
        case ErrorCode::InferenceError:
            return "inference-error";
        case ErrorCode::StorageError:
            return "storage-error";
        case ErrorCode::Busy:
            return "busy";
        case ErrorCode::Conflict:
            return "conflict";
        case ErrorCode::Cancelled:
            return "cancelled";
        case ErrorCode::Internal:
            return "internal";
    }
    return "internal";
}

std::string Error::describe() const {
    if (path.empty()) return message;
    return path + ": " + message;
}

}  // namespace kith
