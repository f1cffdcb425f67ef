// A thin RAII layer over one libpq connection: parameters as text, results as RAII rows, errors thrown.
//
// Inside the PostgreSQL store only, a failed call throws PgError; every public entry point catches it and
// answers an Error value (the write queue and the read path do), so no exception crosses the interface.
// The label names host, port and database only: the password (PGPASSWORD) is never part of a message.
#pragma once
#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace syncloom::store::postgres {

class PgError : public std::runtime_error {
 public:
  PgError(std::string sqlstate, const std::string& message) : std::runtime_error(message), sqlstate(std::move(sqlstate)) {}
  std::string sqlstate;  ///< "40P01" (deadlock), "08006" (connection failure), "" when libpq had none
};

/// One bound parameter, as text (NULL when empty): PostgreSQL converts it to the column's type.
struct Param {
  std::optional<std::string> text;
  Param(std::nullopt_t) {}                                               // NOLINT(google-explicit-constructor)
  Param(std::int64_t v) : text(std::to_string(v)) {}                     // NOLINT(google-explicit-constructor)
  Param(int v) : text(std::to_string(v)) {}                              // NOLINT(google-explicit-constructor)
  Param(bool v) : text(v ? "1" : "0") {}                                 // NOLINT(google-explicit-constructor)
  Param(std::string_view v) : text(std::string(v)) {}                    // NOLINT(google-explicit-constructor)
  Param(const std::string& v) : text(v) {}                               // NOLINT(google-explicit-constructor)
  Param(const char* v) : text(std::string(v)) {}                         // NOLINT(google-explicit-constructor)
  Param(const std::optional<std::string>& v) : text(v) {}                // NOLINT(google-explicit-constructor)
  Param(const std::optional<std::int64_t>& v) {                          // NOLINT(google-explicit-constructor)
    if (v) text = std::to_string(*v);
  }
};

/// A query's answer (owns the PGresult).
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result) {}
  ~Rows() { if (result_) PQclear(result_); }
  Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Rows& operator=(Rows&&) = delete;
  Rows(const Rows&) = delete;
  int size() const { return PQntuples(result_); }
  bool empty() const { return size() == 0; }
  bool null(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }
  std::string text(int row, int col) const { return std::string(PQgetvalue(result_, row, col), PQgetlength(result_, row, col)); }
  std::int64_t int64(int row, int col) const { return null(row, col) ? 0 : std::stoll(PQgetvalue(result_, row, col)); }
  std::int64_t affected() const;  ///< rows an UPDATE/DELETE changed

 private:
  PGresult* result_;
};

class Conn {
 public:
  /// Connects (throws PgError naming `label` when it cannot).
  Conn(std::string conninfo, std::string label);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  Rows query(const char* sql, std::initializer_list<Param> params = {});
  Rows query(const char* sql, const std::vector<Param>& params);
  void exec(const char* sql);  ///< several statements, no parameters (migrations, BEGIN)
  /// After a server restart or a dropped connection: connect again (throws when it still cannot).
  void ensure_connected();
  bool in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }
  const std::string& label() const { return label_; }
  PGconn* handle() { return conn_; }

 private:
  [[noreturn]] void fail(PGresult* result, std::string_view sql);
  std::string conninfo_;
  std::string label_;
  PGconn* conn_ = nullptr;
};

}  // namespace syncloom::store::postgres
