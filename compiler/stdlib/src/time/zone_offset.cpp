// Offsets of a loaded zone at an instant, and the instant of a local wall-clock time (gap: forward by the gap;
// overlap: the earlier instant).
#include <algorithm>

#include "civil.hpp"
#include "syncloom/stdlib/time.hpp"
#include "zone_impl.hpp"

namespace syncloom::stdlib::detail {
namespace {

constexpr int64_t kMicros = 1000000;

/// Instants (seconds) in (lo, hi] where the zone's offset changes, with the offsets before and after.
struct Change {
  int64_t at;
  int32_t before, after;
};

std::vector<Change> changes_between(const sl_zone& zone, int64_t lo, int64_t hi) {
  std::vector<int64_t> candidates;
  for (int64_t t : zone.transitions)
    if (t > lo && t <= hi) candidates.push_back(t);
  if (zone.has_rule) {
    int64_t first = civil_from_days(floor_div(lo, 86400)).year - 1, last = civil_from_days(floor_div(hi, 86400)).year + 1;
    std::vector<int64_t> rule;
    rule_transitions(zone.rule, first, last, rule);
    int64_t table_end = zone.transitions.empty() ? INT64_MIN : zone.transitions.back();
    for (int64_t t : rule)
      if (t > lo && t <= hi && t > table_end) candidates.push_back(t);
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<Change> out;
  for (int64_t t : candidates) {
    int32_t before = type_at(zone, t - 1).offset, after = type_at(zone, t).offset;
    if (before != after) out.push_back({t, before, after});
  }
  return out;
}

}  // namespace
}  // namespace syncloom::stdlib::detail

using namespace syncloom::stdlib::detail;

extern "C" sl_status sl_zone_offset(const sl_zone* zone, int64_t ts, int32_t* offset, const char** abbreviation) {
  const LocalTimeType& t = type_at(*zone, floor_div(ts, kMicros));
  *offset = t.offset;
  if (abbreviation) *abbreviation = t.abbreviation.c_str();
  return SL_OK;
}

extern "C" sl_status sl_zone_from_local(const sl_zone* zone, int64_t local, int64_t* out) {
  // Offsets stay within a day of UTC, so every instant the local time can denote lies within 30 hours of it.
  int64_t local_s = floor_div(local, kMicros);
  constexpr int64_t kWindow = 30 * 3600;
  std::vector<Change> changes = changes_between(*zone, local_s - kWindow, local_s + kWindow);
  std::vector<int32_t> offsets = {type_at(*zone, local_s - kWindow).offset};
  for (const Change& c : changes) offsets.push_back(c.after);
  bool found = false;
  int64_t best = 0;
  for (int32_t o : offsets) {
    int64_t t = local - int64_t(o) * kMicros;
    if (type_at(*zone, floor_div(t, kMicros)).offset != o) continue;
    if (!found || t < best) best = t;  // an overlap: the earlier instant
    found = true;
  }
  if (!found) {
    // A gap: the clock jumped from `before` to `after` at `at`; read the time on the clock before the jump.
    int64_t gap_offset = offsets.front();
    for (const Change& c : changes)
      if (c.after > c.before && local_s >= c.at + c.before && local_s < c.at + c.after) gap_offset = c.before;
    best = local - int64_t(gap_offset) * kMicros;
  }
  if (best < SL_TIMESTAMP_MIN || best > SL_TIMESTAMP_MAX) return SL_OVERFLOW;
  *out = best;
  return SL_OK;
}
