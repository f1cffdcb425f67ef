// JSON-RPC calls, answer classification and session renewal (see client.hpp).
#include "tryton/client.hpp"

#include <charconv>

#include "common/retry_after.hpp"
#include "tryton/errors.hpp"

namespace syncloom::connectors::tryton {
namespace {

std::string excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 80)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

/// An HTTP exchange -> an outcome, before looking inside a JSON-RPC answer.
Outcome classify_http(const http::Response& response, std::string_view method) {
  if (response.transport != http::Transport::kOk) {
    std::string message = std::string(http::transport_name(response.transport)) + " calling " + std::string(method) +
                          (response.error.empty() ? "" : ": " + response.error);
    if (response.transport == http::Transport::kTooLarge)
      return Outcome::permanent(message + " (the answer exceeds max_body_bytes; read fewer records per page)",
                                "too_large");
    return Outcome::retryable(message, http::transport_name(response.transport));
  }
  int status = response.status;
  if (status == 200) return Outcome::success();
  if (status == 401) return Outcome::auth("Tryton answered 401 to " + std::string(method), status);
  if (status == 403)
    return Outcome::permanent("Tryton forbids " + std::string(method) + " over RPC (HTTP 403)", "forbidden", {}, status);
  if (status == 408 || status == 429 || status >= 500) {
    Outcome o = Outcome::retryable("Tryton answered HTTP " + std::to_string(status) + " to " + std::string(method),
                                   "http_" + std::to_string(status), status);
    o.retry_after = retry_after(response);
    o.throttled = status == 429 || (status == 503 && o.retry_after);
    return o;
  }
  return Outcome::permanent("Tryton answered HTTP " + std::to_string(status) + " to " + std::string(method) + ": " +
                                excerpt(response.body),
                            "http_" + std::to_string(status), {}, status);
}

}  // namespace

RpcAnswer rpc_answer(const http::Response& response, std::string_view method) {
  RpcAnswer answer;
  if (const std::string* date = response.header("Date")) answer.server_date = *date;
  answer.outcome = classify_http(response, method);
  if (!answer.outcome.ok()) return answer;

  // HTTP 200: it must be a JSON-RPC answer. An HTML page (a proxy's error page) or a cut-off body is the
  // transport's fault, not the request's: retryable.
  auto parsed = wire::parse(response.body);
  std::string type = response.content_type();
  if (!parsed.value || !parsed.value->is_object() ||
      (!parsed.value->find("result") && !parsed.value->find("error"))) {
    std::string why = parsed.value ? "no result or error member" : parsed.error;
    answer.outcome = Outcome::retryable("HTTP 200 with a " + (type.empty() ? std::string("untyped") : type) +
                                            " body that is not a JSON-RPC answer to " + std::string(method) + " (" +
                                            why + "): " + excerpt(response.body),
                                        type == "text/html" ? "html_body" : "malformed_body", 200);
    return answer;
  }
  if (const wire::Value* error = parsed.value->find("error"); error && !error->is_null()) {
    answer.outcome = classify_rpc_error(*error, method);
    answer.outcome.http_status = 200;
    return answer;
  }
  answer.result = std::move(*parsed.value->find("result"));
  return answer;
}

// Calls that change nothing may be resent by the HTTP layer on a fresh connection; a create, write,
// delete or workflow step must not be (it would run twice), so it never rides a reused connection.
bool rpc_reads_only(std::string_view method) {
  if (method.starts_with("common.")) return true;  // login: a second session is harmless
  std::string_view name = method.substr(method.rfind('.') + 1);
  for (std::string_view read : {"read", "search", "search_read", "search_count", "fields_get", "get_preferences"})
    if (name == read) return true;
  return false;
}

RpcClient::RpcClient(ClientSettings settings, http::ClientOptions http_options, Budget budget)
    : settings_(std::move(settings)),
      http_(std::move(http_options)),
      gate_(budget),
      session_([this](uint64_t generation) { return login(generation); }) {}

RpcAnswer RpcClient::send(const std::string& url, std::string_view method, const wire::Value& params,
                          const std::string* authorization, std::string_view correlation_id,
                          std::vector<std::string> redact) {
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.headers.push_back({"Content-Type", "application/json"});
  if (authorization) request.headers.push_back({"Authorization", *authorization});
  request.correlation_id = std::string(correlation_id);
  request.redact = std::move(redact);
  request.idempotent = rpc_reads_only(method);
  request.body = "{\"id\":" + std::to_string(next_id_++) + ",\"method\":";
  wire::append_quoted(method, request.body);
  request.body += ",\"params\":";
  wire::dump_to(params, request.body);
  request.body += "}";

  http::Response response;
  {
    auto ticket = gate_.acquire();
    response = http_.send(request);
  }
  RpcAnswer answer = rpc_answer(response, method);
  if (answer.outcome.throttled && answer.outcome.retry_after) gate_.hold(*answer.outcome.retry_after);
  return answer;
}

