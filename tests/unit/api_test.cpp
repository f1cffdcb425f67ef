// The embedding API: compile with diagnostics, select flows and engines (the JIT's fallback and its object
// cache), and one pipeline shared by many threads, for each engine.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "syncloom/syncloom.hpp"

namespace {

const std::string kRoot = SYNCLOOM_SOURCE_DIR;

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("compiling a broken mapping returns diagnostics and no mapping", "[api]") {
  auto r = syncloom::compile_source("broken.loom", "mapping x version 1\nsystem woo: woocomerce\n");
  CHECK_FALSE(r.mapping);
  CHECK(r.diagnostics.find("E0102") != std::string::npos);
  auto missing = syncloom::compile_file(kRoot + "/does-not-exist.loom");
  CHECK(missing.io_error);
}

TEST_CASE("flows are selected by domain, or by domain and records when ambiguous", "[api]") {
  auto r = syncloom::compile_file(kRoot + "/tests/golden/tx_orders_tryton/mapping.loom");
  REQUIRE(r.mapping);
  CHECK(r.mapping->pipeline("orders"));
  CHECK(r.mapping->pipeline("orders:woo.order->erp.salesOrder"));
  std::string error;
  CHECK_FALSE(r.mapping->pipeline("nope", &error));
  CHECK(error.find("orders:woo.order->erp.salesOrder") != std::string::npos);
}

TEST_CASE("one pipeline used by several threads gives the same results as one thread", "[api][threads]") {
  syncloom::CompileOptions options;
  options.engine = GENERATE(syncloom::Engine::kInterpreter, syncloom::Engine::kJit);
  options.use_cache = false;
  auto r = syncloom::compile_file(kRoot + "/tests/golden/tx_money_exact/mapping.loom", options);
  REQUIRE(r.mapping);
  auto pipeline = r.mapping->pipeline("orders");
  REQUIRE(pipeline);
  INFO("engine " << (options.engine == syncloom::Engine::kJit ? "jit" : "interpreter") << ": " << pipeline->fallback_reason());
  // The JIT variant must run native code, or it would test the interpreter twice.
  CHECK(pipeline->native() == (options.engine == syncloom::Engine::kJit));
  auto inputs = lines_of(kRoot + "/tests/golden/tx_money_exact/input.ndjson");
  REQUIRE(inputs.size() >= 5);
  std::vector<std::string> expected;
  for (const auto& in : inputs) {
    auto res = pipeline->run(in);
    expected.push_back(res.output + "|" + res.error_path + "|" + res.error);
  }
  constexpr int kThreads = 4, kRounds = 300;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        size_t i = size_t(round + t) % inputs.size();
        auto res = pipeline->run(inputs[i]);
        if (res.output + "|" + res.error_path + "|" + res.error != expected[i]) ++mismatches[size_t(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) CHECK(m == 0);
}

TEST_CASE("a stream keeps every record: outputs, filtered counts and rejects with their position", "[api]") {
  auto r = syncloom::compile_file(kRoot + "/tests/golden/tx_orders_tryton/mapping.loom");
  REQUIRE(r.mapping);
  auto pipeline = r.mapping->pipeline("orders");
  std::ifstream in(kRoot + "/tests/golden/tx_orders_tryton/input.ndjson");
  std::ostringstream out, rejects;
  auto stats = pipeline->run_stream(in, out, rejects);
  // Seven lines; the sixth, `[1,2,3]`, is an array whose three elements are records (rejected: not objects).
  CHECK(stats.records == 9);
  CHECK(stats.format == syncloom::InputFormat::kNdjson);
  CHECK(stats.output + stats.filtered + stats.rejected == stats.records);
  CHECK(stats.filtered == 1);
  CHECK(rejects.str().find("{\"line\":6,\"column\":6,") != std::string::npos);
  CHECK(rejects.str().find("\"index\":2,\"path\":\"\",\"error\":\"input is not a JSON object\",\"record\":\"3\"}") != std::string::npos);
  CHECK(rejects.str().find("{\"line\":7,\"column\":1,") != std::string::npos);
}

TEST_CASE("a long stream writes every output, in order, across its write batches", "[api]") {
  auto r = syncloom::compile_file(kRoot + "/tests/golden/tx_money_exact/mapping.loom");
  REQUIRE(r.mapping);
  auto pipeline = r.mapping->pipeline("orders");
  std::vector<std::string> records = lines_of(kRoot + "/tests/golden/tx_money_exact/input.ndjson");
  // Enough records for several 64 KiB batches, each output expected exactly as run() gives it.
  std::string input, expected;
  for (int round = 0; round < 1000; ++round)
    for (const auto& record : records) {
      input += record + "\n";
      auto one = pipeline->run(record);
      if (one.outcome == syncloom::Outcome::kOutput) expected += one.output + "\n";
    }
  REQUIRE(expected.size() > 3 * 65536);
  std::istringstream in(input);
  std::ostringstream out, rejects;
  auto stats = pipeline->run_stream(in, out, rejects);
  CHECK(stats.records == 1000 * records.size());
  CHECK(out.str() == expected);
}

TEST_CASE("a stream of a JSON array maps each element; an input that is not records stops with where", "[api]") {
  auto r = syncloom::compile_file(kRoot + "/tests/golden/tx_money_exact/mapping.loom");
  REQUIRE(r.mapping);
  auto pipeline = r.mapping->pipeline("orders");
  std::vector<std::string> records = lines_of(kRoot + "/tests/golden/tx_money_exact/input.ndjson");
  std::string ndjson, array = "[\n";
  for (size_t i = 0; i < records.size(); ++i) {
    ndjson += records[i] + "\n";
    array += "  " + records[i] + (i + 1 < records.size() ? ",\n" : "\n");
  }
  array += "]\n";
  std::istringstream ndjson_in(ndjson), array_in(array);
  std::ostringstream ndjson_out, array_out, rejects;
  auto lines = pipeline->run_stream(ndjson_in, ndjson_out, rejects);
  auto elements = pipeline->run_stream(array_in, array_out, rejects);
  CHECK(lines.format == syncloom::InputFormat::kNdjson);
  CHECK(elements.format == syncloom::InputFormat::kArray);
  CHECK(elements.records == records.size());
  CHECK(elements.input_error.empty());
  CHECK(array_out.str() == ndjson_out.str());

  std::istringstream csv("id,total\n1,9.99\n");
  std::ostringstream out, csv_rejects;
  auto stats = pipeline->run_stream(csv, out, csv_rejects);
  CHECK(stats.records == 0);
  CHECK(csv_rejects.str().empty());
  CHECK(stats.input_error.find("the input is not JSON records") == 0);
  CHECK(stats.error_line == 1);
  CHECK(stats.error_column == 1);
}
