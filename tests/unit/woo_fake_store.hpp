// A small fake WooCommerce store for the connector tests (until the lead's contract tests run against
// syncloom-woosim): orders and products in memory, keyset-relevant list parameters, batches with per-item
// errors and the 100-item limit, webhooks, and injectable answers (429, 5xx, HTML with 200). Written from
// API-FACTS.md, not from the simulator.
#pragma once
#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "http_test_servers.hpp"
#include "syncloom/wire/value.hpp"
#include "woo_test_util.hpp"
#include "woocommerce/woo_cursor.hpp"

namespace syncloom::test {

class FakeStore {
 public:
  using Value = wire::Value;

  FakeStore() : server_([this](httplib::Server& s) { routes(s); }) {}

  std::string url() const { return server_.url(); }

  /// Adds `count` orders (ids from 1000) modified at base + i / per_second seconds.
  void seed_orders(int count, int per_second = 1) {
    std::lock_guard lock(mutex_);
    auto sample = wire::parse(woo_sample("order.json"));
    for (int i = 0; i < count; ++i) {
      Value order = *sample.value;
      int64_t id = 1000 + i;
      order.set("id", Value::integer(id));
      order.set("number", Value::string(std::to_string(id)));
      order.set("date_modified_gmt", Value::string(connectors::woo::format_gmt(kBase + i / per_second)));
      orders_[id] = order;
    }
  }
  /// Bumps an order's date_modified_gmt past every other (what an edit while pages are read does).
  void touch_order(int64_t id) {
    std::lock_guard lock(mutex_);
    touch_locked(id);
  }
  /// Deletes an order.
  void delete_order(int64_t id) {
    std::lock_guard lock(mutex_);
    orders_.erase(id);
  }
  /// modified_after includes the instant itself (false: strictly after, as WP_Date_Query's default).
  bool inclusive_after = false;
  /// Runs before each list request is answered (to change records between pages).
  std::function<void(int request)> on_list;
  /// The next `count` requests get this answer instead: status, content type, body, Retry-After.
  void inject(int count, int status, std::string type, std::string body, std::string retry_after = "") {
    std::lock_guard lock(mutex_);
    injected_ = count;
    injected_status_ = status;
    injected_type_ = std::move(type);
    injected_body_ = std::move(body);
    injected_retry_after_ = std::move(retry_after);
  }
  int requests() const { return requests_; }
  std::vector<std::string> queries() {
    std::lock_guard lock(mutex_);
    return queries_;
  }
  Value product(int64_t id) {
    std::lock_guard lock(mutex_);
    return products_[id];
  }
  void add_product(Value product) {
    std::lock_guard lock(mutex_);
    products_[*product.at("id").as_int64()] = std::move(product);
  }

 private:
  static constexpr int64_t kBase = 1796119200;  // 2026-12-01T10:00:00
  static constexpr const char* kRoot = "/wp-json/wc/v3";

  void touch_locked(int64_t id) {
    auto it = orders_.find(id);
    if (it == orders_.end()) return;
    it->second.set("date_modified_gmt", Value::string(connectors::woo::format_gmt(kBase + 100000 + ++clock_)));
  }

