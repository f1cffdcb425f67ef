// The id a cross-reference resolves to, as the ref's static type: the store and fixtures keep ids as JSON
// values (a NetSuite internal id may come back as 42 or "42"), but a mapping typed the id, and what it
// writes must have that type.
#include <charconv>

#include "eval.hpp"

namespace syncloom::interp {

std::optional<Value> ref_id(const Value& id, const ir::Type& type, std::string& error) {
  if (type.kind == ir::Kind::kString) {
    if (std::holds_alternative<std::string>(id.v)) return id;
    if (auto* i = std::get_if<int64_t>(&id.v)) return Value{std::to_string(*i)};
    if (auto* n = std::get_if<RawNumber>(&id.v)) return Value{n->text};
  } else if (type.kind == ir::Kind::kInt) {
    if (std::holds_alternative<int64_t>(id.v)) return id;
    std::string_view text;
    if (auto* s = std::get_if<std::string>(&id.v)) text = *s;
    if (auto* n = std::get_if<RawNumber>(&id.v)) text = n->text;
    int64_t i = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
    if (!text.empty() && ec == std::errc() && p == text.data() + text.size()) return Value{i};
  } else {
    try {
      return detail::convert_input(id, type, "id");
    } catch (const detail::RecordError&) {
    }
  }
  std::string json;
  detail::write_json(id, json);
  error = "the cross-reference store returned " + json + ", which is not a " + type.to_string();
  return std::nullopt;
}

}  // namespace syncloom::interp
