// Tryton operations beyond record writes: credit notes and returns through their wizards, shipment steps,
// and a raw call (see tryton_connector.hpp).
#include "tryton/core.hpp"
#include "common/failure.hpp"
#include "tryton/read.hpp"
#include "tryton/tryton_connector.hpp"
#include "tryton/write.hpp"

namespace syncloom::connectors {
namespace {

Written bad_id(std::string_view text) {
  return write_failure(Outcome::permanent("a Tryton id is a positive integer, not \"" + std::string(text) + "\"", "bad_id", "id"));
}

/// The state field of one record, or an outcome.
Outcome read_state(tryton::Core& core, std::string_view model, int64_t id, std::string& state) {
  tryton::RpcAnswer a = core.rpc->call("model." + std::string(model) + ".read",
                                       tryton::list(tryton::list(wire::Value::integer(id)), tryton::list(wire::Value::string("state"))));
  if (!a.outcome.ok()) return a.outcome;
  if (a.result.size() != 1) return Outcome::permanent("Tryton has no " + std::string(model) + " " + std::to_string(id), "not_found");
  state = a.result[0].at("state").text();
  return Outcome::success();
}

Written read_back(tryton::Core& core, std::string_view record, int64_t id, bool created) {
  Fetched f = tryton::get_record(core, record, std::to_string(id));
  Written w;
  w.outcome = f.outcome;
  w.id = std::to_string(id);
  w.version = f.version;
  w.json = f.json;
  w.created = created;
  return w;
}

}  // namespace

Written TrytonConnector::credit_invoice(std::string_view invoice_id, bool with_refund) {
  auto id = tryton::parse_id(invoice_id);
  if (!id) return bad_id(invoice_id);
  std::string state;
  Outcome o = read_state(*core_, "account.invoice", *id, state);
  if (!o.ok()) return write_failure(std::move(o));
  if (state == "draft" || state == "validated") {
    // Only posted invoices can be credited. Posting needs a session active within the last 5 minutes,
    // which every session of this connector is (it is renewed on 401).
    tryton::RpcAnswer post = core_->rpc->call("model.account.invoice.post", tryton::list(tryton::list(wire::Value::integer(*id))));
    if (!post.outcome.ok()) return write_failure(std::move(post.outcome));
  }
  wire::Value start = wire::Value::object();
  start.set("with_refund", wire::Value::boolean(with_refund));
  start.set("invoice_date", wire::Value::null());
  wire::Value data = wire::Value::object();
  data.set("start", std::move(start));
  tryton::RpcAnswer r = tryton::run_wizard(*core_, "account.invoice.credit", "account.invoice", {*id}, {{"credit", std::move(data)}});
  if (!r.outcome.ok()) return write_failure(std::move(r.outcome));
  std::vector<int64_t> ids = tryton::action_ids(r.result);
  if (ids.empty()) return write_failure(Outcome::permanent("the credit wizard made no credit note for invoice " + std::string(invoice_id), "no_result"));
  return read_back(*core_, "creditMemo", ids.front(), true);
}

Written TrytonConnector::return_sale(std::string_view sale_id, bool process) {
  auto id = tryton::parse_id(sale_id);
  if (!id) return bad_id(sale_id);
  wire::Value data = wire::Value::object();
  data.set("start", wire::Value::object());
  tryton::RpcAnswer r = tryton::run_wizard(*core_, "sale.return_sale", "sale.sale", {*id}, {{"return_", std::move(data)}});
  if (!r.outcome.ok()) return write_failure(std::move(r.outcome));
  std::vector<int64_t> ids = tryton::action_ids(r.result);
  if (ids.empty()) return write_failure(Outcome::permanent("the return wizard made no sale for sale " + std::string(sale_id), "no_result"));
  if (process) {
    Outcome advanced = tryton::advance_sale(*core_, ids.front());
    if (!advanced.ok()) return write_failure(std::move(advanced), std::to_string(ids.front()));
  }
  return read_back(*core_, "salesOrder", ids.front(), true);
}

Written TrytonConnector::advance_shipment(std::string_view shipment_id, std::string_view target) {
  auto id = tryton::parse_id(shipment_id);
  if (!id) return bad_id(shipment_id);
  static const char* kOrder[] = {"waiting", "assigned", "picked", "packed", "done"};
  auto rank = [](std::string_view s) {
    for (int i = 0; i < 5; ++i)
      if (s == kOrder[i]) return i;
    return -1;
  };
  if (rank(target) < 1) return write_failure(Outcome::permanent("a shipment goes to assigned, picked, packed or done, not " + std::string(target), "bad_state", "state"));
  std::string state;
  for (int guard = 0; guard < 6; ++guard) {
    Outcome o = read_state(*core_, "stock.shipment.out", *id, state);
    if (!o.ok()) return write_failure(std::move(o), std::string(shipment_id));
    if (rank(state) >= rank(target) || state == "cancelled") break;
    const char* step = state == "draft" ? "wait" : state == "waiting" ? "assign_try" : state == "assigned" ? "pick"
                       : state == "picked" ? "pack" : "done";
    tryton::RpcAnswer a = core_->rpc->call("model.stock.shipment.out." + std::string(step), tryton::list(tryton::list(wire::Value::integer(*id))));
    if (!a.outcome.ok()) return write_failure(std::move(a.outcome), std::string(shipment_id));
    if (std::string_view(step) == "assign_try" && a.result.is_bool() && !a.result.as_bool())
      return write_failure(Outcome::retryable("shipment " + std::string(shipment_id) + " cannot be assigned: not enough stock", "short_of_stock"),
                    std::string(shipment_id));
  }
  if (rank(state) < rank(target))
    return write_failure(Outcome::permanent("shipment " + std::string(shipment_id) + " stayed `" + state + "`", "not_advanced", "state"),
                  std::string(shipment_id));
  return read_back(*core_, "shipment", *id, false);
}

Written TrytonConnector::receive_return(std::string_view return_id) {
  auto id = tryton::parse_id(return_id);
  if (!id) return bad_id(return_id);
  for (const char* step : {"receive", "done"}) {
    std::string state;
    Outcome o = read_state(*core_, "stock.shipment.out.return", *id, state);
    if (!o.ok()) return write_failure(std::move(o), std::string(return_id));
    if (state == "done" || (std::string_view(step) == "receive" && state == "received")) continue;
    tryton::RpcAnswer a = core_->rpc->call("model.stock.shipment.out.return." + std::string(step), tryton::list(tryton::list(wire::Value::integer(*id))));
    if (!a.outcome.ok()) return write_failure(std::move(a.outcome), std::string(return_id));
  }
  std::string state;
  Outcome o = read_state(*core_, "stock.shipment.out.return", *id, state);
  if (!o.ok()) return write_failure(std::move(o), std::string(return_id));
  if (state != "done")
    return write_failure(Outcome::permanent("return shipment " + std::string(return_id) + " stayed `" + state + "`", "not_advanced", "state"),
                  std::string(return_id));
  return read_back(*core_, "returnOrder", *id, false);
}

Outcome TrytonConnector::call(std::string_view method, std::string_view params_json, std::string* result_json) {
  auto parsed = wire::parse(params_json);
  if (!parsed.value || !parsed.value->is_array()) return Outcome::permanent("params: not a JSON array: " + parsed.error, "bad_json");
  tryton::RpcAnswer a = core_->rpc->call(method, std::move(*parsed.value));
  if (result_json) *result_json = a.outcome.ok() ? wire::dump(a.result) : "";
  return a.outcome;
}

}  // namespace syncloom::connectors
