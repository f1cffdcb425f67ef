// A scriptable in-memory connector for the engine tests: records writes, answers scripted outcomes per call,
// finds by key over its records, and lists and polls them in pages.
//
//   FakeConnector erp("erp", "tryton");
//   erp.script("salesOrder", {Outcome::retryable("timeout"), Outcome::success()});  // then ok forever
//   erp.put("customer", "7", R"({"id":7,"code":"a@x"})");
//   ... erp.writes() ... erp.max_in_flight_per_key() ...
#pragma once
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "syncloom/connectors/connector.hpp"

namespace syncloom::test {

namespace cx = syncloom::connectors;

/// A throttling answer (429 with Retry-After).
inline cx::Outcome throttled(std::chrono::milliseconds retry_after) {
  cx::Outcome o = cx::Outcome::retryable("too many requests", "rest_too_many", 429);
  o.throttled = true;
  o.retry_after = retry_after;
  return o;
}

class FakeConnector : public cx::Connector {
 public:
  struct Record {
    std::string id, json;
  };
  struct WriteLog {
    cx::WriteRequest request;
    cx::Outcome outcome;
    std::string id;  ///< the record written (ok only)
  };

  FakeConnector(std::string name, std::string kind) {
    config_.name = std::move(name);
    config_.kind = std::move(kind);
    config_.budget.concurrency = 8;
  }

  // ---- scripting ------------------------------------------------------------------------------------
  /// The next writes of `record` answer these outcomes in turn (an ok one writes); then ok again.
  void script(const std::string& record, std::vector<cx::Outcome> outcomes) {
    std::lock_guard lock(mutex_);
    for (auto& o : outcomes) scripted_[record].push_back(std::move(o));
  }
  /// Every write of `record` answers `outcome` until cleared (an outage).
  void fail_always(const std::string& record, std::optional<cx::Outcome> outcome) {
    std::lock_guard lock(mutex_);
    if (outcome) always_[record] = *outcome; else always_.erase(record);
  }
  /// From now on, each write sets `field` of the record written to `value` (a system's modification
  /// stamp), which get() then answers as the record's version.
  void set_write_stamp(std::string field, std::string value) {
    std::lock_guard lock(mutex_);
    stamp_field_ = std::move(field);
    stamp_value_ = std::move(value);
  }
  /// The webhooks subscriptions() lists; reactivate() makes one active again.
  void set_subscriptions(std::vector<cx::Subscription> subs) {
    std::lock_guard lock(mutex_);
    subscriptions_ = std::move(subs);
  }
  std::vector<std::string> reactivated() const {
    std::lock_guard lock(mutex_);
    return reactivated_;
  }
  /// Each write holds its call this long (to make overlapping calls visible).
  void set_write_delay(std::chrono::milliseconds delay) { delay_ = delay; }
  /// Adds or replaces a record; answers its id.
  std::string put(const std::string& record, std::string id, std::string json) {
    std::lock_guard lock(mutex_);
    for (Record& r : records_[record])
      if (r.id == id) {
        r.json = std::move(json);
        return id;
      }
    records_[record].push_back({id, std::move(json)});
    return id;
  }
  /// Events poll() lists for `topic` (one page per `page_size` events); the high water is the last event's id.
  void add_poll_event(const std::string& topic, cx::Event event) {
    std::lock_guard lock(mutex_);
    polled_[topic].push_back(std::move(event));
  }
  unsigned page_size = 2;
  /// The next poll() calls that ask for a later page (not the first) fail, this many of them.
  std::atomic<int> failing_later_pages{0};
  /// The next list() calls fail (a system that is down), this many of them.
  std::atomic<int> failing_lists{0};

  // ---- inspecting -----------------------------------------------------------------------------------
  std::vector<WriteLog> writes() const {
    std::lock_guard lock(mutex_);
    return writes_;
  }
  std::vector<Record> records(const std::string& record) const {
    std::lock_guard lock(mutex_);
    auto it = records_.find(record);
    return it == records_.end() ? std::vector<Record>{} : it->second;
  }
  size_t finds() const { std::lock_guard lock(mutex_); return finds_; }
  std::vector<cx::PollQuery> polls() const { std::lock_guard lock(mutex_); return polls_; }
  /// The most writes of one key (KeyQuery value, else the target id) that were ever in flight together.
  unsigned max_in_flight_per_key() const { std::lock_guard lock(mutex_); return max_per_key_; }
  /// The most writes in flight together, across keys.
  unsigned max_in_flight() const { std::lock_guard lock(mutex_); return max_total_; }

