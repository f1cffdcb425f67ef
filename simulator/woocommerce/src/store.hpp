// The store's state: every resource as its wc/v3 JSON body (in the samples' field order), the id sequences
// WordPress would use, API keys and webhook delivery state. One mutex guards it all; handlers lock it per
// request, the delivery thread per payload.
#pragma once

#include "clock.hpp"
#include "faults.hpp"
#include "json.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace woosim {

class DeliveryQueue;

struct Record {
  Json body;             ///< the GET body, `_links` included
  int64_t created = 0;   ///< unix seconds
  int64_t modified = 0;
};

struct ApiKey {
  std::string secret;
  std::string permissions;             ///< read, write or read_write
  std::map<std::string, int64_t> nonces;  ///< used nonce -> its timestamp (kept 15 minutes)
};

struct WebhookState {
  std::string secret;
  int failure_count = 0;
  int64_t deliveries = 0;
};

/// A webhook-worthy change: resource (order, product, customer, coupon), its id and the event.
struct Event {
  std::string resource;
  int64_t id = 0;
  std::string event;   ///< created, updated, deleted, restored
  Json deleted_body;   ///< for deleted: `{"id":N}`, built now since the record is gone at send time
};

struct Store {
  std::mutex mu;
  std::string site;           ///< "http://127.0.0.1:8765", no trailing slash
  const SiteZone* zone = nullptr;
  Clock* clock = nullptr;
  Faults* faults = nullptr;
  std::string default_webhook_secret;
  DeliveryQueue* deliveries = nullptr;  ///< webhook deliveries; events are not queued while it is null (seeding)

  std::map<int64_t, Record> orders, products, variations, customers, coupons, webhooks, refunds;
  std::map<int64_t, int64_t> variation_parent, refund_order;
  std::set<int64_t> stock_reduced;  ///< orders whose stock has been taken (and not yet given back)
  std::set<int64_t> trashed_coupons;
  std::map<int64_t, WebhookState> hook_state;
  std::map<std::string, ApiKey> keys;

  // WordPress's sequences: posts (orders, products, variations, coupons, refunds) share one; users, order
  // items, meta rows and webhooks have their own.
  int64_t next_post = 100, next_user = 2, next_item = 1, next_meta = 1, next_webhook = 1;

  std::string api(const std::string& route) const { return site + "/wp-json/wc/v3" + route; }
  /// `_links` with self and collection (and up when `up` is set).
  Json links(const std::string& self, const std::string& collection, const std::string& up = "") const;
  /// Sets date_created/_gmt and date_modified/_gmt of `r` (when present in its body) to `now`.
  void stamp_new(Record& r, int64_t now) const;
  /// Bumps date_modified/_gmt, unless the stale_modified fault is on.
  void touch(Record& r, int64_t now) const;
  /// Writes a date pair (`date_x` site time, `date_x_gmt` UTC) or nulls when `when` is 0.
  void set_date(Json& body, const std::string& field, int64_t when) const;
  void emit(const std::string& resource, int64_t id, const std::string& event, const Json& deleted_body = Json());
  /// Drops every record and restarts the sequences (keys and settings stay).
  void clear();
};

/// Takes back the ids a refused write drew from the sequences (items, meta rows, posts), so that a failed
/// request leaves the store exactly as it was; commit() keeps them.
class SequenceGuard {
 public:
  explicit SequenceGuard(Store& s) : s_(s), post_(s.next_post), user_(s.next_user), item_(s.next_item), meta_(s.next_meta) {}
  SequenceGuard(const SequenceGuard&) = delete;
  SequenceGuard& operator=(const SequenceGuard&) = delete;
  ~SequenceGuard() {
    if (committed_) return;
    s_.next_post = post_; s_.next_user = user_; s_.next_item = item_; s_.next_meta = meta_;
  }
  void commit() { committed_ = true; }

 private:
  Store& s_;
  int64_t post_, user_, item_, meta_;
  bool committed_ = false;
};

/// One request's view of the store: the instant it happens at.
struct Ctx {
  Store& store;
  int64_t now;
};

}  // namespace woosim
