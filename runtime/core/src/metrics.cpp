// The metrics registry and its Prometheus text exposition.
#include "syncloom/core/metrics.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>

namespace syncloom::core {

void Gauge::set(double v) { bits_.store(std::bit_cast<uint64_t>(v), std::memory_order_relaxed); }

void Gauge::add(double d) {
  uint64_t old = bits_.load(std::memory_order_relaxed);
  while (!bits_.compare_exchange_weak(old, std::bit_cast<uint64_t>(std::bit_cast<double>(old) + d),
                                      std::memory_order_relaxed)) {
  }
}

double Gauge::value() const { return std::bit_cast<double>(bits_.load(std::memory_order_relaxed)); }

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
  buckets_ = std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1);
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::observe(double v) {
  size_t i = static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.add(v);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::cumulative() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) out[i] = running += buckets_[i].load(std::memory_order_relaxed);
  return out;
}

double Histogram::sum() const { return sum_.value(); }
uint64_t Histogram::count() const { return count_.load(std::memory_order_relaxed); }

namespace {

enum class Type { kCounter, kGauge, kHistogram };

const char* type_name(Type t) { return t == Type::kCounter ? "counter" : t == Type::kGauge ? "gauge" : "histogram"; }

// Label values escape backslash, double quote and newline; HELP text backslash and newline.
void escape(std::string_view s, bool quote, std::string& out) {
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (quote && c == '"') out += "\\\"";
    else out.push_back(c);
  }
}

void number(double v, std::string& out) {
  if (std::isnan(v)) { out += "NaN"; return; }
  if (std::isinf(v)) { out += v > 0 ? "+Inf" : "-Inf"; return; }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  // Shortest form that reads back the same: try fewer digits first.
  for (int digits = 1; digits <= 17; ++digits) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, v);
    if (std::strtod(shorter, nullptr) == v) {
      out += shorter;
      return;
    }
  }
  out += buf;
}

void labels_text(const Labels& labels, const std::pair<std::string, std::string>* extra, std::string& out) {
  if (labels.empty() && !extra) return;
  out.push_back('{');
  bool first = true;
  auto one = [&](const std::pair<std::string, std::string>& l) {
    if (!first) out.push_back(',');
    first = false;
    out += l.first;
    out += "=\"";
    escape(l.second, true, out);
    out.push_back('"');
  };
  for (const auto& l : labels) one(l);
  if (extra) one(*extra);
  out.push_back('}');
}

}  // namespace

struct Metrics::Family {
  std::string name, help;
  Type type;
  std::vector<double> bounds;
  // By sorted labels: a stable address for each series (deque never moves its elements).
  std::map<Labels, size_t> index;
  std::deque<Counter> counters;
  std::deque<Gauge> gauges;
  std::deque<Histogram> histograms;
};

struct Metrics::Impl {
  mutable std::mutex mutex;
  std::vector<std::unique_ptr<Family>> families;  // in registration order

  Family& family(std::string_view name, std::string_view help, Type type, const std::vector<double>& bounds) {
    std::string n(name);
    if (!valid_name(n)) {
      assert(!"invalid metric name");
      n = "invalid_metric_name";
    }
    for (auto& f : families)
      if (f->name == n) {
        if (f->type == type) return *f;
        assert(!"one metric name with two types");
        n += "_" + std::string(type_name(type));
        for (auto& g : families)
          if (g->name == n) return *g;
        break;
      }
    auto f = std::make_unique<Family>();
    f->name = n;
    f->help = help;
    f->type = type;
    f->bounds = bounds;
    families.push_back(std::move(f));
    return *families.back();
  }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

bool Metrics::valid_name(std::string_view name, bool label) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!label && c == ':');
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return !(label && name.substr(0, 2) == "__");
}

namespace {

Labels sorted_labels(const Labels& labels) {
  Labels out;
  for (const auto& l : labels)
    if (Metrics::valid_name(l.first, true)) out.push_back(l);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Counter& Metrics::counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(impl_->mutex);
  Family& f = impl_->family(name, help, Type::kCounter, {});
  auto [it, added] = f.index.emplace(sorted_labels(labels), f.counters.size());
  if (added) f.counters.emplace_back();
  return f.counters[it->second];
}

Gauge& Metrics::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(impl_->mutex);
  Family& f = impl_->family(name, help, Type::kGauge, {});
  auto [it, added] = f.index.emplace(sorted_labels(labels), f.gauges.size());
  if (added) f.gauges.emplace_back();
  return f.gauges[it->second];
}

Histogram& Metrics::histogram(std::string_view name, std::string_view help, const std::vector<double>& bounds,
                              const Labels& labels) {
  std::lock_guard lock(impl_->mutex);
  Family& f = impl_->family(name, help, Type::kHistogram, bounds);
  auto [it, added] = f.index.emplace(sorted_labels(labels), f.histograms.size());
  if (added) f.histograms.emplace_back(f.bounds);
  return f.histograms[it->second];
}

std::vector<double> Metrics::latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

std::string Metrics::expose() const {
  std::lock_guard lock(impl_->mutex);
  std::string out;
  for (const auto& f : impl_->families) {
    out += "# HELP " + f->name + " ";
    escape(f->help, false, out);
    out += "\n# TYPE " + f->name + " " + type_name(f->type) + "\n";
    for (const auto& [labels, i] : f->index) {
      if (f->type == Type::kCounter || f->type == Type::kGauge) {
        out += f->name;
        labels_text(labels, nullptr, out);
        out.push_back(' ');
        if (f->type == Type::kCounter) out += std::to_string(f->counters[i].value());
        else number(f->gauges[i].value(), out);
        out.push_back('\n');
        continue;
      }
      const Histogram& h = f->histograms[i];
      std::vector<uint64_t> cumulative = h.cumulative();
      for (size_t b = 0; b <= h.bounds().size(); ++b) {
        std::string le;
        number(b < h.bounds().size() ? h.bounds()[b] : INFINITY, le);
        std::pair<std::string, std::string> extra{"le", le};
        out += f->name + "_bucket";
        labels_text(labels, &extra, out);
        out += " " + std::to_string(cumulative[b]) + "\n";
      }
      out += f->name + "_sum";
      labels_text(labels, nullptr, out);
      out.push_back(' ');
      number(h.sum(), out);
      out += "\n" + f->name + "_count";
      labels_text(labels, nullptr, out);
      out += " " + std::to_string(cumulative.back()) + "\n";
    }
  }
  return out;
}

}  // namespace syncloom::core
