// The admin API tests' fixture: a fresh SQLite store filled through the Store API (events accepted,
// claimed and failed for good), the admin routes on a loopback listener with a token, a hand-moved clock,
// and requests with or without the token.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "raw_http_client.hpp"
#include "syncloom/service/admin_api.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::service::testing {

inline constexpr const char* kAdminToken = "adm1n-t0ken";
inline constexpr store::TimeMs kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

struct AdminFixture {
  /// Starts the listener; `sources` gets the fixture's clock and an offload onto threads joined at the end.
  explicit AdminFixture(AdminSources sources = {});
  ~AdminFixture();

  /// Accepts an event of `domain` with `payload`, claims it and fails it without a retry: the dead
  /// letter's id. `work_id` receives the item's id.
  std::int64_t dead(const std::string& domain, const std::string& key, const std::string& payload,
                    const std::string& reason, const std::string& error, std::int64_t* work_id = nullptr);
  void advance(store::TimeMs ms) { now->fetch_add(ms); }

  RawResponse get(const std::string& path, bool token = true);
  RawResponse post(const std::string& path, const std::string& body, bool token = true);
  /// The response body as JSON (the test fails when it is not).
  static wire::Value body(const RawResponse& response);

  std::shared_ptr<std::atomic<store::TimeMs>> now = std::make_shared<std::atomic<store::TimeMs>>(kStart);
  std::unique_ptr<store::Store> store;
  std::unique_ptr<HttpListener> listener;
  std::atomic<int> offloaded{0};  ///< jobs the API handed to AdminSources::offload

 private:
  std::mutex mutex_;
  std::vector<std::thread> jobs_;
  int events_ = 0;
};

}  // namespace syncloom::service::testing
