// Shared helpers of the Tryton connector (see core.hpp).
#include "tryton/core.hpp"

#include <charconv>

namespace syncloom::connectors::tryton {

wire::Value Core::read_context(const RecordInfo& info) const {
  wire::Value context = wire::Value::object();
  // Deactivated parties and products are records too: a get or a listing must see them (and a create
  // must find them, since their codes stay unique).
  context.set("active_test", wire::Value::boolean(false));
  if (info.stock) context.set("locations", list(wire::Value::integer(warehouse)));
  return context;
}

std::optional<int64_t> parse_id(std::string_view text) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

wire::Value condition(std::string_view field, std::string_view op, wire::Value value) {
  return list(wire::Value::string(std::string(field)), wire::Value::string(std::string(op)), std::move(value));
}

wire::Value domain_from(std::string_view json) {
  auto parsed = wire::parse(json);
  return parsed.value && parsed.value->is_array() ? std::move(*parsed.value) : wire::Value::array();
}

wire::Value ids_value(const std::vector<int64_t>& ids) {
  wire::Value out = wire::Value::array();
  for (int64_t id : ids) out.push_back(wire::Value::integer(id));
  return out;
}

std::vector<int64_t> ids_of(const wire::Value& list) {
  std::vector<int64_t> ids;
  for (const wire::Value& v : list.items())
    if (auto id = v.as_int64()) ids.push_back(*id);
  return ids;
}

wire::Value strings_value(const std::vector<std::string>& strings) {
  wire::Value out = wire::Value::array();
  for (const std::string& s : strings) out.push_back(wire::Value::string(s));
  return out;
}

std::string version_of(const wire::Value& decoded) {
  const wire::Value* w = decoded.find("write_date");
  if (w && w->is_string()) return w->text();
  const wire::Value* c = decoded.find("create_date");
  return c && c->is_string() ? c->text() : std::string();
}

std::vector<std::string> fields_for(const Core& core, const RecordInfo& info) {
  std::vector<std::string> fields = read_fields(*core.type(info.record));
  for (const DerivedField& d : info.derived) {
    std::erase(fields, std::string(d.field));  // no such field on the model: read through its path instead
    if (core.type(info.record)->find(d.field)) fields.emplace_back(d.read);
  }
  for (const char* f : {"id", "create_date", "write_date"})
    if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.emplace_back(f);
  return fields;
}

namespace {

// The first value at a dotted read's path in Tryton's answer ("incoming_moves." holds records, "origin."
// the record a reference points to), going through lists; null when no related record has it.
wire::Value derived_value(const wire::Value& row, std::string_view path) {
  size_t dot = path.find('.');
  if (dot == std::string_view::npos) {
    const wire::Value* v = row.find(path);
    return v ? *v : wire::Value::null();
  }
  const wire::Value* related = row.find(std::string(path.substr(0, dot)) + ".");
  if (!related) return wire::Value::null();
  std::string_view rest = path.substr(dot + 1);
  if (related->is_object()) return derived_value(*related, rest);
  for (const wire::Value& item : related->items())
    if (item.is_object())
      if (wire::Value v = derived_value(item, rest); !v.is_null() && !(v.is_bool() && !v.as_bool())) return v;
  return wire::Value::null();
}

}  // namespace

Fetched fetched_from(const Core& core, const RecordInfo& info, const wire::Value& row) {
  Fetched f;
  wire::Value decoded = decode_record(*core.type(info.record), row);
  for (const DerivedField& d : info.derived)
    if (core.type(info.record)->find(d.field)) {
      wire::Value v = derived_value(row, d.read);
      decoded.set(d.field, v.is_bool() ? wire::Value::null() : std::move(v));  // Tryton answers false for "none"
    }
  f.found = true;
  if (auto id = row.at("id").as_int64()) f.id = std::to_string(*id);
  f.version = version_of(decoded);
  f.json = wire::dump(decoded);
  return f;
}

Outcome read_rows(Core& core, const RecordInfo& info, const std::vector<int64_t>& ids, std::vector<wire::Value>& rows,
                  std::string_view correlation_id) {
  rows.clear();
  if (ids.empty()) return Outcome::success();
  // search_read by id rather than read: a deleted id is then absent instead of an error.
  wire::Value domain = domain_from(info.base_domain);
  domain.push_back(condition("id", "in", ids_value(ids)));
  RpcAnswer a = core.rpc->call("model." + std::string(info.model) + ".search_read",
                               list(std::move(domain), wire::Value::integer(0), wire::Value::null(), wire::Value::null(),
                                    strings_value(fields_for(core, info))),
                               core.read_context(info), correlation_id);
  if (!a.outcome.ok()) return a.outcome;
  // Keep the order the caller asked for.
  for (int64_t id : ids)
    for (wire::Value& row : a.result.items())
      if (row.at("id").as_int64() == id) rows.push_back(std::move(row));
  return Outcome::success();
}

}  // namespace syncloom::connectors::tryton
