// Field labels in Tryton's messages -> schema paths (see field_names.hpp).
#include "tryton/field_names.hpp"

namespace syncloom::connectors::tryton {
namespace {

/// The text between the quotes after `marker`, e.g. `field "Unit Price"` -> Unit Price.
std::string quoted_after(std::string_view message, std::string_view marker) {
  size_t at = message.find(marker);
  if (at == std::string_view::npos) return "";
  size_t start = at + marker.size(), end = message.find('"', start);
  return end == std::string_view::npos ? "" : std::string(message.substr(start, end - start));
}

/// fields_get of `model`: the field whose label is `label` and, separately, the One2Many field whose
/// relation is `relation`.
Outcome look_up(Core& core, std::string_view model, std::string_view label, std::string_view relation,
                std::string& by_label, std::string& by_relation) {
  RpcAnswer a = core.rpc->call("model." + std::string(model) + ".fields_get", list(wire::Value::null()));
  if (!a.outcome.ok()) return a.outcome;
  for (const auto& [name, field] : a.result.members()) {
    if (!label.empty() && field.at("string").text() == label && by_label.empty()) by_label = name;
    if (!relation.empty() && field.at("relation").text() == relation && field.at("type").text() == "one2many")
      by_relation = name;
  }
  return Outcome::success();
}

}  // namespace

std::string field_path_for(Core& core, const RecordInfo& info, std::string_view message) {
  std::string label = quoted_after(message, "field \"");
  if (label.empty()) return "";
  std::string model_label = quoted_after(message, "\" in \"");
  std::string model(info.model);
  std::string prefix;
  if (!model_label.empty()) {
    RpcAnswer m = core.rpc->call("model.ir.model.search_read",
                                 list(list(condition("name", "=", wire::Value::string(model_label))), wire::Value::integer(0),
                                      wire::Value::integer(1), wire::Value::null(), list(wire::Value::string("model"))));
    if (!m.outcome.ok() || m.result.size() != 1) return "";
    std::string named = m.result[0].at("model").text();
    if (named != model) {
      // A line model: the parent's One2Many field that holds it is the path's first part.
      std::string unused, holder;
      if (!look_up(core, model, "", named, unused, holder).ok() || holder.empty()) return "";
      prefix = holder + ".";
      model = named;
    }
  }
  std::string name, unused;
  if (!look_up(core, model, label, "", name, unused).ok() || name.empty()) return "";
  return prefix + name;
}

}  // namespace syncloom::connectors::tryton
