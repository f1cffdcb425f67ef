// Metrics in the Prometheus text exposition format (version 0.0.4): counters, gauges and histograms with
// labels, updated lock-free from any thread, exposed by /metrics.
//
//   Metrics m;
//   auto& synced = m.counter("syncloom_records_synced_total", "Records written to their target",
//                            {{"domain", "orders"}, {"system", "erp"}});
//   synced.add();
//   auto& ack = m.histogram("syncloom_webhook_ack_seconds", "Webhook receipt to durable acknowledgement",
//                           Metrics::latency_buckets(), {{"system", "woo"}});
//   ack.observe(0.004);
//   std::string text = m.expose();
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncloom::core {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v);
  void add(double d);
  double value() const;

 private:
  std::atomic<uint64_t> bits_{0};  // the double's bits: std::atomic<double> has no fetch_add in C++20 here
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  /// Cumulative counts per bound (the `le` buckets), then +Inf; the sum and count of observations.
  std::vector<uint64_t> cumulative() const;
  double sum() const;
  uint64_t count() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // per bound, plus one for +Inf (not cumulative)
  Gauge sum_;
  std::atomic<uint64_t> count_{0};
};

/// A registry. Registering is thread-safe and returns the same series for the same name and labels;
/// references stay valid for the registry's life.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const std::vector<double>& bounds,
                       const Labels& labels = {});

  /// Seconds from 1 ms to 60 s, for acknowledgement and end-to-end latencies.
  static std::vector<double> latency_buckets();

  /// The text format: `# HELP`, `# TYPE`, then one line per series (histograms: _bucket{le}, _sum, _count).
  std::string expose() const;

  /// A metric or label name is [a-zA-Z_:][a-zA-Z0-9_:]* (labels: no colon). Registering an invalid one, or
  /// one name with two types, is a programming error: it aborts in debug builds and is renamed
  /// "invalid_metric_name" otherwise, so /metrics stays parseable.
  static bool valid_name(std::string_view name, bool label = false);

 private:
  struct Family;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncloom::core
