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
  id.v = xref->target_id;  // ids travel as text; ref() converts to the static type (interp::ref_id)
  return id;
}

}  // namespace syncloom::core
