// Cross-references from the store for ref(), and the one spelling of a key both sides use.
#include "syncloom/core/store_refs.hpp"

#include "syncloom/interp/fixture_refs.hpp"
#include "syncloom/interp/value.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::core {

std::string store_key(std::string_view identity_json) {
  auto parsed = wire::parse(identity_json);
  if (parsed.value && parsed.value->is_string()) return parsed.value->text();
  return std::string(identity_json);
}

std::string synced_state_json(const SyncedState& state) {
  std::string out = "{\"source_system\":";
  interp::append_json_string(state.source_system, out);
  out += ",\"source_id\":";
  interp::append_json_string(state.source_id, out);
  out += ",\"output_hash\":";
  interp::append_json_string(state.output_hash, out);
  if (!state.target_version.empty()) {
    out += ",\"target_version\":";
    interp::append_json_string(state.target_version, out);
  }
  if (!state.merge_base.empty()) out += ",\"merge_base\":" + state.merge_base;  // a JSON object already
  if (!state.source_version.empty()) {
    out += ",\"source_version\":";
    interp::append_json_string(state.source_version, out);
  }
  out += "}";
  return out;
}

SyncedState parse_synced_state(const std::optional<std::string>& last_state) {
  SyncedState state;
  if (!last_state) return state;
  auto parsed = wire::parse(*last_state);
  if (!parsed.value || !parsed.value->is_object()) return state;
  auto member = [&](std::string_view name) {
    const wire::Value* v = parsed.value->find(name);
    return v && v->is_string() ? v->text() : std::string();
  };
  state.source_system = member("source_system");
  state.source_id = member("source_id");
  state.output_hash = member("output_hash");
  state.target_version = member("target_version");
  state.source_version = member("source_version");
  if (const wire::Value* base = parsed.value->find("merge_base"); base && base->is_object())
    state.merge_base = wire::dump(*base);
  return state;
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
  SyncedState state = parse_synced_state(xref->last_state);
  if (state.source_system != system_ || state.source_id.empty()) return std::nullopt;
  id.v = std::move(state.source_id);
  return id;
}

}  // namespace syncloom::core
