// The library's schema, as numbered migrations applied in order.
#pragma once

#include <string_view>
#include <vector>

namespace kith::store {

/// migrations()[i] brings a library from schema version i to i + 1 (PRAGMA user_version).
const std::vector<std::string_view>& migrations();

}  // namespace kith::store