  static void json(httplib::Response& res, const Value& body, int status = 200) {
    res.status = status;
    res.set_content(wire::dump(body), "application/json; charset=UTF-8");
  }
  static void error(httplib::Response& res, int status, std::string code, std::string message) {
    Value e = Value::object();
    e.set("code", Value::string(std::move(code)));
    e.set("message", Value::string(std::move(message)));
    Value data = Value::object();
    data.set("status", Value::integer(status));
    e.set("data", data);
    json(res, e, status);
  }
  // Answers injected faults and checks that OAuth parameters are there; true when it answered.
  bool intercept(const httplib::Request& req, httplib::Response& res) {
    ++requests_;
    queries_.push_back(req.method + " " + req.path + "?" + [&] {
      std::string q;
      for (const auto& [k, v] : req.params) q += k + "=" + v + "&";
      return q;
    }());
    if (injected_ > 0) {
      --injected_;
      res.status = injected_status_;
      if (!injected_retry_after_.empty()) res.set_header("Retry-After", injected_retry_after_);
      res.set_content(injected_body_, injected_type_.c_str());
      return true;
    }
    if (!req.has_param("oauth_signature") || req.get_param_value("oauth_consumer_key") != "ck_test" ||
        req.get_param_value("oauth_signature_method") != "HMAC-SHA256") {
      error(res, 401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.");
      return true;
    }
    return false;
  }

  void list_orders(const httplib::Request& req, httplib::Response& res) {
    if (on_list) {
      mutex_.unlock();
      on_list(++lists_);
      mutex_.lock();
    }
    int per_page = req.has_param("per_page") ? std::stoi(req.get_param_value("per_page")) : 10;
    if (per_page > 100) return error(res, 400, "rest_invalid_param", "Invalid parameter(s): per_page");
    int page = req.has_param("page") ? std::stoi(req.get_param_value("page")) : 1;
    std::string after = req.get_param_value("modified_after");
    std::set<int64_t> exclude;
    std::string ex = req.get_param_value("exclude");
    for (size_t at = 0; at < ex.size();) {
      size_t comma = ex.find(',', at);
      exclude.insert(std::stoll(ex.substr(at, comma - at)));
      at = comma == std::string::npos ? ex.size() : comma + 1;
    }
    std::vector<const Value*> matching;
    for (const auto& [id, order] : orders_) {
      if (exclude.count(id)) continue;
      const std::string& modified = order.at("date_modified_gmt").text();
      if (!after.empty() && (inclusive_after ? modified < after : modified <= after)) continue;
      matching.push_back(&order);
    }
    if (req.get_param_value("orderby") == "modified")
      std::stable_sort(matching.begin(), matching.end(), [](const Value* a, const Value* b) {
        return a->at("date_modified_gmt").text() < b->at("date_modified_gmt").text();  // ties by id (map order)
      });
    Value out = Value::array();
    for (size_t i = static_cast<size_t>((page - 1) * per_page); i < matching.size() && out.size() < static_cast<size_t>(per_page); ++i)
      out.push_back(*matching[i]);
    size_t pages = (matching.size() + per_page - 1) / per_page;
    res.set_header("X-WP-Total", std::to_string(matching.size()));
    res.set_header("X-WP-TotalPages", std::to_string(pages));
    if (static_cast<size_t>(page) < pages) res.set_header("Link", "<" + url() + kRoot + "/orders?page=" + std::to_string(page + 1) + ">; rel=\"next\"");
    json(res, out);
  }

  void batch(std::map<int64_t, Value>& store, const httplib::Request& req, httplib::Response& res, int64_t parent) {
    auto body = wire::parse(req.body);
    if (!body.value) return error(res, 400, "rest_invalid_json", "Invalid JSON body passed.");
    size_t items = body.value->at("create").size() + body.value->at("update").size() + body.value->at("delete").size();
    if (items > 100) return error(res, 413, "woocommerce_rest_request_entity_too_large", "Unable to accept more than 100 items for this request.");
    Value out = Value::object();
    Value created = Value::array();
    for (const Value& item : body.value->at("create").items()) {
      if (item.at("sku").text() == "DUPLICATE") {
        Value e = wire::parse(R"({"id":0,"error":{"code":"product_invalid_sku","message":"Invalid or duplicated SKU.","data":{"status":400}}})").value.value();
        created.push_back(e);
        continue;
      }
      Value record = item;
      record.set("id", Value::integer(next_id_++));
      if (parent) record.set("parent_id", Value::integer(parent));
      store[*record.at("id").as_int64()] = record;
      created.push_back(record);
    }
    out.set("create", std::move(created));
    Value updated = Value::array();
    for (const Value& item : body.value->at("update").items()) {
      int64_t id = item.at("id").as_int64().value_or(0);
      auto it = store.find(id);
      if (it == store.end()) {
        Value e = wire::parse(R"({"error":{"code":"woocommerce_rest_product_invalid_id","message":"Invalid ID.","data":{"status":400}}})").value.value();
        e.set("id", Value::integer(id));
        updated.push_back(e);
        continue;
      }
      for (const auto& [k, v] : item.members()) it->second.set(k, v);
      updated.push_back(it->second);
    }
    out.set("update", std::move(updated));
    json(res, out);
  }

  void routes(httplib::Server& s) {
    std::string root = kRoot;
    s.Get(root + "/orders", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (!intercept(req, res)) list_orders(req, res);
    });
    s.Get(root + R"(/orders/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (intercept(req, res)) return;
      auto it = orders_.find(std::stoll(req.matches[1]));
      if (it == orders_.end()) return error(res, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
      json(res, it->second);
    });
    s.Post(root + "/orders", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (intercept(req, res)) return;
      auto body = wire::parse(req.body);
      Value order = *body.value;
      if (order.find("id")) return error(res, 400, "woocommerce_rest_shop_order_exists", "Cannot create existing order.");
      int64_t id = next_id_++;
      order.set("id", Value::integer(id));
      order.set("number", Value::string(std::to_string(id)));
      order.set("date_modified_gmt", Value::string("2026-12-02T08:00:00"));
      orders_[id] = order;
      json(res, order, 201);
    });
    s.Get(root + "/products", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (intercept(req, res)) return;
      Value out = Value::array();
      for (const auto& [id, p] : products_)
        if (!req.has_param("sku") || p.at("sku").text() == req.get_param_value("sku")) out.push_back(p);
      json(res, out);
    });
    s.Get(root + R"(/products/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (intercept(req, res)) return;
      auto it = products_.find(std::stoll(req.matches[1]));
      if (it == products_.end()) return error(res, 404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
      json(res, it->second);
    });
    s.Put(root + R"(/products/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (intercept(req, res)) return;
      auto it = products_.find(std::stoll(req.matches[1]));
      if (it == products_.end()) return error(res, 404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
      auto body = wire::parse(req.body);
      for (const auto& [k, v] : body.value->members()) it->second.set(k, v);
      json(res, it->second);
    });
    s.Post(root + "/products/batch", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (!intercept(req, res)) batch(products_, req, res, 0);
    });
    s.Post(root + R"(/products/(\d+)/variations/batch)", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (!intercept(req, res)) batch(products_, req, res, std::stoll(req.matches[1]));
    });
    s.Get(root + "/webhooks", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (intercept(req, res)) return;
      Value out = Value::array();
      for (const auto& [id, w] : webhooks_) out.push_back(w);
      json(res, out);
    });
    s.Post(root + "/webhooks", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (intercept(req, res)) return;
      Value hook = *wire::parse(req.body).value;
      int64_t id = next_id_++;
      hook.set("id", Value::integer(id));
      last_webhook_secret_ = hook.at("secret").text();
      hook.erase("secret");  // never returned
      webhooks_[id] = hook;
      json(res, hook, 201);
    });
    s.Put(root + R"(/webhooks/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (intercept(req, res)) return;
      auto it = webhooks_.find(std::stoll(req.matches[1]));
      if (it == webhooks_.end()) return error(res, 404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
      auto body = wire::parse(req.body);
      for (const auto& [k, v] : body.value->members()) it->second.set(k, v);
      json(res, it->second);
    });
  }

 public:
  std::string last_webhook_secret_;
  void add_webhook(int64_t id, std::string status) {
    std::lock_guard lock(mutex_);
    Value hook = *wire::parse(woo_sample("webhook.json")).value;
    hook.set("id", Value::integer(id));
    hook.set("status", Value::string(std::move(status)));
    webhooks_[id] = hook;
  }

 private:
  std::mutex mutex_;
  std::map<int64_t, Value> orders_, products_, webhooks_;
  int64_t next_id_ = 5000;
  int64_t clock_ = 0;
  int lists_ = 0;
  std::atomic<int> requests_{0};
  std::vector<std::string> queries_;
  int injected_ = 0, injected_status_ = 0;
  std::string injected_type_, injected_body_, injected_retry_after_;
  LoopbackServer server_;  // last: stopped before the members its handlers use are destroyed
};

}  // namespace syncloom::test
