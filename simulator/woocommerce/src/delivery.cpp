// DeliveryQueue: one worker thread; the store lock is held only to build a payload and to count the outcome,
// never across the HTTP request.
#include "delivery.hpp"

#include "crypto.hpp"
#include "version.hpp"

#include <httplib.h>

#include <chrono>

namespace woosim {
namespace {

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// "http://host:port/path?q" -> ("http://host:port", "/path?q").
bool split_url(const std::string& url, std::string& origin, std::string& path) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  size_t slash = url.find('/', scheme + 3);
  origin = url.substr(0, slash);
  path = slash == std::string::npos ? "/" : url.substr(slash);
  return true;
}

// The payload a delivery carries, read from the store now: the resource's GET body, or {"id":N} once gone.
Json payload_of(const Store& s, const std::string& resource, int64_t id) {
  const std::map<int64_t, Record>* map = resource == "order" ? &s.orders : resource == "customer" ? &s.customers
                                         : resource == "coupon" ? &s.coupons : nullptr;
  if (resource == "product") map = s.variations.count(id) ? &s.variations : &s.products;
  if (map && map->count(id)) return map->at(id).body;
  return Json{{"id", id}};
}

}  // namespace

void DeliveryQueue::start() { thread_ = std::thread([this] { run(); }); }

void DeliveryQueue::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (sending_) sending_->stop();  // a slow receiver must not hold shutdown for the delivery timeout
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeliveryQueue::enqueue_event(const Store& s, const Event& e) {
  int64_t delay = s.faults ? s.faults->snapshot().delay_ms : 0;
  std::lock_guard lock(mu_);
  for (const auto& [id, w] : s.webhooks) {
    if (w.body["status"] != "active" || w.body["resource"] != e.resource || w.body["event"] != e.event) continue;
    bool coalesced = false;
    for (const auto& q : queue_)
      coalesced = coalesced || (!q.ping && q.webhook_id == id && q.resource == e.resource && q.resource_id == e.id);
    if (coalesced) continue;
    Item item;
    item.webhook_id = id;
    item.resource = e.resource;
    item.event = e.event;
    item.resource_id = e.id;
    item.deleted_body = e.deleted_body;
    item.due_ms = steady_ms() + delay;
    queue_.push_back(std::move(item));
  }
  cv_.notify_all();
}

void DeliveryQueue::enqueue_ping(int64_t webhook_id, const std::string& url) {
  std::lock_guard lock(mu_);
  Item item;
  item.webhook_id = webhook_id;
  item.ping = true;
  item.url = url;
  item.due_ms = steady_ms();
  queue_.push_back(std::move(item));
  cv_.notify_all();
}

void DeliveryQueue::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) { cv_.wait(lock); continue; }
    bool reorder = store_.faults && store_.faults->snapshot().reorder;
    // The next item: the oldest due one; under the reorder fault the newest, waiting until it is due.
    int64_t now = steady_ms(), soonest = INT64_MAX;
    auto pick = queue_.end();
    if (reorder) {
      pick = std::prev(queue_.end());
      soonest = pick->due_ms;
      if (pick->due_ms > now) pick = queue_.end();
    } else {
      for (auto it = queue_.begin(); it != queue_.end(); ++it) {
        soonest = std::min(soonest, it->due_ms);
        if (it->due_ms <= now && pick == queue_.end()) pick = it;
      }
    }
    if (pick == queue_.end()) { cv_.wait_for(lock, std::chrono::milliseconds(soonest - now)); continue; }
    Item item = std::move(*pick);
    queue_.erase(pick);
    ++in_flight_;
    lock.unlock();
    deliver(item);
    lock.lock();
    --in_flight_;
    cv_.notify_all();
  }
}

