// Store helpers shared by every resource.
#include "store.hpp"

#include "delivery.hpp"

namespace woosim {

Json Store::links(const std::string& self, const std::string& collection, const std::string& up) const {
  Json l = Json::object();
  l["self"] = Json::array({Json{{"href", api(self)}}});
  l["collection"] = Json::array({Json{{"href", api(collection)}}});
  if (!up.empty()) l["up"] = Json::array({Json{{"href", api(up)}}});
  return l;
}

void Store::set_date(Json& body, const std::string& field, int64_t when) const {
  if (when == 0) {
    body[field] = nullptr;
    body[field + "_gmt"] = nullptr;
  } else {
    body[field] = zone->local(when);
    body[field + "_gmt"] = SiteZone::gmt(when);
  }
}

void Store::stamp_new(Record& r, int64_t now) const {
  r.created = r.modified = now;
  if (r.body.contains("date_created")) set_date(r.body, "date_created", now);
  if (r.body.contains("date_modified")) set_date(r.body, "date_modified", now);
}

void Store::touch(Record& r, int64_t now) const {
  if (faults && faults->snapshot().stale_modified) return;
  r.modified = now;
  if (r.body.contains("date_modified")) set_date(r.body, "date_modified", now);
}

void Store::emit(const std::string& resource, int64_t id, const std::string& event, const Json& deleted_body) {
  if (deliveries) deliveries->enqueue_event(*this, Event{resource, id, event, deleted_body});
}

void Store::clear() {
  orders.clear(); products.clear(); variations.clear(); customers.clear(); coupons.clear(); webhooks.clear();
  refunds.clear(); variation_parent.clear(); refund_order.clear(); stock_reduced.clear(); trashed_coupons.clear(); hook_state.clear();
  next_post = 100; next_user = 2; next_item = 1; next_meta = 1; next_webhook = 1;
}

}  // namespace woosim
