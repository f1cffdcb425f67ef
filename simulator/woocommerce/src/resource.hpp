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

}  // namespace woosim