Login RpcClient::login(uint64_t generation) {
  wire::Value password = wire::Value::object();
  password.set("password", wire::Value::string(std::string(settings_.password.reveal())));
  wire::Value params = list(wire::Value::string(settings_.user), std::move(password), wire::Value::string(settings_.language));
  std::vector<std::string> redact;
  if (!settings_.password.empty()) redact.emplace_back(settings_.password.reveal());
  RpcAnswer answer = send(settings_.endpoint, "common.db.login", params, nullptr, {}, std::move(redact));
  if (!answer.outcome.ok()) {
    if (answer.outcome.kind == OutcomeKind::kAuth || answer.outcome.code == "UserError") {
      ++auth_failures_;
      return {Outcome::auth("Tryton refused the login of user `" + settings_.user +
                                "` (wrong password, or too many failed attempts)",
                            answer.outcome.http_status),
              nullptr};
    }
    return {answer.outcome, nullptr};
  }
  const wire::Value& r = answer.result;
  if (!r.is_array() || r.size() < 2 || !r[0].as_int64() || !r[1].is_string()) {
    ++auth_failures_;
    return {Outcome::auth("Tryton answered the login of `" + settings_.user + "` without a session"), nullptr};
  }
  auto credentials = std::make_shared<Credentials>();
  credentials->uid = *r[0].as_int64();
  credentials->authorization = session_header(settings_.user, credentials->uid, r[1].text());
  credentials->generation = generation;
  if (generation > 1) ++relogins_;
  // The user's preferences are the context of every later call (company, language): without it sales
  // get no company and defaults break (TRYTON.md pitfall 7).
  RpcAnswer prefs = send(settings_.endpoint, "model.res.user.get_preferences",
                         list(wire::Value::boolean(true), wire::Value::object()), &credentials->authorization, {}, {});
  if (!prefs.outcome.ok()) return {prefs.outcome, nullptr};
  credentials->context = prefs.result.is_object() ? std::move(prefs.result) : wire::Value::object();
  return {Outcome::success(), std::move(credentials)};
}

RpcAnswer RpcClient::call(std::string_view method, wire::Value params, const wire::Value& context,
                          std::string_view correlation_id) {
  Login login = session_.current();
  if (!login.outcome.ok()) return {login.outcome, {}, {}};
  for (int attempt = 0;; ++attempt) {
    wire::Value merged = login.credentials->context;
    if (context.is_object())
      for (const auto& [key, value] : context.members()) merged.set(key, value);
    wire::Value with_context = params;
    with_context.push_back(std::move(merged));
    RpcAnswer answer = send(settings_.endpoint, method, with_context, &login.credentials->authorization, correlation_id, {});
    if (answer.outcome.kind != OutcomeKind::kAuth || attempt == 1) {
      if (answer.outcome.kind == OutcomeKind::kAuth) {
        ++auth_failures_;
        answer.outcome.message += " after a fresh login";
      } else if (answer.outcome.kind == OutcomeKind::kRetryable) {
        ++retryable_;
        if (answer.outcome.throttled) ++throttled_;
      } else if (answer.outcome.kind == OutcomeKind::kPermanent) {
        ++permanent_;
      }
      return answer;
    }
    // The session expired or was deleted: log in once more (unless another thread just did) and repeat.
    login = session_.renew(login.credentials->generation);
    if (!login.outcome.ok()) return {login.outcome, {}, {}};
  }
}

RpcAnswer RpcClient::call_root(std::string_view method, wire::Value params) {
  std::string root = settings_.endpoint;
  // endpoint is ".../DATABASE/": the root is what precedes the database.
  if (root.size() > 1) {
    size_t slash = root.rfind('/', root.size() - 2);
    if (slash != std::string::npos) root = root.substr(0, slash + 1);
  }
  return send(root, method, params, nullptr, {}, {});
}

ConnectorStats RpcClient::stats() const {
  ConnectorStats s;
  http::ClientStats h = http_.stats();
  BudgetGate::Use use = gate_.use();
  s.requests = h.requests;
  s.connections = h.connections;
  s.seconds_in_requests = h.seconds;
  s.retryable = retryable_, s.permanent = permanent_, s.auth_failures = auth_failures_;
  s.throttled = throttled_, s.relogins = relogins_;
  s.budget_waits = use.waits, s.in_flight = use.in_flight, s.max_in_flight = use.max_in_flight;
  return s;
}

}  // namespace syncloom::connectors::tryton
