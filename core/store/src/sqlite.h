// A thin RAII layer over the SQLite C API: a connection, prepared statements, transactions.
// Errors throw SqliteError; the Library catches it at its public boundary and returns a Result.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace kith::store {

class SqliteError : public std::runtime_error {
  public:
    SqliteError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }  // SQLite's primary result code (SQLITE_BUSY, ...)

  private:
    int code_;
};

class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    // Binds are 1-based, as in SQLite. Each returns *this for chaining.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bindBlob(int index, std::span<const std::byte> bytes);
    Statement& bindNull(int index);

    /// Steps once: true while a row is available.
    bool step();
    /// Runs a statement that returns no rows.
    void run();
    /// Resets for the next use and clears the bindings.
    void reset();

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;  // "" for NULL
    std::vector<std::byte> blob(int column) const;
    bool isNull(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

/// One connection. Thread-safety: use from one thread at a time.
class Database {
  public:
    /// Opens (creating if `create`) the database file. readOnly connections never write.
    /// `immutable`: read-only, and the file is taken to change under nobody (SQLite's
    /// immutable=1): what reads a library in a folder it cannot write, where SQLite cannot make
    /// the files its locking needs.
    Database(const std::filesystem::path& file, bool readOnly, bool create, bool immutable = false);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    std::int64_t lastInsertId() const;
    int changes() const;
    sqlite3* handle() { return db_; }

  private:
    sqlite3* db_ = nullptr;
};

/// BEGIN IMMEDIATE on construction; rolls back on destruction unless committed.
class Transaction {
  public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Database& db_;
    bool open_ = true;
};

}  // namespace kith::store
