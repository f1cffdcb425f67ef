// Reading syncloom.yaml: structure, types, ${VAR} substitution, secrets; every error with line and key.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "syncloom/config/config.hpp"

namespace syncloom::config {
namespace {

class Reader {
 public:
  Reader(std::string file, const EnvLookup& env, std::string_view only_system)
      : file_(std::move(file)), env_(env), only_system_(only_system) {}

  Loaded read(std::string_view text) {
    Loaded loaded;
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      // yaml-cpp reports by exception; it stops here as a value with the line.
      error(e.mark.line + 1, "", e.msg);
      loaded.errors = std::move(errors_);
      return loaded;
    }
    Config config;
    config.file = file_;
    {
      std::filesystem::path base = std::filesystem::path(file_).parent_path();
      config.service.store = (base.empty() ? std::filesystem::path("syncloom.db") : base / "syncloom.db").string();
    }
    if (!root.IsMap()) {
      error(1, "", "expected a mapping with `mappings:` and `systems:`");
    } else {
      for (const auto& entry : root) {
        std::string key = entry.first.as<std::string>();
        if (key == "mappings") read_mappings(entry.second, config);
        else if (key == "systems") read_systems(entry.second, config);
        else if (!read_service_key(key, entry.first, entry.second, config))
          error(line(entry.first), key,
                "unknown key (expected mappings, systems, store, listen, admin_token, workers, ref_wait, poll_interval, lease, "
                "realtime_deadline, retention, reconcile or log_level)");
      }
      if (!root["systems"]) error(1, "systems", "missing: name each system the mappings use");
    }
    if (errors_.empty()) loaded.config = std::move(config);
    loaded.errors = std::move(errors_);
    return loaded;
  }

 private:
  static int line(const YAML::Node& node) { return node.Mark().line >= 0 ? node.Mark().line + 1 : 0; }

  void error(int at, std::string_view key, std::string_view what) {
    std::string out = file_ + ":";
    if (at > 0) out += std::to_string(at) + ":";
    out += " ";
    if (!key.empty()) out += std::string(key) + ": ";
    errors_.push_back(out + std::string(what));
  }

  // A scalar with ${VAR} substituted; nullopt after reporting the error.
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& key, bool* used_variable = nullptr) {
    if (!node.IsScalar()) {
      error(line(node), key, "expected a single value");
      return std::nullopt;
    }
    std::string why;
    auto value = substitute(node.Scalar(), env_, &why, used_variable);
    if (!value && skip_variables_) {
      // A system the command does not use: its variables may be unset; keep the key as if it were set.
      if (used_variable) *used_variable = true;
      return std::string();
    }
    if (!value) error(line(node), key, why);
    return value;
  }

