// Shared answers of the resources.
#include "resource.hpp"

namespace woosim {

Reply created_reply(const Store& store, const Json& body, const std::string& route) {
  Reply r;
  r.status = 201;
  r.body = body;
  r.headers.emplace_back("Location", store.api(route + "/" + std::to_string(body["id"].get<int64_t>())));
  return r;
}

Reply trash_or_delete(Ctx& ctx, std::map<int64_t, Record>& records, int64_t id, bool force, const std::string& post_type,
                      const std::string& resource, const Reply& not_found) {
  auto it = records.find(id);
  if (it == records.end()) return not_found;
  Reply r;
  r.body = it->second.body;
  if (force) {
    records.erase(it);
    ctx.store.emit(resource, id, "deleted", Json{{"id", id}});
    return r;
  }
  if (it->second.body["status"] == "trash")
    return wc_error(410, "woocommerce_rest_already_trashed", "The " + post_type + " has already been deleted.");
  it->second.body["status"] = "trash";
  ctx.store.touch(it->second, ctx.now);
  r.body = it->second.body;
  ctx.store.emit(resource, id, "deleted", Json{{"id", id}});
  return r;
}

}  // namespace woosim
