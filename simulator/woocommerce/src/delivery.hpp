// Webhook deliveries, asynchronous as WooCommerce's Action Scheduler makes them: one pending delivery per
// webhook and resource (later changes coalesce into it), the payload built when it is sent (latest state),
// signed with the webhook's secret, POSTed with WooCommerce's headers; 200-302 is success, anything else
// counts a failure and the 7th consecutive one disables the webhook. Faults (drop, duplicate, forge, delay,
// reorder) apply here. Every attempt goes to a bounded log the control API reads.
#pragma once

#include "json.hpp"
#include "store.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace httplib {
class Client;
}

namespace woosim {

struct DeliveryOptions {
  int64_t timeout_ms = 60000;   ///< WooCommerce's 60 s
  size_t log_limit = 2000;      ///< oldest entries are dropped beyond this
};

class DeliveryQueue {
 public:
  DeliveryQueue(Store& store, DeliveryOptions options) : store_(store), options_(options) {}
  ~DeliveryQueue() { stop(); }
  void start();
  void stop();

  /// Called with the store locked: queues a delivery for every active webhook subscribed to the event.
  void enqueue_event(const Store& store, const Event& event);
  /// The creation ping: form body `webhook_id=N`, no X-WC-Webhook headers.
  void enqueue_ping(int64_t webhook_id, const std::string& url);
  /// Waits until nothing is queued or in flight; false on timeout.
  bool drain(int64_t timeout_ms);
  Json log() const;
  void clear_log();
  size_t pending() const;

 private:
  struct Item {
    int64_t webhook_id = 0;
    bool ping = false;
    std::string url;          ///< ping only
    std::string resource, event;
    int64_t resource_id = 0;
    Json deleted_body;
    int64_t due_ms = 0;       ///< steady-clock milliseconds
  };
  void run();
  void deliver(const Item& item);
  void record(Json entry);
  void set_sending(httplib::Client* client);

  Store& store_;
  DeliveryOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  int in_flight_ = 0;
  httplib::Client* sending_ = nullptr;  ///< the request in progress, so that stop() can cut it short
  bool stopping_ = false;
  std::thread thread_;
  Json log_ = Json::array();
  int64_t seq_ = 0;
};

}  // namespace woosim
