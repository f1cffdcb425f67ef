// The position of a WooCommerce listing between pages (the opaque ListQuery::page): a keyset on
// (date_modified_gmt, id) rather than a page number, so that records changing while pages are read are
// neither skipped nor repeated (docs/connectors.md "Paging").
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncloom::connectors::woo {

/// Seconds since the epoch of "2026-11-30T10:00:00" with or without "Z" / "+00:00" (years 1900 to 9999,
/// each field in its range); nullopt otherwise.
std::optional<int64_t> parse_instant(std::string_view text);
/// "2026-11-30T10:00:00" (no offset: what WooCommerce takes with dates_are_gmt=true).
std::string format_gmt(int64_t seconds);

/// A set of record ids, kept as sorted ranges: a listing of 10,000 dense order ids is a few bytes.
class IdSet {
 public:
  bool contains(int64_t id) const;
  void insert(int64_t id);
  size_t size() const { return count_; }
  std::string encode() const;  ///< "1-500,502,507-510"
  /// The set `text` spells; nullopt unless it is ascending ranges of ids >= 0 that do not overlap.
  static std::optional<IdSet> decode(std::string_view text);

 private:
  std::vector<std::pair<int64_t, int64_t>> ranges_;  ///< disjoint, sorted, inclusive
  size_t count_ = 0;
};

struct Cursor {
  /// modified_after of the next request ("" for the first page of a sweep).
  std::string anchor;
  /// Records already emitted whose modification instant is at or after the anchor: sent as `exclude=`
  /// so that a page of records sharing one second never comes back.
  std::vector<std::pair<int64_t, int64_t>> window;  ///< (id, modified seconds)
  IdSet emitted;          ///< every id emitted by this listing: a record changed mid-listing appears once
  std::string high_water; ///< newest date_modified_gmt seen, ISO 8601 with Z
  uint64_t total = 0;     ///< X-WP-Total of the first page
  uint64_t offset = 0;    ///< listings by id (customers): records read so far
  unsigned page = 1;      ///< page-number fallback when too many records share one second

  std::string encode() const;
  static std::optional<Cursor> decode(std::string_view text);
};

}  // namespace syncloom::connectors::woo