  // ---- the interface --------------------------------------------------------------------------------
  const cx::SystemConfig& config() const override { return config_; }
  std::vector<cx::RecordSupport> support() const override { return {}; }

  cx::Fetched get(std::string_view record, std::string_view id) override {
    std::lock_guard lock(mutex_);
    cx::Fetched f;
    for (const Record& r : records_[std::string(record)])
      if (r.id == id) return found(r);
    return f;
  }

  cx::Fetched find(std::string_view record, const cx::KeyQuery& key) override {
    std::lock_guard lock(mutex_);
    ++finds_;
    const Record* r = find_locked(std::string(record), key);
    return r ? found(*r) : cx::Fetched{};
  }

  cx::Page list(const cx::ListQuery& query) override {
    std::lock_guard lock(mutex_);
    if (failing_lists > 0) {
      --failing_lists;
      return {.outcome = cx::Outcome::retryable("connection refused", "unreachable", 0)};
    }
    const auto& all = records_[query.record];
    size_t from = query.page.empty() ? 0 : std::stoul(query.page);
    cx::Page page;
    for (size_t i = from; i < all.size() && i < from + page_size; ++i) page.records.push_back(found(all[i]));
    if (from + page_size < all.size()) page.next_page = std::to_string(from + page_size);
    return page;
  }

  cx::Page related(const cx::RelatedQuery&) override { return {}; }

  cx::Written write(const cx::WriteRequest& request) override {
    const std::string slot = request.key.value.empty() ? request.id : request.key.value;
    {
      std::lock_guard lock(mutex_);
      unsigned n = ++in_flight_[slot];
      max_per_key_ = std::max(max_per_key_, n);
      max_total_ = std::max(max_total_, ++total_in_flight_);
    }
    if (delay_.count()) std::this_thread::sleep_for(delay_);
    std::lock_guard lock(mutex_);
    --in_flight_[slot];
    --total_in_flight_;
    cx::Written w = apply_locked(request);
    writes_.push_back({request, w.outcome, w.id});
    return w;
  }

  std::vector<cx::Written> write_batch(std::span<const cx::WriteRequest> requests) override {
    std::vector<cx::Written> out;
    for (const auto& r : requests) out.push_back(write(r));
    return out;
  }

  cx::WebhookResult receive(const cx::WebhookDelivery&) override { return {.verdict = cx::WebhookVerdict::kUnsigned}; }

  cx::EventPage poll(const cx::PollQuery& query) override {
    std::lock_guard lock(mutex_);
    polls_.push_back(query);
    if (!query.page.empty() && failing_later_pages > 0) {
      --failing_later_pages;
      return {.outcome = cx::Outcome::retryable("HTTP 502", "bad_gateway", 502)};
    }
    const auto& all = polled_[query.topic];
    // Events after the cursor (their ids are increasing numbers), page by page.
    size_t since = query.since.empty() ? 0 : std::stoul(query.since);
    std::vector<const cx::Event*> fresh;
    for (const cx::Event& e : all)
      if (std::stoul(e.id) > since) fresh.push_back(&e);
    size_t from = query.page.empty() ? 0 : std::stoul(query.page);
    cx::EventPage page;
    for (size_t i = from; i < fresh.size() && i < from + page_size; ++i) {
      page.events.push_back(*fresh[i]);
      page.high_water = fresh[i]->id;
    }
    if (from + page_size < fresh.size()) page.next_page = std::to_string(from + page_size);
    return page;
  }

