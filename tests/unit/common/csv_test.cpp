// The one CSV reader: quoting as spreadsheets write it, and broken quoting as an error.
#include "kith/common/csv.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "test_support.h"

using kith::CsvTable;
using kith::ErrorCode;
using kith::readCsv;
using Rows = std::vector<std::vector<std::string>>;

namespace {

CsvTable read(const std::string& text) {
    std::istringstream in(text);
    auto table = readCsv(in);
    INFO((table.ok() ? std::string() : table.error().describe()));
    REQUIRE(table.ok());
    return table.value();
}

}  // namespace

TEST_CASE("a plain CSV file reads as its header and rows", "[common][csv]") {
    const CsvTable table = read("file,identity,kind\na.jpg,Ann,train\r\nb.jpg,Bo,test\n");
    CHECK(table.header == std::vector<std::string>{"file", "identity", "kind"});
    CHECK(table.rows == Rows{{"a.jpg", "Ann", "train"}, {"b.jpg", "Bo", "test"}});
}

TEST_CASE("quoted fields keep their commas, quotes and line breaks", "[common][csv]") {
    const CsvTable table = read(
        "file,identity\n"
        "\"images/Smith, John.jpg\",\"John \"\"Jack\"\" Smith\"\n"
        "\"two\nlines.jpg\",\"\"\n"
        "plain.jpg,Ann");  // no line end after the last row
    CHECK(table.rows == Rows{{"images/Smith, John.jpg", "John \"Jack\" Smith"},
                             {"two\nlines.jpg", ""},
                             {"plain.jpg", "Ann"}});
}

TEST_CASE("blank lines are skipped and empty fields kept", "[common][csv]") {
    const CsvTable table = read("a,b,c\n\n1,,3\r\n\r\n,,\n4,5,\n");
    CHECK(table.rows == Rows{{"1", "", "3"}, {"", "", ""}, {"4", "5", ""}});
    CHECK(read("").header.empty());
    CHECK(read("only,a,header\n").rows.empty());
}

TEST_CASE("broken quoting is an error, not a guess", "[common][csv][bad-input]") {
    for (const char* text : {"a,b\n\"open,1\n", "a,b\n\"x\"y,1\n", "a,b\nx\"y,1\n"}) {
        INFO(text);
        std::istringstream in(text);
        const auto table = readCsv(in);
        REQUIRE_FALSE(table.ok());
        CHECK(table.error().code == ErrorCode::CorruptData);
    }
}

TEST_CASE("the labels of the dev set read line for line", "[common][csv]") {
    const auto file = kith::test::devSet() / "labels.csv";
    const auto table = kith::readCsvFile(file);
    REQUIRE(table.ok());
    CHECK(table.value().header == std::vector<std::string>{"file", "identity"});
    // Unquoted, one row a line: each row is its line split at the commas.
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();  // the file ends lines in CRLF
        if (!line.empty()) lines.push_back(line);
    }
    REQUIRE(table.value().rows.size() + 1 == lines.size());
    for (std::size_t i = 0; i < table.value().rows.size(); ++i) {
        const auto& row = table.value().rows[i];
        REQUIRE(row.size() == 2);
        CHECK(row[0] + "," + row[1] == lines[i + 1]);
    }
    const auto missing = kith::readCsvFile("/nonexistent/labels.csv");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::Unreadable);
    CHECK(missing.error().path == "/nonexistent/labels.csv");
}
