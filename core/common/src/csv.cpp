#include "kith/common/csv.h"

#include <fstream>
#include <iterator>

namespace kith {
namespace {

// Parses the whole text at once: a quoted field may run over several lines.
class CsvParser {
  public:
    explicit CsvParser(std::string text) : text_(std::move(text)) {}

    Result<std::vector<std::vector<std::string>>> rows() {
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> row;
        while (at_ < text_.size()) {
            auto field = nextField();
            if (!field.ok()) return field.error();
            row.push_back(std::move(field.value()));
            if (at_ < text_.size() && text_[at_] == ',') {
                ++at_;
                if (at_ == text_.size()) row.emplace_back();  // "a," at the very end
                continue;
            }
            endLine();
            // A line with nothing on it is no row.
            if (!(row.size() == 1 && row.front().empty())) rows.push_back(std::move(row));
            row.clear();
        }
        return rows;
    }

  private:
    Result<std::string> nextField() {
        std::string field;
        if (at_ < text_.size() && text_[at_] == '"') {
            const std::size_t opened = at_++;
            for (;;) {
                if (at_ >= text_.size())
                    return makeError(
                        ErrorCode::CorruptData,
                        "a quoted field is not closed (from byte " + std::to_string(opened) + ")");
                const char c = text_[at_++];
                if (c != '"') {
                    field += c;
                } else if (at_ < text_.size() && text_[at_] == '"') {
                    field += '"';  // a doubled quote
                    ++at_;
                } else {
                    break;
                }
            }
            if (at_ < text_.size() && !atFieldEnd())
                return makeError(ErrorCode::CorruptData,
                                 "text after a quoted field (byte " + std::to_string(at_) + ")");
            return field;
        }
        while (at_ < text_.size() && !atFieldEnd()) {
            if (text_[at_] == '"')
                return makeError(ErrorCode::CorruptData, "a quote inside an unquoted field (byte " +
                                                             std::to_string(at_) + ")");
            field += text_[at_++];
        }
        return field;
    }

    bool atFieldEnd() const {
        const char c = text_[at_];
        return c == ',' || c == '\n' ||
               (c == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n') ||
               (c == '\r' && at_ + 1 == text_.size());
    }

    void endLine() {
        if (at_ < text_.size() && text_[at_] == '\r') ++at_;
        if (at_ < text_.size() && text_[at_] == '\n') ++at_;
    }

    std::string text_;
    std::size_t at_ = 0;
};

}  // namespace

Result<CsvTable> readCsv(std::istream& in) {
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto rows = CsvParser(std::move(text)).rows();
    if (!rows.ok()) return rows.error();
    CsvTable table;
    if (rows.value().empty()) return table;
    table.header = std::move(rows.value().front());
    table.rows.assign(std::make_move_iterator(rows.value().begin() + 1),
                      std::make_move_iterator(rows.value().end()));
    return table;
}

Result<CsvTable> readCsvFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return makeError(ErrorCode::Unreadable, "cannot open it", file.string());
    auto table = readCsv(in);
    if (!table.ok()) {
        Error error = table.error();
        error.path = file.string();
        return error;
    }
    return table;
}

}  // namespace kith
