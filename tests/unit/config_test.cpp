// syncloom.yaml: systems, budgets, ${VAR} substitution, secrets from the environment, errors with line and key.
#include <catch2/catch.hpp>

#include <map>

#include "syncloom/config/config.hpp"

using namespace syncloom::config;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const char* kConfig = R"(mappings: [mappings/woocommerce-tryton.loom]
systems:
  woo:
    url: http://127.0.0.1:8765/
    consumer_key: ${WOO_CONSUMER_KEY}
    consumer_secret: ${WOO_CONSUMER_SECRET}
    webhook_secret: ${WOO_WEBHOOK_SECRET}
    budget: {concurrency: 4, rate: 20/s}
  erp:
    url: http://127.0.0.1:8000
    database: shop
    user: admin
    password: ${TRYTON_PASSWORD}
    timeout: 30s
)";

}  // namespace

TEST_CASE("config: the documented file loads", "[config]") {
  auto env = env_of({{"WOO_CONSUMER_KEY", "ck_1"}, {"WOO_CONSUMER_SECRET", "cs_2"}, {"WOO_WEBHOOK_SECRET", "wh"},
                     {"TRYTON_PASSWORD", "admin"}});
  auto loaded = load_config_text(kConfig, "conf/syncloom.yaml", env);
  INFO((loaded.errors.empty() ? std::string() : loaded.errors[0]));
  REQUIRE(loaded.config);
  const auto& c = *loaded.config;
  CHECK(c.mappings == std::vector<std::string>{"conf/mappings/woocommerce-tryton.loom"});
  const auto& woo = c.systems.at("woo");
  CHECK(woo.url == "http://127.0.0.1:8765");
  CHECK(woo.budget.concurrency == 4);
  CHECK(woo.budget.requests == 20);
  CHECK(woo.secret("consumer_secret").reveal() == "cs_2");
  CHECK(woo.find("consumer_secret")->secret);
  CHECK(woo.find("consumer_secret")->line == 6);
  const auto& erp = c.systems.at("erp");
  CHECK(erp.get("database") == "shop");
  CHECK_FALSE(erp.find("user")->secret);
  CHECK(erp.timeout == std::chrono::milliseconds(30000));
  CHECK(erp.where("url") == "conf/syncloom.yaml:9: systems.erp.url");

  auto kinds = resolve_kinds(*loaded.config, {{"woo", "woocommerce", "m.loom"}, {"erp", "tryton", "m.loom"}});
  CHECK(kinds.empty());
  CHECK(loaded.config->systems.at("erp").kind == "tryton");
}

TEST_CASE("config: a missing variable names itself, its key and line, and no value leaks", "[config]") {
  auto loaded = load_config_text(kConfig, "syncloom.yaml",
                                 env_of({{"WOO_CONSUMER_KEY", "ck_1"}, {"WOO_CONSUMER_SECRET", "cs_SECRETVALUE"}, {"WOO_WEBHOOK_SECRET", "wh"}}));
  CHECK_FALSE(loaded.config);
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0] == "syncloom.yaml:13: systems.erp.password: environment variable TRYTON_PASSWORD is not set");
}

TEST_CASE("config: a command using one system needs only that system's variables", "[config]") {
  auto loaded = load_config_text(kConfig, "syncloom.yaml", env_of({{"TRYTON_PASSWORD", "admin"}}), "erp");
  REQUIRE(loaded.config);
  CHECK(loaded.config->systems.at("erp").secret("password").reveal() == "admin");
  loaded = load_config_text(kConfig, "syncloom.yaml", env_of({{"TRYTON_PASSWORD", "admin"}}), "woo");
  CHECK(loaded.errors.size() == 3);
}

TEST_CASE("config: errors name the key and the line", "[config]") {
  const char* text = R"(mappings: [a.loom]
systems:
  erp:
    url: ftp://x
    password: hunter2
    budget: {concurrency: 0, rate: 5/fortnight, burst: 3}
    timeout: soon
  other:
    kind: netsuite
    url: https://x
surprise: 1
)";
  auto loaded = load_config_text(text, "s.yaml", env_of({}));
  CHECK_FALSE(loaded.config);
  std::vector<std::string> expected = {
      "s.yaml:4: systems.erp.url: expected an http:// or https:// URL",
      "s.yaml:5: systems.erp.password: a credential must come from the environment (`${VARIABLE}`), not from the file",
      "s.yaml:6: systems.erp.budget.concurrency: `0` is not a number of requests in flight (1 to 1024)",
      "s.yaml:6: systems.erp.budget.rate: unknown window unit `fortnight` (use ms, s, min or h)",
      "s.yaml:6: systems.erp.budget.burst: unknown key (expected `concurrency` or `rate`)",
      "s.yaml:7: systems.erp.timeout: `soon` is not a duration (such as 500ms, 30s or 2min)",
      "s.yaml:11: surprise: unknown key (expected mappings, systems, store, listen, admin_token, workers, ref_wait, "
      "poll_interval, lease, realtime_deadline, retention, reconcile or log_level)",
  };
  CHECK(loaded.errors == expected);
  for (const auto& e : loaded.errors) CHECK(e.find("hunter2") == std::string::npos);
}

