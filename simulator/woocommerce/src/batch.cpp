// run_batch: WC_REST_Controller::batch_items.
#include "batch.hpp"

namespace woosim {
namespace {

Json item_error(int64_t id, const Reply& r) {
  Json data = r.body.contains("data") ? r.body["data"] : Json{{"status", r.status}};
  return Json{{"id", id}, {"error", Json{{"code", r.body.value("code", "")}, {"message", r.body.value("message", "")}, {"data", data}}}};
}

int64_t id_of(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    try { return std::stoll(v.get<std::string>()); } catch (...) { return 0; }
  }
  if (v.is_object() && v.contains("id")) return id_of(v["id"]);
  return 0;
}

}  // namespace

Reply run_batch(Ctx& ctx, const Resource& resource, int64_t parent, const Json& body) {
  if (!body.is_object()) return invalid_params({{"create", "rest_invalid_type", "create is not of type array."}});
  size_t total = 0;
  for (const char* k : {"create", "update", "delete"}) {
    if (!body.contains(k)) continue;
    if (!body[k].is_array()) return invalid_params({{k, "rest_invalid_type", std::string(k) + " is not of type array."}});
    total += body[k].size();
  }
  if (total > kBatchLimit)
    return wc_error(413, "woocommerce_rest_request_entity_too_large",
                    "Unable to accept more than " + std::to_string(kBatchLimit) + " items for this request.");
  Json out = Json::object();
  if (body.contains("create") && !body["create"].empty()) {
    out["create"] = Json::array();
    for (const auto& item : body["create"]) {
      Reply r = item.is_object() ? resource.create(ctx, parent, item) : wc_error(400, "rest_invalid_param", "Invalid parameter(s): create");
      out["create"].push_back(r.ok() ? r.body : item_error(0, r));
    }
  }
  if (body.contains("update") && !body["update"].empty()) {
    out["update"] = Json::array();
    for (const auto& item : body["update"]) {
      int64_t id = item.is_object() ? id_of(item.value("id", Json())) : 0;
      Reply r = id ? resource.update(ctx, parent, id, item) : resource.update(ctx, parent, 0, Json::object());
      out["update"].push_back(r.ok() ? r.body : item_error(id, r));
    }
  }
  if (body.contains("delete") && !body["delete"].empty()) {
    out["delete"] = Json::array();
    for (const auto& item : body["delete"]) {
      int64_t id = id_of(item);
      if (id == 0) continue;  // batch_items skips ids that are not positive integers
      Reply r = resource.remove(ctx, parent, id, true);
      out["delete"].push_back(r.ok() ? r.body : item_error(id, r));
    }
  }
  return Reply{200, out, {}};
}

}  // namespace woosim
