#include "sqlite.h"

#include <sqlite3.h>

namespace kith::store {
namespace {

[[noreturn]] void fail(sqlite3* db, int code, std::string_view doing) {
    throw SqliteError(std::string(doing) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)),
                      code & 0xff);
}

void check(sqlite3* db, int code, std::string_view doing) {
    if (code != SQLITE_OK) fail(db, code, doing);
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    check(db_,
          sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr),
          "preparing \"" + std::string(sql.substr(0, 60)) + "\"");
}

Statement::~Statement() {
    sqlite3_finalize(statement_);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), statement_(other.statement_) {
    other.statement_ = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(db_, sqlite3_bind_int64(statement_, index, value), "binding");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(db_, sqlite3_bind_double(statement_, index, value), "binding");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    check(db_,
          sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT),
          "binding");
    return *this;
}

Statement& Statement::bindBlob(int index, std::span<const std::byte> bytes) {
    check(db_,
          sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()),
                            SQLITE_TRANSIENT),
          "binding");
    return *this;
}

Statement& Statement::bindNull(int index) {
    check(db_, sqlite3_bind_null(statement_, index), "binding");
    return *this;
}

bool Statement::step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    fail(db_, code, "running \"" + std::string(sqlite3_sql(statement_)).substr(0, 60) + "\"");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(statement_, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(statement_, column);
}
bool Statement::isNull(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
    const auto* text = sqlite3_column_text(statement_, column);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<size_t>(sqlite3_column_bytes(statement_, column)))
                : std::string();
}

std::vector<std::byte> Statement::blob(int column) const {
    const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(statement_, column));
    const int size = sqlite3_column_bytes(statement_, column);
    return data ? std::vector<std::byte>(data, data + size) : std::vector<std::byte>();
}

namespace {

// `file` as an SQLite URI naming it, with `query`: the characters a URI gives a meaning to
// (and any byte outside printable ASCII) percent-encoded.
std::string fileUri(const std::filesystem::path& file, const std::string& query) {
    static const char* hex = "0123456789ABCDEF";
    std::string uri = "file:";
    const std::filesystem::path absolute = std::filesystem::absolute(file);
    for (const unsigned char c : absolute.native()) {
        if (c <= 0x20 || c >= 0x7f || c == '%' || c == '?' || c == '#')
            uri += {'%', hex[c >> 4], hex[c & 15]};
        else
            uri += static_cast<char>(c);
    }
    return uri + "?" + query;
}

}  // namespace

Database::Database(const std::filesystem::path& file, bool readOnly, bool create, bool immutable) {
    const int flags = (readOnly || immutable ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                      (create && !readOnly && !immutable ? SQLITE_OPEN_CREATE : 0) |
                      SQLITE_OPEN_NOMUTEX | (immutable ? SQLITE_OPEN_URI : 0);
    std::string name = file.native();
    if (immutable) name = fileUri(file, "immutable=1");
    const int code = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (code != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqliteError("opening " + file.string() + ": " + message, code & 0xff);
    }
    sqlite3_extended_result_codes(db_, 0);
    sqlite3_busy_timeout(db_, 5000);
}

Database::~Database() {
    sqlite3_close(db_);
}

void Database::exec(std::string_view sql) {
    char* message = nullptr;
    const int code = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
    if (code != SQLITE_OK) {
        const std::string text = message ? message : sqlite3_errstr(code);
        sqlite3_free(message);
        throw SqliteError(text, code & 0xff);
    }
}

std::int64_t Database::lastInsertId() const {
    return sqlite3_last_insert_rowid(db_);
}
int Database::changes() const {
    return sqlite3_changes(db_);
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (const SqliteError&) {
        // Nothing more can be done from a destructor; SQLite rolls back on close anyway.
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace kith::store
