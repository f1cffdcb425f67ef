// Fixture cross-references: a two-level JSON object of domain -> key -> target id.
#include "syncloom/interp/fixture_refs.hpp"

#include "eval.hpp"

namespace syncloom::interp {

std::string key_text(const Value& key) {
  if (auto* s = std::get_if<std::string>(&key.v)) return *s;
  std::string out;
  detail::write_json(key, out);
  return out;
}

bool FixtureRefs::parse(std::string_view json, std::string& error) {
  Value root;
  try {
    root = detail::parse_json(json);
  } catch (const detail::RecordError& e) {
    error = "refs: " + e.reason;
    return false;
  }
  for (const auto& [domain, keys] : *root.object()) {
    const Object* entries = keys.object();
    if (!entries) {
      error = "refs: `" + domain + "` must map keys to ids";
      return false;
    }
    for (const auto& [key, id] : *entries) {
      // Integer ids become ints, so ref() results have the id type the schema declares.
      if (auto* n = std::get_if<RawNumber>(&id.v)) {
        try {
          refs_[domain][key] = detail::convert_input(id, *ir::Type::scalar(ir::Kind::kInt), domain + "." + key);
        } catch (const detail::RecordError& e) {
          error = "refs: " + e.reason + " (" + n->text + ")";
          return false;
        }
      } else if (id.is_null()) {
        error = "refs: `" + domain + "." + key + "` is null; leave unsynced keys out instead";
        return false;
      } else {
        refs_[domain][key] = id;
      }
    }
  }
  return true;
}

std::optional<Value> FixtureRefs::resolve(std::string_view domain, const Value& key) const {
  auto d = refs_.find(domain);
  if (d == refs_.end()) return std::nullopt;
  auto it = d->second.find(key_text(key));
  if (it == d->second.end()) return std::nullopt;
  return it->second;
}

}  // namespace syncloom::interp
