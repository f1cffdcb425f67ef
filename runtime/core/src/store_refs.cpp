// Cross-references from the store for ref(), and the one spelling of a key both sides use.
#include "syncloom/core/store_refs.hpp"

#include "syncloom/interp/fixture_refs.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::core {

std::string store_key(std::string_view identity_json) {
  auto parsed = wire::parse(identity_json);
  if (parsed.value && parsed.value->is_string()) return parsed.value->text();
  return std::string(identity_json);
}

std::optional<interp::Value> StoreRefs::resolve(std::string_view domain, const interp::Value& key) const {
  auto found = store_.xref(std::string(domain), interp::key_text(key));
  if (!found.ok()) {
    errors_.fetch_add(1);
    return std::nullopt;
  }
  const std::optional<store::Xref>& xref = found.value();
  if (!xref) return std::nullopt;
  interp::Value id;
  // Ids travel as text; ref() converts them to the static type (interp::ref_id).
  if (system_.empty() || xref->target_system == system_) {
    id.v = xref->target_id;
    return id;
  }
  if (!xref->last_state) return std::nullopt;
  auto state = wire::parse(*xref->last_state);
  if (!state.value || !state.value->is_object()) return std::nullopt;
  const wire::Value* from = state.value->find("source_system");
  const wire::Value* source_id = state.value->find("source_id");
  if (!from || !source_id || from->text() != system_ || source_id->text().empty()) return std::nullopt;
  id.v = source_id->text();
  return id;
}

}  // namespace syncloom::core
