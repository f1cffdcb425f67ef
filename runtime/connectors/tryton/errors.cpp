// Classification of Tryton's JSON-RPC errors (see errors.hpp).
#include "tryton/errors.hpp"

namespace syncloom::connectors::tryton {
namespace {

std::string text_at(const wire::Value& list, size_t i) {
  return list.is_array() && i < list.size() && list[i].is_string() ? list[i].text() : std::string();
}

std::string joined(std::string message, const std::string& description) {
  if (!description.empty()) message += (message.empty() ? "" : " ") + description;
  return message;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

std::string field_label(std::string_view message) {
  for (std::string_view marker : {"field \"", "Field \""}) {
    size_t at = message.find(marker);
    if (at == std::string_view::npos) continue;
    size_t start = at + marker.size();
    size_t end = message.find('"', start);
    if (end != std::string_view::npos) return std::string(message.substr(start, end - start));
  }
  return "";
}

Outcome classify_rpc_error(const wire::Value& error, std::string_view method) {
  std::string kind = text_at(error, 0);
  const wire::Value& args = error.is_array() && error.size() > 1 ? error[1] : wire::Value::null();
  if (kind == "UserError") {
    std::string message = joined(text_at(args, 0), text_at(args, 1));
    if (message.empty()) message = "Tryton refused " + std::string(method) + " without a message";
    return Outcome::permanent(message, "UserError", field_label(message));
  }
  if (kind == "UserWarning") {
    // args: [warning name, message, description]. Answering yes needs a res.user.warning record for the
    // name, which is a person's decision (TRYTON.md pitfall 3): the outcome says which warning it was.
    std::string message = joined(text_at(args, 1), text_at(args, 2));
    if (message.empty()) message = text_at(args, 0);
    if (message.empty()) message = "Tryton warned about " + std::string(method) + " without a message";
    return Outcome::permanent(message, "UserWarning", field_label(message));
  }
  if (kind == "ConcurrencyException") return Outcome::retryable(joined(text_at(args, 0), ""), kind);
  if (kind.size() >= 2 && kind.front() == '\'' && kind.back() == '\'') {
    return Outcome::permanent("Tryton knows no model, field or method " + kind + " (in " + std::string(method) + ")",
                              "unknown", kind.substr(1, kind.size() - 2));
  }
  std::string message = joined(kind, text_at(error, 1));
  if (contains(message, "database is locked") || contains(message, "could not serialize") ||
      contains(message, "deadlock"))
    return Outcome::retryable("Tryton: " + message, "database_busy");
  if (message.empty()) message = wire::dump(error);
  return Outcome::permanent("Tryton failed " + std::string(method) + ": " + message, "server_error");
}

}  // namespace syncloom::connectors::tryton
