// Building the WooCommerce connector: configuration errors naming the setting, and what each auth mode
// puts on the wire (seen through the fault-injection seam, no server).
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "syncloom/http/client.hpp"
#include "woo_connector_util.hpp"
#include "woo_fake_store.hpp"

using namespace syncloom::connectors;
using namespace syncloom::test;

TEST_CASE("configuration errors name the setting", "[woo][connector]") {
  SystemConfig config = woo_config("ftp://shop");
  CHECK(make_connector(config).error.find("systems.woo.url") != std::string::npos);
  config = woo_config("http://127.0.0.1:1");
  config.settings["auth"] = {"basic", false, 6};
  CHECK(make_connector(config).error.find("oauth1") != std::string::npos);
  config.settings.erase("auth");
  config.settings.erase("consumer_secret");
  std::string error = make_connector(config).error;
  CHECK(error.find("consumer_secret") != std::string::npos);
}


namespace {

// Answers every request with an empty JSON list and remembers the last one (no server needed).
struct CaptureRequests : syncloom::http::FaultInjector {
  syncloom::http::Request last;
  std::optional<syncloom::http::Response> before(const syncloom::http::Request& request) override {
    last = request;
    syncloom::http::Response response;
    response.status = 200;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = "[]";
    return response;
  }
  void after(const syncloom::http::Request&, syncloom::http::Response&) override {}
  std::string header(std::string_view name) const {
    for (const auto& h : last.headers)
      if (h.name == name) return h.value;
    return {};
  }
};

}  // namespace

TEST_CASE("the auth mode decides what carries the keys", "[woo][connector][auth]") {
  auto capture = std::make_shared<CaptureRequests>();
  Environment env;
  env.faults = capture;
  SystemConfig config = woo_config("https://shop.example/");
  SECTION("https defaults to Basic") {
    REQUIRE(make_connector(config, env).connector->list({.record = "order"}).outcome.ok());
    CHECK(capture->header("Authorization") == "Basic Y2tfdGVzdDpjc190ZXN0X3NlY3JldA==");  // ck_test:cs_test_secret
    CHECK(capture->last.url.starts_with("https://shop.example/wp-json/wc/v3/orders?per_page=100"));
    CHECK(capture->last.url.find("cs_test_secret") == std::string::npos);
  }
  SECTION("query keys") {
    config.settings["auth"] = {"query", false, 6};
    REQUIRE(make_connector(config, env).connector->list({.record = "order"}).outcome.ok());
    CHECK(capture->header("Authorization").empty());
    CHECK(capture->last.url.find("consumer_key=ck_test&consumer_secret=cs_test_secret") != std::string::npos);
  }
  SECTION("OAuth 1.0a by choice over https") {
    config.settings["auth"] = {"oauth1", false, 6};
    REQUIRE(make_connector(config, env).connector->list({.record = "order"}).outcome.ok());
    CHECK(capture->last.url.find("oauth_signature_method=HMAC-SHA256") != std::string::npos);
    CHECK(capture->last.url.find("oauth_signature=") != std::string::npos);
    CHECK(capture->last.url.find("cs_test_secret") == std::string::npos);
  }
}

