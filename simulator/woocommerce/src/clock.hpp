// The simulator's notion of now (movable by the control API so tests control modified_after windows and
// OAuth timestamps) and the site time zone WooCommerce's `date_*` fields are written in.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

struct sl_zone;

namespace woosim {

/// Unix seconds. Real time plus an offset, or frozen at a set instant.
class Clock {
 public:
  int64_t now() const;
  void set(int64_t unix_seconds);       ///< freezes the clock there
  void advance(int64_t seconds);        ///< moves it (frozen or not)
  void unfreeze();                      ///< back to real time, keeping the current offset
  bool frozen() const { return frozen_.load(); }

 private:
  std::atomic<bool> frozen_{false};
  std::atomic<int64_t> frozen_at_{0};
  std::atomic<int64_t> offset_{0};
};

/// The WordPress site time zone (Settings > General), loaded once and shared read-only by all threads.
class SiteZone {
 public:
  SiteZone() = default;
  SiteZone(const SiteZone&) = delete;
  SiteZone& operator=(const SiteZone&) = delete;
  ~SiteZone();
  /// IANA name ("UTC", "America/Los_Angeles"); false and `error` set when the tz database lacks it.
  bool load(const std::string& name, std::string& error);
  int32_t offset_at(int64_t unix_seconds) const;
  /// "2017-03-22T16:28:02": the site's wall clock at that instant.
  std::string local(int64_t unix_seconds) const;
  /// "2017-03-22T19:28:02": UTC, without an offset, as WooCommerce writes `*_gmt`.
  static std::string gmt(int64_t unix_seconds);
  /// The instant an ISO 8601 date names: UTC when `gmt` (or when the text carries Z or an offset), else the
  /// site's wall clock. nullopt when the text is not a date.
  std::optional<int64_t> parse(const std::string& text, bool gmt) const;

 private:
  sl_zone* zone_ = nullptr;
};

}  // namespace woosim
