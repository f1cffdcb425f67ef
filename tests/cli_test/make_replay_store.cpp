// Test-only: records a store for the `syncloom replay` shell test (replay_cli.sh) the way the service does:
// the configuration's mapping in a syncloom::Runtime (the real router, workers and store), with in-memory
// connectors for its systems, fed the events of an NDJSON file until every item has finished.
//
//   make_replay_store CONFIG EVENTS.ndjson
//   each line: {"system": "woo", "topic": "order.created", "id": "101", "dedupe": "...", "json": {...}}
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "../core/fake_connector.hpp"
#include "syncloom/runtime.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_replay_store CONFIG EVENTS.ndjson\n";
    return 2;
  }
  auto loaded = syncloom::config::load_config(argv[1]);
  for (const auto& e : loaded.errors) std::cerr << e << "\n";
  if (!loaded.config) return 2;
  syncloom::RuntimeOptions options{.config = *loaded.config, .engine = syncloom::Engine::kInterpreter,
                                   .listen = false, .poll = false, .schedule = false, .prune = false};
  options.log_sink = [](std::string_view) {};  // the shell test reads the store, not the log
  options.connectors["woo"] = std::make_unique<syncloom::test::FakeConnector>("woo", "woocommerce");
  options.connectors["erp"] = std::make_unique<syncloom::test::FakeConnector>("erp", "tryton");
  auto opened = syncloom::Runtime::open(std::move(options));
  for (const auto& e : opened.errors) std::cerr << e << "\n";
  if (!opened.runtime) return 2;
  syncloom::Runtime& runtime = *opened.runtime;
  if (std::string error = runtime.start(); !error.empty()) {
    std::cerr << error << "\n";
    return 2;
  }
  std::ifstream in(argv[2]);
  std::string line;
  int submitted = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    syncloom::connectors::Event event{.topic = j["topic"], .record = j["topic"].get<std::string>().substr(0, j["topic"].get<std::string>().find('.')),
                                      .id = j["id"], .dedupe_key = j["dedupe"], .json = j["json"].dump()};
    auto stored = runtime.submit(j["system"].get<std::string>(), event);
    if (!stored.ok()) {
      std::cerr << "submit: " << stored.error().message << "\n";
      return 1;
    }
    ++submitted;
    // One at a time: a customer's sync before the order that references it, as the test expects.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      auto status = runtime.status();
      std::int64_t open = 0;
      for (const auto& d : status.domains) open += d.pending + d.running + d.waiting;
      if (open == 0 && status.busy == 0) break;
      if (std::chrono::steady_clock::now() > until) {
        std::cerr << "work did not finish within 20 s\n";
        return 1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  runtime.stop(std::chrono::seconds(5));
  std::cout << submitted << " events recorded\n";
  return 0;
}