  cx::Subscriptions subscriptions() override {
    std::lock_guard lock(mutex_);
    return {.subscriptions = subscriptions_};
  }
  cx::Written subscribe(std::string_view, std::string_view) override { return {}; }
  cx::Written reactivate(std::string_view id) override {
    std::lock_guard lock(mutex_);
    for (cx::Subscription& s : subscriptions_)
      if (s.id == id) {
        s.status = "active";
        s.failures = 0;
        reactivated_.push_back(s.id);
        return {.id = s.id};
      }
    return {.outcome = cx::Outcome::permanent("no webhook " + std::string(id), "not_found")};
  }
  // As the WooCommerce connector does: the record's date_modified_gmt.
  std::string record_version(std::string_view, std::string_view json) const override {
    auto doc = nlohmann::json::parse(json, nullptr, false);
    if (!doc.is_object() || !doc.contains("date_modified_gmt") || !doc["date_modified_gmt"].is_string()) return {};
    return doc["date_modified_gmt"].get<std::string>();
  }
  std::vector<cx::CheckStep> check() override { return {}; }
  cx::ConnectorStats stats() const override { return {}; }

 private:
  // The version is the record's modification stamp, as the real connectors answer it.
  static cx::Fetched found(const Record& r) {
    cx::Fetched f;
    f.found = true;
    f.id = r.id;
    f.json = r.json;
    nlohmann::json doc = nlohmann::json::parse(r.json);
    for (const char* stamp : {"date_modified_gmt", "write_date"})
      if (doc.contains(stamp) && doc[stamp].is_string()) f.version = doc[stamp].get<std::string>();
    return f;
  }
  void stamp_locked(Record& r, cx::Written& w) {
    if (!stamp_field_.empty()) {
      nlohmann::json doc = nlohmann::json::parse(r.json);
      doc[stamp_field_] = stamp_value_;
      r.json = doc.dump();
    }
    w.version = found(r).version;
  }

  static std::string field_text(const nlohmann::json& doc, const std::string& field) {
    auto it = doc.find(field);
    if (it == doc.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
  }

  Record* find_locked(const std::string& record, const cx::KeyQuery& key) {
    for (Record& r : records_[record])
      if (field_text(nlohmann::json::parse(r.json), key.field) == key.value) return &r;
    return nullptr;
  }

  cx::Written apply_locked(const cx::WriteRequest& request) {
    cx::Written w;
    if (auto it = always_.find(request.record); it != always_.end()) {
      w.outcome = it->second;
      return w;
    }
    if (auto& queue = scripted_[request.record]; !queue.empty()) {
      w.outcome = queue.front();
      queue.pop_front();
      if (!w.outcome.ok()) return w;
    }
    Record* existing = nullptr;
    if (!request.id.empty()) {
      for (Record& r : records_[request.record])
        if (r.id == request.id) existing = &r;
    } else if (!request.key.field.empty()) {
      existing = find_locked(request.record, request.key);
    }
    if (request.mode == cx::WriteMode::kUpdate && !existing) {
      w.outcome = cx::Outcome::permanent("no such record", "not_found");
      return w;
    }
    if (existing) {
      w.id = existing->id;
      if (request.mode != cx::WriteMode::kCreateIfAbsent) {
        nlohmann::json doc = nlohmann::json::parse(existing->json);
        doc.update(nlohmann::json::parse(request.json));
        existing->json = doc.dump();
        stamp_locked(*existing, w);
      }
      return w;
    }
    nlohmann::json doc = nlohmann::json::parse(request.json);
    w.id = std::to_string(next_id_++);
    doc["id"] = std::stoi(w.id);
    records_[request.record].push_back({w.id, doc.dump()});
    stamp_locked(records_[request.record].back(), w);
    w.created = true;
    return w;
  }

  cx::SystemConfig config_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Record>> records_;
  std::vector<cx::Subscription> subscriptions_;
  std::vector<std::string> reactivated_;
  std::map<std::string, std::deque<cx::Outcome>> scripted_;
  std::map<std::string, cx::Outcome> always_;
  std::map<std::string, std::vector<cx::Event>> polled_;
  std::vector<WriteLog> writes_;
  std::vector<cx::PollQuery> polls_;
  std::map<std::string, unsigned> in_flight_;
  unsigned total_in_flight_ = 0, max_per_key_ = 0, max_total_ = 0;
  size_t finds_ = 0;
  std::chrono::milliseconds delay_{0};
  int next_id_ = 100;
  std::string stamp_field_, stamp_value_;
};

}  // namespace syncloom::test
