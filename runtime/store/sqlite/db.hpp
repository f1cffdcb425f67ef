// A thin RAII layer over one sqlite3 connection: cached prepared statements, binding, stepping.
//
// Inside the SQLite store only, a failed SQLite call throws DbError; every public entry point catches it
// and answers an Error value (the write queue and the read path do), so no exception crosses the interface.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace syncloom::store::sqlite {

struct DbError : std::runtime_error {
  DbError(int code, const std::string& what) : std::runtime_error(what), sqlite_code(code) {}
  int sqlite_code;
};

class Db;

/// A statement borrowed from the cache; reset and unbound when it goes out of scope.
class Stmt {
 public:
  Stmt(Db& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  Stmt& bind(int index, std::int64_t value);
  Stmt& bind(int index, std::string_view value);
  Stmt& bind(int index, const std::optional<std::string>& value);
  Stmt& bind(int index, std::optional<std::int64_t> value);
  Stmt& bind_null(int index);
  bool step();  ///< true: a row is ready; false: done
  void run();   ///< steps to the end

  std::int64_t int_at(int column) const;
  std::string text_at(int column) const;
  bool null_at(int column) const;

 private:
  Db* db_;
  sqlite3_stmt* stmt_;
};

class Db {
 public:
  /// Opens (creating, unless `read_only`) the file. Throws DbError naming the path.
  Db(const std::string& path, int busy_timeout_ms, bool read_only = false);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql);      ///< one or more statements, no results
  Stmt prepare(const char* sql);           ///< cached by the text's address: pass string literals
  std::int64_t changes() const;
  std::int64_t last_insert_id() const;
  bool autocommit() const;  ///< true: no transaction is open
  [[noreturn]] void fail(int code, std::string_view doing) const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

}  // namespace syncloom::store::sqlite
