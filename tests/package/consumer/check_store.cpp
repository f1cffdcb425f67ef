// Opens a SQLite store through syncloom::store, accepts an event (durably, with its work item), and sees the
// same event again counted as a duplicate.
#include <cstdio>
#include <string>

#include "checks.hpp"
#include "syncloom/store/store.hpp"

namespace consumer {

bool check_store(const Settings& settings) {
  std::string path = settings.work_dir + "/consumer.db";
  auto store = syncloom::store::open_sqlite_store(path);
  if (!store) {
    std::fprintf(stderr, "store: %s\n", store.error().message.c_str());
    return false;
  }
  syncloom::store::Event event;
  event.system = "woocommerce";
  event.topic = "product.updated";
  event.record = "product";
  event.source_id = "1";
  event.dedupe_scope = "pricing";
  event.dedupe_key = "product:1:2026-12-02T04:00:00";
  event.payload = R"({"id":1,"sku":"SKU-1"})";
  event.work.push_back({.domain = "pricing", .key = "SKU-1"});
  auto first = (*store)->accept(event);
  auto again = (*store)->accept(event);
  if (!first || !again) {
    std::fprintf(stderr, "store: accept: %s\n", (!first ? first.error() : again.error()).message.c_str());
    return false;
  }
  std::printf("store: accepted event %lld with %zu work item(s); again: %s\n", static_cast<long long>(first->event_id),
              first->work_ids.size(), again->duplicate ? "duplicate" : "stored twice");
  return !first->duplicate && first->work_ids.size() == 1 && again->duplicate && again->event_id == first->event_id;
}

}  // namespace consumer
