// A wc/v3 collection as the router and the batch endpoint see it: five operations over the store, each
// answering a Reply (an error reply carries WooCommerce's code, message and status).
#pragma once

#include "reply.hpp"
#include "store.hpp"

#include <functional>
#include <string>

namespace woosim {

struct Resource {
  std::string name;  ///< "orders", "products", "variations", "customers", "coupons", "webhooks", "refunds"
  std::function<Reply(Ctx&, int64_t parent, const Json& body)> create;
  std::function<Reply(Ctx&, int64_t parent, int64_t id, const Json& body)> update;
  std::function<Reply(Ctx&, int64_t parent, int64_t id, bool force)> remove;
  std::function<Reply(Ctx&, int64_t parent, int64_t id)> get;
  std::function<Reply(Ctx&, int64_t parent, const Query& q)> list;
};

Resource orders_resource();
Resource refunds_resource();
Resource products_resource();
Resource variations_resource();
Resource customers_resource();
Resource coupons_resource();
Resource webhooks_resource();

/// A created record's answer: 201, the body and a Location header.
Reply created_reply(const Store& store, const Json& body, const std::string& route);
/// The trash/force rules of WC_REST_CRUD_Controller::delete_item for post-backed records (orders, products,
/// coupons): without force the record goes to trash (a second time is 410); with force it is removed. Answers
/// the record as it was. `post_type` names it in the 410 message; `resource` is the webhook resource.
Reply trash_or_delete(Ctx& ctx, std::map<int64_t, Record>& records, int64_t id, bool force, const std::string& post_type,
                      const std::string& resource, const Reply& not_found);

/// The update every simple resource shares: find the record, apply `apply(draft)` to a copy, and only when it
/// succeeds store it, bump date_modified and emit `<resource>.updated`.
template <typename Apply>
Reply update_record(Ctx& ctx, std::map<int64_t, Record>& records, int64_t id, const Reply& not_found, const std::string& resource,
                    Apply apply) {
  auto it = records.find(id);
  if (it == records.end()) return not_found;
  SequenceGuard ids(ctx.store);
  Json draft = it->second.body;
  Reply r = apply(draft);
  if (!r.ok()) return r;
  ids.commit();
  it->second.body = std::move(draft);
  ctx.store.touch(it->second, ctx.now);
  ctx.store.emit(resource, id, "updated");
  return Reply{200, it->second.body, {}};
}

}  // namespace woosim
