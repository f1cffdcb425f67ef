// Metrics in the Prometheus text format: counters, gauges and histograms with labels, escaping, one
// series per label set whatever the label order, and concurrent updates.
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "syncloom/core/metrics.hpp"

using namespace syncloom::core;

TEST_CASE("metrics: the exposition format", "[core]") {
  Metrics m;
  m.counter("syncloom_records_synced_total", "Records written to their target", {{"domain", "orders"}, {"system", "erp"}}).add(3);
  m.counter("syncloom_records_synced_total", "ignored", {{"system", "erp"}, {"domain", "orders"}}).add(2);  // same series
  m.counter("syncloom_records_synced_total", "", {{"domain", "customers"}, {"system", "erp"}}).add();
  m.gauge("syncloom_queue_depth", "Pending work items", {{"domain", "orders"}}).set(12);
  m.gauge("syncloom_order_aging_seconds", "Age of the oldest unsynced eligible order").set(1.5);
  auto& h = m.histogram("syncloom_webhook_ack_seconds", "Receipt to durable acknowledgement\nof a delivery", {0.005, 0.001, 0.01},
                        {{"system", "woo"}});
  h.observe(0.0005);
  h.observe(0.003);
  h.observe(0.003);
  h.observe(0.5);
  m.counter("syncloom_rejected_total", "Rejected records", {{"reason", "a \"quoted\"\\path\nnext"}}).add();
  std::string expected =
      "# HELP syncloom_records_synced_total Records written to their target\n"
      "# TYPE syncloom_records_synced_total counter\n"
      "syncloom_records_synced_total{domain=\"customers\",system=\"erp\"} 1\n"
      "syncloom_records_synced_total{domain=\"orders\",system=\"erp\"} 5\n"
      "# HELP syncloom_queue_depth Pending work items\n"
      "# TYPE syncloom_queue_depth gauge\n"
      "syncloom_queue_depth{domain=\"orders\"} 12\n"
      "# HELP syncloom_order_aging_seconds Age of the oldest unsynced eligible order\n"
      "# TYPE syncloom_order_aging_seconds gauge\n"
      "syncloom_order_aging_seconds 1.5\n"
      "# HELP syncloom_webhook_ack_seconds Receipt to durable acknowledgement\\nof a delivery\n"
      "# TYPE syncloom_webhook_ack_seconds histogram\n"
      "syncloom_webhook_ack_seconds_bucket{system=\"woo\",le=\"0.001\"} 1\n"
      "syncloom_webhook_ack_seconds_bucket{system=\"woo\",le=\"0.005\"} 3\n"
      "syncloom_webhook_ack_seconds_bucket{system=\"woo\",le=\"0.01\"} 3\n"
      "syncloom_webhook_ack_seconds_bucket{system=\"woo\",le=\"+Inf\"} 4\n"
      "syncloom_webhook_ack_seconds_sum{system=\"woo\"} 0.5065\n"
      "syncloom_webhook_ack_seconds_count{system=\"woo\"} 4\n"
      "# HELP syncloom_rejected_total Rejected records\n"
      "# TYPE syncloom_rejected_total counter\n"
      "syncloom_rejected_total{reason=\"a \\\"quoted\\\"\\\\path\\nnext\"} 1\n";
  CHECK(m.expose() == expected);
}

TEST_CASE("metrics: names are checked, updates are safe from many threads", "[core]") {
  CHECK(Metrics::valid_name("syncloom_a:b_total"));
  CHECK_FALSE(Metrics::valid_name("9lives"));
  CHECK_FALSE(Metrics::valid_name("has-dash"));
  CHECK_FALSE(Metrics::valid_name("a:b", true));
  CHECK_FALSE(Metrics::valid_name("__reserved", true));
  Metrics m;
  auto& c = m.counter("syncloom_hits_total", "Hits");
  auto& g = m.gauge("syncloom_level", "Level");
  auto& h = m.histogram("syncloom_latency_seconds", "Latency", Metrics::latency_buckets());
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.add();
        g.add(0.5);
        h.observe(0.002);
      }
    });
  for (auto& t : threads) t.join();
  CHECK(c.value() == 80000);
  CHECK(g.value() == 40000.0);
  CHECK(h.count() == 80000);
  CHECK(h.cumulative()[1] == 80000);  // 0.002 <= 0.0025
}
