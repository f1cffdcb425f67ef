// Creates and updates (see write.hpp).
#include "tryton/write.hpp"
#include "common/failure.hpp"

#include "tryton/field_names.hpp"
#include "tryton/read.hpp"

namespace syncloom::connectors::tryton {
namespace {

std::string model_method(const RecordInfo& info, std::string_view method) {
  return "model." + std::string(info.model) + "." + std::string(method);
}

/// The key to search before a create: the request's, else the record's natural key from its body.
KeyQuery key_for(const RecordInfo& info, const WriteRequest& request, const wire::Value& body) {
  if (!request.key.field.empty()) return request.key;
  if (info.natural_key.empty()) return {};
  const wire::Value* v = body.find(info.natural_key);
  if (!v && info.record == "inventoryItem") v = body.find("suffix_code");  // the code is prefix + suffix
  if (v && v->is_string() && !v->text().empty()) return {std::string(info.natural_key), v->text()};
  return {};
}

/// Fills what Tryton's client fills with on_change, which does not run over RPC: a sale's addresses
/// from its party, and each product line's taxes from the product's category (the customer taxes).
Outcome fill_sale(Core& core, wire::Value& vals, std::string_view cid) {
  const wire::Value* party = vals.find("party");
  if (party && party->as_int64() && (!vals.find("invoice_address") || !vals.find("shipment_address"))) {
    RpcAnswer a = core.rpc->call("model.party.party.read", list(list(*party), list(wire::Value::string("addresses"))), {}, cid);
    if (!a.outcome.ok()) return a.outcome;
    std::vector<int64_t> addresses = a.result.size() == 1 ? ids_of(a.result[0].at("addresses")) : std::vector<int64_t>{};
    if (!addresses.empty()) {
      if (!vals.find("invoice_address")) vals.set("invoice_address", wire::Value::integer(addresses.front()));
      if (!vals.find("shipment_address")) vals.set("shipment_address", wire::Value::integer(addresses.front()));
    }
  }
  wire::Value* lines = vals.find("lines");
  if (!lines || !lines->is_array() || lines->size() == 0) return Outcome::success();
  wire::Value& created = (*lines)[0][1];  // [["create", [line, ...]]]
  std::vector<int64_t> products;
  for (const wire::Value& line : created.items())
    if (!line.find("taxes") && line.at("product").as_int64()) products.push_back(*line.at("product").as_int64());
  if (products.empty()) return Outcome::success();
  RpcAnswer a = core.rpc->call("model.product.product.read",
                               list(ids_value(products), list(wire::Value::string("account_category"))), {}, cid);
  if (!a.outcome.ok()) return a.outcome;
  std::vector<std::pair<int64_t, int64_t>> category_of;  // product -> category
  std::vector<int64_t> categories;
  for (const wire::Value& row : a.result.items())
    if (auto c = row.at("account_category").as_int64()) {
      category_of.emplace_back(*row.at("id").as_int64(), *c);
      categories.push_back(*c);
    }
  std::vector<std::pair<int64_t, wire::Value>> taxes_of;  // category -> tax ids
  if (!categories.empty()) {
    RpcAnswer c = core.rpc->call("model.product.category.read",
                                 list(ids_value(categories), list(wire::Value::string("customer_taxes_used"))), {}, cid);
    if (!c.outcome.ok()) return c.outcome;
    for (const wire::Value& row : c.result.items()) taxes_of.emplace_back(*row.at("id").as_int64(), row.at("customer_taxes_used"));
  }
  for (wire::Value& line : created.items()) {
    auto product = line.at("product").as_int64();
    if (line.find("taxes") || !product) continue;
    for (const auto& [p, c] : category_of)
      if (p == *product)
        for (const auto& [cat, taxes] : taxes_of)
          if (cat == c && taxes.size() > 0) line.set("taxes", list(list(wire::Value::string("add"), taxes)));
  }
  return Outcome::success();
}

/// Number texts equal as numbers ("20.00" and "20.0000", "2" and "2.0"): SQLite keeps the scale written,
/// PostgreSQL answers the column's.
std::string canonical_number(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

/// Every member `wanted` gives has the same value in `current` (lists and structs member by member).
bool same_as(const wire::Value& wanted, const wire::Value& current) {
  if (wanted.is_number() && current.is_number()) return canonical_number(wanted.text()) == canonical_number(current.text());
  if (wanted.is_array() && current.is_array()) {
    if (wanted.size() != current.size()) return false;
    for (size_t i = 0; i < wanted.size(); ++i)
      if (!same_as(wanted[i], current[i])) return false;
    return true;
  }
  if (wanted.is_object() && current.is_object()) {
    for (const auto& [name, value] : wanted.members())
      if (name != "id" && !same_as(value, current.at(name))) return false;
    return true;
  }
  return wanted == current;
}

/// Before an update replaces a list field, the members it has now go: One2Many members are deleted,
/// Many2Many links removed ([["delete", ids], ["create", [...]]]). A list that already holds what the
/// update sends is left alone: an order update resends a confirmed sale's lines, which Tryton would
/// refuse to delete ("you must cancel or reset to draft"), although nothing about them changed.
Outcome replace_lists(Core& core, const RecordInfo& info, int64_t id, const wire::Value& wanted, wire::Value& vals,
                      std::string_view cid) {
  std::vector<std::string> list_fields;
  for (const auto& [name, value] : vals.members())
    if (value.is_array()) list_fields.push_back(name);
  if (list_fields.empty()) return Outcome::success();
  Fetched current = get_record(core, info.record, std::to_string(id));
  if (!current.outcome.ok()) return current.outcome;
  if (!current.found) return Outcome::permanent("Tryton has no " + std::string(info.record) + " " + std::to_string(id), "not_found");
  auto decoded = wire::parse(current.json);
  const schema::StructType* type = core.type(info.record);
  for (const std::string& name : list_fields) {
    const wire::Value& now = decoded.value->at(name);
    if (same_as(wanted.at(name), now)) {
      vals.erase(name);
      continue;
    }
    std::vector<int64_t> ids;
    for (const wire::Value& member : now.items())
      if (auto member_id = member.is_object() ? member.at("id").as_int64() : member.as_int64()) ids.push_back(*member_id);
    if (ids.empty()) continue;
    const schema::FieldSchema* f = type->find(name);
    bool one2many = f && f->type && f->type->element && f->type->element->kind == schema::TypeKind::kStruct;
    wire::Value actions = list(list(wire::Value::string(one2many ? "delete" : "remove"), ids_value(ids)));
    for (const wire::Value& action : vals.find(name)->items()) actions.push_back(action);
    vals.set(name, std::move(actions));
  }
  return Outcome::success();
}

/// inventoryItem: template fields go to product.template, the rest to product.product.
std::pair<wire::Value, wire::Value> split_template(const wire::Value& vals) {
  wire::Value tmpl = wire::Value::object(), product = wire::Value::object();
  for (const auto& [name, value] : vals.members()) (is_template_field(name) ? tmpl : product).set(name, value);
  return {std::move(tmpl), std::move(product)};
}

Outcome create_rows(Core& core, const RecordInfo& info, wire::Value vals, std::string_view cid, int64_t& id) {
  if (info.record == "inventoryItem") {
    auto [tmpl, product] = split_template(vals);
    if (!tmpl.find("sale_uom") && tmpl.find("default_uom") && tmpl.at("salable").as_bool())
      tmpl.set("sale_uom", tmpl.at("default_uom"));
    tmpl.set("products", list(list(wire::Value::string("create"), list(std::move(product)))));
    RpcAnswer t = core.rpc->call("model.product.template.create", list(list(std::move(tmpl))), {}, cid);
    if (!t.outcome.ok()) return t.outcome;
    RpcAnswer p = core.rpc->call("model.product.product.search",
                                 list(list(condition("template", "=", t.result[0])), wire::Value::integer(0),
                                      wire::Value::integer(1), wire::Value::null()),
                                 core.read_context(info), cid);
    if (!p.outcome.ok()) return p.outcome;
    if (p.result.size() != 1) return Outcome::permanent("Tryton created product.template " + wire::dump(t.result[0]) + " without a variant", "no_variant");
    id = *p.result[0].as_int64();
    return Outcome::success();
  }
  if (info.record == "salesOrder") {
    Outcome filled = fill_sale(core, vals, cid);
    if (!filled.ok()) return filled;
  }
  RpcAnswer a = core.rpc->call(model_method(info, "create"), list(list(std::move(vals))), {}, cid);
  if (!a.outcome.ok()) return a.outcome;
  if (a.result.size() != 1 || !a.result[0].as_int64()) return Outcome::retryable("Tryton answered create without an id", "malformed_body");
  id = *a.result[0].as_int64();
  return Outcome::success();
}

Outcome update_rows(Core& core, const RecordInfo& info, int64_t id, const wire::Value& wanted, wire::Value vals,
                    std::string_view cid) {
  Outcome replaced = replace_lists(core, info, id, wanted, vals, cid);
  if (!replaced.ok()) return replaced;
  if (info.record == "inventoryItem") {
    auto [tmpl, product] = split_template(vals);
    if (tmpl.size() > 0) {
      RpcAnswer r = core.rpc->call("model.product.product.read",
                                   list(list(wire::Value::integer(id)), list(wire::Value::string("template"))),
                                   core.read_context(info), cid);
      if (!r.outcome.ok()) return r.outcome;
      if (r.result.size() != 1) return Outcome::permanent("Tryton has no inventoryItem " + std::to_string(id), "not_found");
      RpcAnswer t = core.rpc->call("model.product.template.write", list(list(r.result[0].at("template")), std::move(tmpl)), {}, cid);
      if (!t.outcome.ok()) return t.outcome;
    }
    if (product.size() == 0) return Outcome::success();
    vals = std::move(product);
  }
  if (vals.size() == 0) return Outcome::success();
  RpcAnswer a = core.rpc->call(model_method(info, "write"), list(list(wire::Value::integer(id)), std::move(vals)), {}, cid);
  return a.outcome;
}

Written finish(Core& core, const RecordInfo& info, int64_t id, bool created, std::string_view cid) {
  if (info.record == "salesOrder") {
    Outcome advanced = advance_sale(core, id, cid);
    if (!advanced.ok()) return write_failure(std::move(advanced), std::to_string(id));
  }
  Fetched back = get_record(core, info.record, std::to_string(id));
  Written w;
  w.id = std::to_string(id);
  w.created = created;
  if (!back.outcome.ok()) {
    w.outcome = std::move(back.outcome);
    return w;
  }
  w.version = back.version;
  w.json = back.json;
  return w;
}

}  // namespace

Outcome advance_sale(Core& core, int64_t sale, std::string_view cid) {
  auto state_of = [&](std::string& state) {
    RpcAnswer a = core.rpc->call("model.sale.sale.read", list(list(wire::Value::integer(sale)), list(wire::Value::string("state"))), {}, cid);
    if (!a.outcome.ok()) return a.outcome;
    state = a.result.size() == 1 ? a.result[0].at("state").text() : "";
    return Outcome::success();
  };
  std::string state;
  Outcome o = state_of(state);
  if (!o.ok()) return o;
  // Tryton ignores a transition the state does not allow (confirm on a draft answers null and does
  // nothing), so each step is called only from its own state, and the state is read back at the end.
  for (const char* step : {"quote", "confirm", "process"}) {
    bool due = (std::string_view(step) == "quote" && state == "draft") ||
               (std::string_view(step) == "confirm" && (state == "draft" || state == "quotation")) ||
               std::string_view(step) == "process";
    if (!due || state == "processing" || state == "done" || state == "cancelled") continue;
    RpcAnswer a = core.rpc->call("model.sale.sale." + std::string(step), list(list(wire::Value::integer(sale))), {}, cid);
    if (!a.outcome.ok()) return a.outcome;
    if (std::string_view(step) != "process") {
      o = state_of(state);
      if (!o.ok()) return o;
    }
  }
  o = state_of(state);
  if (!o.ok()) return o;
  if (state == "processing" || state == "done") return Outcome::success();
  // Processing runs as a queue task after confirm; when it fails the RPC still answers success and only
  // the server log says why (TRYTON.md pitfall 1). `process` re-raises most such errors; when it did not:
  return Outcome::permanent("sale " + std::to_string(sale) + " stayed `" + state +
                                "` after quote, confirm and process (Tryton gave no error; see its log)",
                            "not_processed", "state");
}

RpcAnswer run_wizard(Core& core, std::string_view name, std::string_view model, const std::vector<int64_t>& ids,
                     const std::vector<std::pair<std::string, wire::Value>>& steps) {
  std::string prefix = "wizard." + std::string(name) + ".";
  wire::Value context = wire::Value::object();
  context.set("active_model", wire::Value::string(std::string(model)));
  context.set("active_id", wire::Value::integer(ids.empty() ? 0 : ids.front()));
  context.set("active_ids", ids_value(ids));
  RpcAnswer created = core.rpc->call(prefix + "create", wire::Value::array(), context);
  if (!created.outcome.ok()) return created;
  if (created.result.size() < 2) return {Outcome::retryable("wizard " + std::string(name) + " answered no session", "malformed_body"), {}, {}};
  wire::Value session = created.result[0];
  RpcAnswer last = core.rpc->call(prefix + "execute", list(session, wire::Value::object(), created.result[1]), context);
  for (const auto& [state, data] : steps) {
    if (!last.outcome.ok()) break;
    last = core.rpc->call(prefix + "execute", list(session, data, wire::Value::string(state)), context);
  }
  core.rpc->call(prefix + "delete", list(session), context);  // best effort: the server forgets it anyway
  return last;
}

std::vector<int64_t> action_ids(const wire::Value& result) {
  const wire::Value& actions = result.at("actions");
  if (actions.size() == 0 || actions[0].size() < 2) return {};
  return ids_of(actions[0][1].at("res_id"));
}

static Written write_unresolved(Core& core, const WriteRequest& request);

Written write_record(Core& core, const WriteRequest& request) {
  Written w = write_unresolved(core, request);
  // Tryton names fields by label ("Unit Price" in "Sale Line"): say which field of the schema it is.
  if ((w.outcome.code == "UserError" || w.outcome.code == "UserWarning") && !w.outcome.field.empty())
    if (const RecordInfo* info = find_record_info(request.record))
      if (std::string path = field_path_for(core, *info, w.outcome.message); !path.empty()) w.outcome.field = path;
  return w;
}

static Written write_unresolved(Core& core, const WriteRequest& request) {
  const RecordInfo* info = find_record_info(request.record);
  const schema::StructType* type = info ? core.type(info->record) : nullptr;
  if (!info || !type) return write_failure(Outcome::permanent("Tryton has no record `" + request.record + "`", "unknown_record"));
  if (!is_writable(*info))
    return write_failure(Outcome::permanent(
        "Tryton makes " + request.record + " records from sales; move them on with advance_shipment, receive_return, "
        "credit_invoice or return_sale rather than writing them", "not_supported"));
  auto parsed = wire::parse(request.json);
  if (!parsed.value || !parsed.value->is_object())
    return write_failure(Outcome::permanent("the " + request.record + " to write is not a JSON object: " + parsed.error, "bad_json"));
  Encoded encoded = encode_record(*type, *parsed.value, request.mode == WriteMode::kUpdate ? WriteKind::kUpdate : WriteKind::kCreate);
  if (!encoded.values) return write_failure(Outcome::permanent(encoded.error, "invalid", encoded.field));
  const std::string& cid = request.correlation_id;

  // Which record is meant: the id given, else the one the key finds (search before every create).
  int64_t existing = 0;
  if (!request.id.empty()) {
    Fetched f = get_record(core, request.record, request.id);
    if (!f.outcome.ok()) return write_failure(std::move(f.outcome));
    if (!f.found) return write_failure(Outcome::permanent("Tryton has no " + request.record + " " + request.id, "not_found", "id"));
    existing = std::stoll(f.id);
  } else if (KeyQuery key = key_for(*info, request, *parsed.value); !key.field.empty()) {
    Fetched f = find_record(core, request.record, key);
    if (!f.outcome.ok()) return write_failure(std::move(f.outcome));
    if (f.found) existing = std::stoll(f.id);
  }

  switch (request.mode) {
    case WriteMode::kCreate:
    case WriteMode::kCreateIfAbsent:
      // Found by key: the earlier attempt of this write (or the record) exists. A sale left unprocessed by
      // that attempt is taken through the rest of its workflow now.
      if (existing) return finish(core, *info, existing, false, cid);
      break;
    case WriteMode::kUpdate:
      if (!existing)
        return write_failure(Outcome::permanent("no Tryton " + request.record + " has " + request.key.field + " = \"" +
                                                    request.key.value + "\" to update",
                                                "not_found", request.key.field));
      [[fallthrough]];
    case WriteMode::kUpsert:
      if (existing) {
        Encoded update = encode_record(*type, *parsed.value, WriteKind::kUpdate);
        Outcome o = update_rows(core, *info, existing, *parsed.value, std::move(*update.values), cid);
        if (!o.ok()) return write_failure(std::move(o), std::to_string(existing));
        return finish(core, *info, existing, false, cid);
      }
      break;
  }
  int64_t id = 0;
  Outcome o = create_rows(core, *info, std::move(*encoded.values), cid, id);
  if (!o.ok()) return write_failure(std::move(o));
  return finish(core, *info, id, true, cid);
}

}  // namespace syncloom::connectors::tryton
