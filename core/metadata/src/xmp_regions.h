// What the packet coding (regions.cpp) shares with the file writers (files.cpp).
#pragma once

#include <exiv2/exiv2.hpp>

#include "kith/metadata.h"

namespace kith::metadata {

/// Larger XMP is refused unread: no photo's names need megabytes.
constexpr std::size_t kMaxPacketBytes = 4 << 20;
constexpr std::size_t kMaxRegions = 500;

/// Writes `regions` into `xmp`, replacing the face regions it had (other apps' regions of other
/// kinds stay, as do its other properties; the names join its keywords), and returns the packet.
Result<std::string> encodeInto(Exiv2::XmpData& xmp, const std::vector<Region>& regions,
                               const Frame& frame);

}  // namespace kith::metadata
