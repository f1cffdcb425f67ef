// Classification of WooCommerce answers into outcomes.
#include "woocommerce/woo_outcome.hpp"

#include <charconv>
#include <ctime>

#include "common/budget.hpp"

namespace syncloom::connectors::woo {
namespace {

bool is_json_type(const std::string& type) {
  return type == "application/json" || type.ends_with("+json") || type.empty();
}

// The parameter WooCommerce names: data.params {"per_page": "..."} (rest_invalid_param), or data.param.
std::string named_field(const wire::Value& error) {
  const wire::Value& data = error.at("data");
  const wire::Value& params = data.at("params");
  if (params.is_object() && !params.members().empty()) return params.members().front().first;
  if (params.is_array() && params.size() > 0 && params[0].is_string()) return params[0].text();
  if (data.at("param").is_string()) return data.at("param").text();
  return {};
}

std::string body_excerpt(std::string_view body) {
  std::string out(body.substr(0, 120));
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return body.size() > 120 ? out + "..." : out;
}

}  // namespace

Outcome error_outcome(const wire::Value& error, int status) {
  std::string code = error.at("code").is_string() ? error.at("code").text() : "";
  std::string message = error.at("message").is_string() ? error.at("message").text() : "";
  if (message.empty()) message = "HTTP " + std::to_string(status);
  if (status == 401 || status == 403) {
    Outcome outcome = Outcome::auth(message, status);
    outcome.code = code;
    return outcome;
  }
  if (status == 408 || status == 429 || status >= 500) return Outcome::retryable(message, code, status);
  std::string field = named_field(error);
  // rest_invalid_param says which parameter in `message` and why only in data.params: keep the why.
  const wire::Value& why = error.at("data").at("params").at(field);
  if (!field.empty() && why.is_string() && message.find(why.text()) == std::string::npos) message += " (" + why.text() + ")";
  return Outcome::permanent(message, code, field, status);
}

Answer classify(const http::Response& response) {
  Answer answer;
  if (response.transport != http::Transport::kOk) {
    std::string reason = std::string(http::transport_name(response.transport));
    answer.outcome = Outcome::retryable(reason + (response.error.empty() ? "" : ": " + response.error), reason);
    return answer;
  }
  int status = response.status;
  std::string type = response.content_type();
  std::optional<wire::Value> parsed;
  std::string parse_error;
  if (is_json_type(type) && !response.body.empty()) {
    auto result = wire::parse(response.body);
    if (result.value) parsed = std::move(*result.value);
    else parse_error = result.error;
  }
  if (status >= 200 && status < 300) {
    if (!is_json_type(type)) {
      answer.outcome = Outcome::retryable("HTTP " + std::to_string(status) + " with a " + type +
                                              " body, expected JSON: " + body_excerpt(response.body),
                                          "not_json", status);
    } else if (!parse_error.empty()) {
      answer.outcome = Outcome::retryable("HTTP " + std::to_string(status) + " with invalid or cut-off JSON (" +
                                              parse_error + ")",
                                          "malformed_body", status);
    } else if (parsed) {
      answer.body = std::move(*parsed);
    }
    return answer;
  }
  if (parsed && parsed->is_object()) {
    answer.outcome = error_outcome(*parsed, status);
  } else {
    std::string message = "HTTP " + std::to_string(status) +
                          (response.body.empty() ? "" : " with a " + (type.empty() ? "untyped" : type) +
                                                            " body: " + body_excerpt(response.body));
    wire::Value none = wire::Value::object();
    answer.outcome = error_outcome(none, status);
    answer.outcome.message = message;
  }
  if (status >= 300 && status < 400) {
    const std::string* location = response.header("Location");
    answer.outcome = Outcome::permanent("HTTP " + std::to_string(status) + " redirect to " +
                                            (location ? http::redact_url(*location) : "?") +
                                            ": set `url` to the store's final address",
                                        "redirect", {}, status);
  }
  if (answer.outcome.kind == OutcomeKind::kRetryable) {
    if (const std::string* after = response.header("Retry-After"))
      answer.outcome.retry_after = parse_retry_after(*after, std::chrono::system_clock::now());
    answer.outcome.throttled = status == 429 || (status == 503 && answer.outcome.retry_after.has_value());
  }
  return answer;
}

}  // namespace syncloom::connectors::woo