TEST_CASE("config: the service's keys", "[config]") {
  const char* text = R"(mappings: [m.loom]
store: data/sync.db
listen: 127.0.0.1:9090
admin_token: ${ADMIN}
workers: 8
ref_wait: 2min
retention: 7d
reconcile: report
log_level: debug
systems:
  woo: {kind: woocommerce, url: http://127.0.0.1:1}
)";
  auto loaded = load_config_text(text, "etc/syncloom.yaml", env_of({{"ADMIN", "t0ken"}}));
  INFO((loaded.errors.empty() ? std::string() : loaded.errors[0]));
  REQUIRE(loaded.config);
  const ServiceConfig& s = loaded.config->service;
  CHECK(s.store == "etc/data/sync.db");
  CHECK(s.listen_host == "127.0.0.1");
  CHECK(s.listen_port == 9090);
  CHECK(s.admin_token.reveal() == "t0ken");
  CHECK(s.workers == 8);
  CHECK(s.ref_wait == std::chrono::minutes(2));
  CHECK(s.retention == std::chrono::hours(7 * 24));
  CHECK(s.log_level == "debug");
  CHECK_FALSE(s.reconcile_repair);
  auto defaults = load_config_text("systems:\n  woo: {kind: woocommerce, url: http://x}\n", "syncloom.yaml", env_of({}));
  REQUIRE(defaults.config);
  CHECK(defaults.config->service.store == "syncloom.db");
  CHECK(defaults.config->service.listen_port == 8080);
  CHECK(defaults.config->service.admin_token.empty());
  CHECK(defaults.config->service.retention == std::chrono::hours(30 * 24));
  CHECK(defaults.config->service.reconcile_repair);
  auto fix = load_config_text("reconcile: yes\nsystems: {}\n", "r.yaml", env_of({}));
  CHECK(fix.errors == std::vector<std::string>{
                          "r.yaml:1: reconcile: expected repair (scheduled passes queue repairs) or report (they only report drift)"});
  auto hours = load_config_text("retention: 36h\nsystems: {}\n", "h.yaml", env_of({}));
  REQUIRE(hours.config);
  CHECK(hours.config->service.retention == std::chrono::hours(36));
  auto forever = load_config_text("retention: 999999999999d\nsystems: {}\n", "f.yaml", env_of({}));
  CHECK(forever.errors == std::vector<std::string>{"f.yaml:1: retention: `999999999999d` is not a duration (such as 500ms, 30s or 2min)"});

  auto bad = load_config_text("listen: 8080\nadmin_token: letmein\nworkers: many\nlog_level: loud\nsystems: {}\n", "b.yaml", env_of({}));
  std::vector<std::string> expected = {
      "b.yaml:1: listen: expected HOST:PORT, such as 127.0.0.1:8080",
      "b.yaml:2: admin_token: a credential must come from the environment (`${VARIABLE}`), not from the file",
      "b.yaml:3: workers: `many` is not a number of workers (1 to 1024)",
      "b.yaml:4: log_level: expected debug, info, warn or error",
  };
  CHECK(bad.errors == expected);
}

TEST_CASE("config: the commands that read only the service's keys need no system's variables nor the token's", "[config]") {
  std::string text = std::string("store: state/sync.db\nadmin_token: ${ADMIN}\n") + kConfig;
  auto loaded = load_config_text(text, "etc/syncloom.yaml", env_of({}), kNoSystem);
  INFO((loaded.errors.empty() ? std::string() : loaded.errors[0]));
  REQUIRE(loaded.config);
  CHECK(loaded.config->service.store == "etc/state/sync.db");
  CHECK(loaded.config->service.admin_token.empty());
  loaded = load_config_text(text, "etc/syncloom.yaml", env_of({{"ADMIN", "t0ken"}}), kNoSystem);
  REQUIRE(loaded.config);
  CHECK(loaded.config->service.admin_token.reveal() == "t0ken");  // used when set (`syncloom status`)
  // The service itself still needs it.
  auto all = load_config_text(text, "etc/syncloom.yaml",
                              env_of({{"WOO_CONSUMER_KEY", "k"}, {"WOO_CONSUMER_SECRET", "s"}, {"WOO_WEBHOOK_SECRET", "w"},
                                      {"TRYTON_PASSWORD", "p"}}));
  REQUIRE(all.errors.size() == 1);
  CHECK(all.errors[0] == "etc/syncloom.yaml:2: admin_token: environment variable ADMIN is not set");
}

TEST_CASE("config: YAML syntax errors carry the line", "[config]") {
  auto loaded = load_config_text("systems:\n  woo: {url: [\n", "bad.yaml", env_of({}));
  REQUIRE(loaded.errors.size() == 1);
  CHECK_THAT(loaded.errors[0], Catch::StartsWith("bad.yaml:"));
}

TEST_CASE("config: kinds come from the mappings", "[config]") {
  auto loaded = load_config_text("systems:\n  erp:\n    kind: netsuite\n    url: http://x\n  spare:\n    url: http://y\n", "k.yaml", env_of({}));
  REQUIRE(loaded.config);
  auto errors = resolve_kinds(*loaded.config, {{"erp", "tryton", "m.loom"}, {"woo", "woocommerce", "m.loom"}});
  std::vector<std::string> expected = {
      "k.yaml:2: systems.erp.kind: `netsuite`, but m.loom declares `erp` as tryton",
      "k.yaml: systems.woo: missing: m.loom uses system `woo` (woocommerce)",
      "k.yaml:5: systems.spare.kind: missing: no mapping declares `spare`, so give its kind (woocommerce, tryton, ...)",
  };
  CHECK(errors == expected);
}

TEST_CASE("config: substitution", "[config]") {
  auto env = env_of({{"A", "x"}, {"EMPTY", ""}});
  std::string error;
  CHECK(substitute("pre-${A}-$${A}-${EMPTY}$", env, &error) == "pre-x-${A}-$");
  CHECK_FALSE(substitute("${A", env, &error));
  CHECK_THAT(error, Catch::Contains("without a closing"));
  CHECK_FALSE(substitute("${1A}", env, &error));
  CHECK_FALSE(substitute("${NOPE}", env, &error));
  CHECK(error == "environment variable NOPE is not set");
}