  // The service's top-level keys; false when `key` is not one of them.
  bool read_service_key(const std::string& key, const YAML::Node& key_node, const YAML::Node& node, Config& config) {
    ServiceConfig& svc = config.service;
    int at = line(key_node);
    if (key == "store") {
      if (auto value = scalar(node, key)) {
        // A PostgreSQL URL is kept as written (store::open_store); a path is a SQLite file.
        if (value->rfind("postgresql://", 0) == 0 || value->rfind("postgres://", 0) == 0) {
          svc.store = *value;
        } else {
          std::filesystem::path p(*value), base = std::filesystem::path(file_).parent_path();
          svc.store = (p.is_absolute() || base.empty() ? p : base / p).lexically_normal().string();
        }
      }
    } else if (key == "listen") {
      if (auto value = scalar(node, key)) {
        size_t colon = value->rfind(':');
        int port = 0;
        std::string host = colon == std::string::npos ? "" : value->substr(0, colon);
        if (colon != std::string::npos) {
          auto [p, ec] = std::from_chars(value->data() + colon + 1, value->data() + value->size(), port);
          if (ec != std::errc() || p != value->data() + value->size()) port = 0;
        }
        if (host.empty() || port <= 0 || port > 65535) error(at, key, "expected HOST:PORT, such as 127.0.0.1:8080");
        else {
          svc.listen_host = host;
          svc.listen_port = port;
        }
      }
    } else if (key == "admin_token") {
      bool used_variable = false;
      // A command limited to one system (or to none: `syncloom dlq`) does not serve the admin API: an
      // unset variable leaves the token empty instead of failing.
      skip_variables_ = !only_system_.empty();
      auto value = scalar(node, key, &used_variable);
      skip_variables_ = false;
      if (value) {
        if (!used_variable && !value->empty())
          error(at, key, "a credential must come from the environment (`${VARIABLE}`), not from the file");
        else svc.admin_token = connectors::Secret(*value);
      }
    } else if (key == "workers") {
      if (auto value = scalar(node, key)) {
        unsigned n = 0;
        auto [p, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
        if (ec != std::errc() || p != value->data() + value->size() || n == 0 || n > 1024)
          error(at, key, "`" + *value + "` is not a number of workers (1 to 1024)");
        else svc.workers = n;
      }
    } else if (key == "ref_wait") {
      if (auto d = duration(node, key)) svc.ref_wait = *d;
    } else if (key == "poll_interval") {
      if (auto d = duration(node, key)) svc.poll_interval = *d;
    } else if (key == "lease") {
      if (auto d = duration(node, key)) svc.lease = *d;
    } else if (key == "retention") {
      if (auto d = duration(node, key)) svc.retention = *d;
    } else if (key == "realtime_deadline") {
      if (auto d = duration(node, key)) svc.realtime_deadline = *d;
    } else if (key == "reconcile") {
      if (auto value = scalar(node, key)) {
        if (*value != "repair" && *value != "report")
          error(at, key, "expected repair (scheduled passes queue repairs) or report (they only report drift)");
        else svc.reconcile_repair = *value == "repair";
      }
    } else if (key == "log_level") {
      if (auto value = scalar(node, key)) {
        if (*value != "debug" && *value != "info" && *value != "warn" && *value != "error")
          error(at, key, "expected debug, info, warn or error");
        else svc.log_level = *value;
      }
    } else {
      return false;
    }
    return true;
  }

  void read_mappings(const YAML::Node& node, Config& config) {
    std::filesystem::path base = std::filesystem::path(file_).parent_path();
    auto add = [&](const YAML::Node& item) {
      auto value = scalar(item, "mappings");
      if (!value) return;
      std::filesystem::path p(*value);
      config.mappings.push_back((p.is_absolute() || base.empty() ? p : base / p).lexically_normal().string());
      config.mapping_lines.push_back(line(item));
    };
    if (node.IsSequence()) {
      for (const auto& item : node) add(item);
    } else if (node.IsScalar()) {
      add(node);
    } else {
      error(line(node), "mappings", "expected a list of .loom files");
    }
    if (config.mappings.empty() && node.IsSequence()) error(line(node), "mappings", "the list is empty");
  }

  std::optional<std::chrono::milliseconds> duration(const YAML::Node& node, const std::string& key) {
    auto text = scalar(node, key);
    if (!text) return std::nullopt;
    std::string_view t = *text;
    size_t digits = 0;
    while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
    long long amount = 0;
    std::from_chars(t.data(), t.data() + digits, amount);
    std::string_view unit = t.substr(digits);
    long long scale = unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "min" ? 60'000 : unit == "h" ? 3'600'000
                    : unit == "d" ? 86'400'000 : 0;
    // At most about 100 years, whatever the unit: beyond that the amount is a typo (and would overflow).
    if (digits == 0 || digits > 12 || scale == 0 || amount <= 0 || amount > 3'200'000'000'000LL / scale) {
      error(line(node), key, "`" + *text + "` is not a duration (such as 500ms, 30s or 2min)");
      return std::nullopt;
    }
    return std::chrono::milliseconds(amount * scale);
  }

  void read_budget(const YAML::Node& node, const std::string& where, connectors::SystemConfig& system) {
    if (!node.IsMap()) {
      error(line(node), where, "expected {concurrency: N, rate: R/window}");
      return;
    }
    for (const auto& entry : node) {
      std::string key = entry.first.as<std::string>();
      std::string path = where + "." + key;
      auto text = scalar(entry.second, path);
      if (!text) continue;
      if (key == "concurrency") {
        unsigned n = 0;
        auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
        if (ec != std::errc() || p != text->data() + text->size() || n == 0 || n > 1024)
          error(line(entry.second), path, "`" + *text + "` is not a number of requests in flight (1 to 1024)");
        else system.budget.concurrency = n;
      } else if (key == "rate") {
        std::string why;
        if (auto budget = connectors::parse_rate(*text, system.budget, &why)) system.budget = *budget;
        else error(line(entry.second), path, why);
      } else {
        error(line(entry.first), path, "unknown key (expected `concurrency` or `rate`)");
      }
    }
  }

  void read_system(const std::string& name, const YAML::Node& node, int at, Config& config) {
    skip_variables_ = !only_system_.empty() && name != only_system_;
    struct Reset {
      bool& flag;
      ~Reset() { flag = false; }
    } reset{skip_variables_};
    connectors::SystemConfig system;
    system.name = name;
    system.file = file_;
    system.line = at;
    std::string where = "systems." + name;
    if (!node.IsMap()) {
      error(at, where, "expected the system's settings (url, credentials, budget)");
      return;
    }
    for (const auto& entry : node) {
      std::string key = entry.first.as<std::string>();
      std::string path = where + "." + key;
      int key_line = line(entry.first);
      if (key == "budget") {
        read_budget(entry.second, path, system);
        continue;
      }
      if (key == "timeout" || key == "connect_timeout") {
        if (auto d = duration(entry.second, path)) (key == "timeout" ? system.timeout : system.connect_timeout) = *d;
        continue;
      }
      bool used_variable = false;
      auto value = scalar(entry.second, path, &used_variable);
      if (!value) continue;
      if (key == "kind") {
        system.kind = *value;
      } else if (key == "url") {
        if (value->rfind("http://", 0) != 0 && value->rfind("https://", 0) != 0)
          error(key_line, path, "expected an http:// or https:// URL");
        while (!value->empty() && value->back() == '/') value->pop_back();
        system.url = *value;
      } else if (key == "verify_tls") {
        if (*value != "true" && *value != "false") error(key_line, path, "expected true or false");
        system.verify_tls = *value == "true";
      } else if (key == "max_body_bytes") {
        uint64_t n = 0;
        auto [p, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
        if (ec != std::errc() || p != value->data() + value->size() || n == 0) error(key_line, path, "expected a positive number of bytes");
        else system.max_body_bytes = n;
      } else {
        bool secret = is_secret_key(key);
        if (secret && !used_variable && !value->empty())
          error(key_line, path, "a credential must come from the environment (`${VARIABLE}`), not from the file");
        system.settings[key] = {*value, secret, key_line};
      }
    }
    if (system.url.empty()) error(at, where + ".url", "missing: the system's base URL");
    config.systems.emplace(name, std::move(system));
  }

  void read_systems(const YAML::Node& node, Config& config) {
    if (!node.IsMap()) {
      error(line(node), "systems", "expected one entry per system, named as in the mappings");
      return;
    }
    for (const auto& entry : node) read_system(entry.first.as<std::string>(), entry.second, line(entry.first), config);
  }

  std::string file_;
  const EnvLookup& env_;
  std::string_view only_system_;
  bool skip_variables_ = false;
  std::vector<std::string> errors_;
};

}  // namespace

Loaded load_config_text(std::string_view yaml, const std::string& path, const EnvLookup& env,
                        std::string_view only_system) {
  return Reader(path, env, only_system).read(yaml);
}

Loaded load_config(const std::string& path, const EnvLookup& env, std::string_view only_system) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Loaded loaded;
    loaded.errors.push_back(path + ": cannot read the configuration file");
    return loaded;
  }
  std::stringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path, env, only_system);
}

}  // namespace syncloom::config