void DeliveryQueue::deliver(const Item& item) {
  Faults* faults = store_.faults;
  Json entry = Json::object();
  std::string url, body, secret, topic, source;
  int64_t now = 0;
  {
    std::lock_guard lock(store_.mu);
    auto w = store_.webhooks.find(item.webhook_id);
    if (w == store_.webhooks.end() || (!item.ping && w->second.body["status"] != "active")) return;  // gone or paused meanwhile
    url = item.ping ? item.url : w->second.body["delivery_url"].get<std::string>();
    topic = w->second.body["topic"].get<std::string>();
    secret = store_.hook_state[item.webhook_id].secret;
    now = store_.clock->now();
    source = store_.site + "/";
    if (!item.ping) body = php_json(item.event == "deleted" && !item.deleted_body.is_null() ? item.deleted_body
                                                                                           : payload_of(store_, item.resource, item.resource_id));
  }
  entry["kind"] = item.ping ? "ping" : "delivery";
  entry["webhook_id"] = item.webhook_id;
  entry["topic"] = topic;
  entry["resource"] = item.resource;
  entry["resource_id"] = item.resource_id;
  entry["url"] = url;
  entry["time_gmt"] = SiteZone::gmt(now);

  httplib::Headers headers;
  std::string content_type = "application/json";
  if (item.ping) {
    body = "webhook_id=" + std::to_string(item.webhook_id);
    content_type = "application/x-www-form-urlencoded";
  } else {
    if (faults && faults->draw(faults->snapshot().drop_share)) {
      entry["outcome"] = "dropped";
      record(std::move(entry));
      return;
    }
    bool forged = faults && faults->draw(faults->snapshot().forge_share);
    std::string signature = webhook_signature(body, forged ? secret + "-forged" : secret);
    std::string delivery_id = md5_hex(std::to_string(item.webhook_id) + std::to_string(now));
    headers = {{"X-WC-Webhook-Source", source}, {"X-WC-Webhook-Topic", topic}, {"X-WC-Webhook-Resource", item.resource},
               {"X-WC-Webhook-Event", item.event}, {"X-WC-Webhook-Signature", signature},
               {"X-WC-Webhook-ID", std::to_string(item.webhook_id)}, {"X-WC-Webhook-Delivery-ID", delivery_id}};
    entry["delivery_id"] = delivery_id;
    entry["signature"] = signature;
    entry["forged"] = forged;
  }
  headers.emplace("User-Agent", std::string("WooCommerce/") + kWooCommerceVersion + " Hookshot (WordPress/" + kWordPressVersion + ")");
  entry["body"] = body;

  int copies = (!item.ping && faults && faults->draw(faults->snapshot().duplicate_share)) ? 2 : 1;
  for (int copy = 0; copy < copies; ++copy) {
    std::string origin, path;
    int status = 0;
    std::string error;
    int64_t started = steady_ms();
    if (!split_url(url, origin, path)) {
      error = "the delivery URL is not an http:// or https:// URL";
    } else {
      httplib::Client client(origin);
      auto ms = std::chrono::milliseconds(options_.timeout_ms);
      client.set_connection_timeout(ms);
      client.set_read_timeout(ms);
      client.set_write_timeout(ms);
      set_sending(&client);
      auto res = client.Post(path, headers, body, content_type);
      set_sending(nullptr);
      if (res) status = res->status;
      else error = httplib::to_string(res.error());
    }
    Json attempt = entry;
    attempt["duplicate"] = copy > 0;
    attempt["response_code"] = status;
    attempt["error"] = error;
    attempt["duration_ms"] = steady_ms() - started;
    bool ok = status >= 200 && status < 303;
    attempt["outcome"] = ok ? "success" : "failure";
    if (!item.ping) {
      // WC_Webhook::failed_delivery: disable when the stored count is already above 5, else count one more.
      std::lock_guard lock(store_.mu);
      auto st = store_.hook_state.find(item.webhook_id);
      auto w = store_.webhooks.find(item.webhook_id);
      if (st != store_.hook_state.end() && w != store_.webhooks.end()) {
        st->second.deliveries++;
        if (ok) st->second.failure_count = 0;
        else if (st->second.failure_count > 5) w->second.body["status"] = "disabled";
        else st->second.failure_count++;
        attempt["failure_count"] = st->second.failure_count;
        attempt["webhook_status"] = w->second.body["status"];
      }
    }
    record(std::move(attempt));
  }
}

void DeliveryQueue::set_sending(httplib::Client* client) {
  std::lock_guard lock(mu_);
  sending_ = client;
}

void DeliveryQueue::record(Json entry) {
  std::lock_guard lock(mu_);
  entry["seq"] = ++seq_;
  log_.push_back(std::move(entry));
  while (log_.size() > options_.log_limit) log_.erase(log_.begin());
}

bool DeliveryQueue::drain(int64_t timeout_ms) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return queue_.empty() && in_flight_ == 0; });
}

Json DeliveryQueue::log() const {
  std::lock_guard lock(mu_);
  return log_;
}

void DeliveryQueue::clear_log() {
  std::lock_guard lock(mu_);
  log_ = Json::array();
}

size_t DeliveryQueue::pending() const {
  std::lock_guard lock(mu_);
  return queue_.size() + static_cast<size_t>(in_flight_);
}

}  // namespace woosim
