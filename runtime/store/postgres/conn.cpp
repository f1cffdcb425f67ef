// The libpq wrapper (conn.hpp).
#include "conn.hpp"

#include <cstdlib>

namespace syncloom::store::postgres {

std::int64_t Rows::affected() const {
  const char* n = PQcmdTuples(result_);
  return n && *n ? std::stoll(n) : 0;
}

Conn::Conn(std::string conninfo, std::string label) : conninfo_(std::move(conninfo)), label_(std::move(label)) {
  ensure_connected();
}

Conn::~Conn() {
  if (conn_) PQfinish(conn_);
}

void Conn::ensure_connected() {
  if (conn_ && PQstatus(conn_) == CONNECTION_OK) return;
  if (conn_) {
    PQreset(conn_);
  } else {
    conn_ = PQconnectdb(conninfo_.c_str());
  }
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = label_ + ": cannot connect: " + PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw PgError("08006", message);
  }
  // Quiet NOTICEs (CREATE ... IF NOT EXISTS); UTC so that nothing depends on the server's zone.
  PQclear(PQexec(conn_, "SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
}

Rows Conn::query(const char* sql, std::initializer_list<Param> params) {
  return query(sql, std::vector<Param>(params));
}

Rows Conn::query(const char* sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p.text ? p.text->c_str() : nullptr);
  PGresult* result = PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, sql);
  return Rows(result);
}

void Conn::exec(const char* sql) {
  PGresult* result = PQexec(conn_, sql);
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, sql);
  PQclear(result);
}

void Conn::fail(PGresult* result, std::string_view sql) {
  std::string state;
  std::string message;
  if (result) {
    const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    if (code) state = code;
    message = PQresultErrorMessage(result);
    PQclear(result);
  }
  if (message.empty()) message = PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (state.empty() && PQstatus(conn_) != CONNECTION_OK) state = "08006";
  std::string text(sql.substr(0, 80));
  throw PgError(state, label_ + ": " + message + " (in: " + text + (sql.size() > 80 ? "..." : "") + ")");
}

}  // namespace syncloom::store::postgres
