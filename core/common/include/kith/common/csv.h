// Comma-separated values as spreadsheets and data sets write them (RFC 4180): a field in
// double quotes may hold commas, line breaks and doubled quotes ("a ""b"", c"); lines end in
// LF or CRLF. The labels and pairs files Kith evaluates against are read with it.
//
// Thread-safety: pure functions.
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "kith/common/result.h"

namespace kith {

/// A CSV file read whole: its first row (the header) and the rows after it. Blank lines are
/// skipped; rows may have any number of fields.
struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// Reads CSV text. Errors: CorruptData for a quoted field left open at the end, or a quote
/// inside a field that did not start with one.
Result<CsvTable> readCsv(std::istream& in);
/// The same from a file. Errors: Unreadable when it cannot be opened (the path in the error).
Result<CsvTable> readCsvFile(const std::filesystem::path& file);

}  // namespace kith
