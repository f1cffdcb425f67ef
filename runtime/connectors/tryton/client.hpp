// JSON-RPC over the http::Client: every request passes the connector's BudgetGate, model calls carry the
// session's context as their last parameter, and a 401 renews the session once (docs/tryton.md).
//
//   RpcClient rpc(settings, http_options, budget);
//   RpcAnswer a = rpc.call("model.sale.sale.search", list(domain, 0, null, null));
//   if (!a.outcome.ok()) return a.outcome;   // permanent UserError with Tryton's message, retryable 5xx ...
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "common/budget.hpp"
#include "syncloom/connectors/connector.hpp"
#include "syncloom/http/client.hpp"
#include "tryton/auth.hpp"

namespace syncloom::connectors::tryton {

struct RpcAnswer {
  Outcome outcome;
  wire::Value result;
  std::string server_date;  ///< the answer's HTTP Date header (the server's clock, to the second)
};

/// One HTTP exchange as an answer to `method`: transport failures and statuses first (401 auth, 408/429/5xx
/// retryable with Retry-After, others permanent), then the JSON-RPC body of a 200 (not JSON-RPC: retryable;
/// an `error` member: classify_rpc_error; else the `result`). What RpcClient::call answers.
RpcAnswer rpc_answer(const http::Response& response, std::string_view method);

struct ClientSettings {
  std::string endpoint;  ///< "http://127.0.0.1:8000/shop/": the database's JSON-RPC URL
  std::string user = "admin";
  Secret password;
  std::string language = "en";
};

/// Whether a JSON-RPC method only reads ("model.sale.sale.search_read", "common.db.login"): such a call
/// may be resent by the HTTP layer; any other one (create, write, quote ...) is sent once at most.
bool rpc_reads_only(std::string_view method);

class RpcClient {
 public:
  RpcClient(ClientSettings settings, http::ClientOptions http_options, Budget budget);

  /// Calls `method` with `params` (a JSON array without the context); the session's context, with the
  /// members of `context` merged in, is appended as the last parameter.
  RpcAnswer call(std::string_view method, wire::Value params, const wire::Value& context = {},
                 std::string_view correlation_id = {});
  /// A call on the root URL without a session (common.server.version).
  RpcAnswer call_root(std::string_view method, wire::Value params);

  Session& session() { return session_; }
  /// Logs in when there is no session yet; the user id and context of the session.
  Login credentials() { return session_.current(); }
  ConnectorStats stats() const;

 private:
  RpcAnswer send(const std::string& url, std::string_view method, const wire::Value& params,
                 const std::string* authorization, std::string_view correlation_id, std::vector<std::string> redact);
  Login login(uint64_t generation);

  ClientSettings settings_;
  http::Client http_;
  BudgetGate gate_;
  Session session_;
  std::atomic<uint64_t> next_id_{1};
  mutable std::atomic<uint64_t> retryable_{0}, permanent_{0}, auth_failures_{0}, throttled_{0}, relogins_{0};
};

/// Builds a JSON array from values: list(domain, 0, wire::Value(), ...).
template <typename... Values>
wire::Value list(Values&&... values) {
  wire::Value out = wire::Value::array();
  (out.push_back(wire::Value(std::forward<Values>(values))), ...);
  return out;
}

}  // namespace syncloom::connectors::tryton
