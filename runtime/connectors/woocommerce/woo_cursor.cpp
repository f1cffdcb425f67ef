// Listing cursors: instants, id sets, and their text form.
#include "woocommerce/woo_cursor.hpp"

#include "common/calendar.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace syncloom::connectors::woo {

std::optional<int64_t> parse_instant(std::string_view text) {
  if (text.ends_with("Z")) text.remove_suffix(1);
  else if (text.ends_with("+00:00")) text.remove_suffix(6);
  if (text.size() > 19 && text[19] == '.') text = text.substr(0, 19);  // fractions: WooCommerce has none
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto number = [&](size_t at, size_t n) {
    int v = 0;
    auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + n, v);
    return ec == std::errc() && end == text.data() + at + n ? v : -1;
  };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(5, 2) - 1;
  tm.tm_mday = number(8, 2);
  tm.tm_hour = number(11, 2);
  tm.tm_min = number(14, 2);
  tm.tm_sec = number(17, 2);
  // Fields in their ranges, and a day the month has: timegm would carry "2026-99-99" into another year
  // (10007 for 9999-99-..), or 31 February into March, whose text no longer reads back the same.
  if (!valid_civil_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) || tm.tm_hour < 0 || tm.tm_hour > 23 ||
      tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 59)
    return std::nullopt;
  constexpr int64_t kLastSecondOf9999 = 253402300799;
  int64_t seconds = timegm(&tm);
  if (seconds > kLastSecondOf9999) return std::nullopt;  // 9999-12-31 rolled over into year 10000
  return seconds;
}

std::string format_gmt(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  return buffer;
}

bool IdSet::contains(int64_t id) const {
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), id,
                             [](int64_t v, const std::pair<int64_t, int64_t>& r) { return v < r.first; });
  return it != ranges_.begin() && std::prev(it)->second >= id;
}

void IdSet::insert(int64_t id) {
  if (contains(id)) return;
  ++count_;
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), id,
                             [](int64_t v, const std::pair<int64_t, int64_t>& r) { return v < r.first; });
  bool joins_previous = it != ranges_.begin() && std::prev(it)->second + 1 == id;
  bool joins_next = it != ranges_.end() && id != INT64_MAX && it->first == id + 1;
  if (joins_previous && joins_next) {
    std::prev(it)->second = it->second;
    ranges_.erase(it);
  } else if (joins_previous) {
    std::prev(it)->second = id;
  } else if (joins_next) {
    it->first = id;
  } else {
    ranges_.insert(it, {id, id});
  }
}

std::string IdSet::encode() const {
  std::string out;
  for (const auto& [first, last] : ranges_) {
    if (!out.empty()) out += ',';
    out += std::to_string(first);
    if (last != first) out += "-" + std::to_string(last);
  }
  return out;
}

namespace {

std::optional<int64_t> to_int(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// An unsigned count: "" is `empty`; anything but digits that fit is nullopt.
template <typename Unsigned>
std::optional<Unsigned> to_count(std::string_view text, Unsigned empty) {
  if (text.empty()) return empty;
  Unsigned v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

template <typename Fn>
bool split(std::string_view text, char separator, Fn&& each) {
  while (!text.empty()) {
    size_t at = text.find(separator);
    if (!each(text.substr(0, at))) return false;
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return true;
}

}  // namespace

std::optional<IdSet> IdSet::decode(std::string_view text) {
  IdSet set;
  bool ok = split(text, ',', [&](std::string_view part) {
    size_t dash = part.find('-', 1);
    auto first = to_int(part.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : to_int(part.substr(dash + 1));
    // Ids are not negative, and the ranges ascend without overlapping, as encode() writes them: a token
    // that says otherwise is not one of ours (contains() searches the ranges as sorted).
    if (!first || !last || *first < 0 || *last < *first) return false;
    if (!set.ranges_.empty() && *first <= set.ranges_.back().second) return false;
    set.ranges_.emplace_back(*first, *last);
    set.count_ += static_cast<size_t>(static_cast<uint64_t>(*last) - static_cast<uint64_t>(*first) + 1);
    return true;
  });
  if (!ok) return std::nullopt;
  return set;
}

// "woo1|anchor|id:modified,...|emitted ranges|high water|total|offset|page"
std::string Cursor::encode() const {
  std::string window_text;
  for (const auto& [id, modified] : window) {
    if (!window_text.empty()) window_text += ',';
    window_text += std::to_string(id) + ":" + std::to_string(modified);
  }
  return "woo1|" + anchor + "|" + window_text + "|" + emitted.encode() + "|" + high_water + "|" +
         std::to_string(total) + "|" + std::to_string(offset) + "|" + std::to_string(page);
}

std::optional<Cursor> Cursor::decode(std::string_view text) {
  std::vector<std::string_view> parts;
  split(text, '|', [&](std::string_view part) {
    parts.push_back(part);
    return true;
  });
  if (parts.size() < 5 || parts.size() > 8 || parts[0] != "woo1") return std::nullopt;
  parts.resize(8);
  Cursor cursor;
  cursor.anchor = std::string(parts[1]);
  bool ok = split(parts[2], ',', [&](std::string_view pair) {
    size_t colon = pair.find(':');
    auto id = to_int(pair.substr(0, colon));
    auto modified = colon == std::string_view::npos ? std::nullopt : to_int(pair.substr(colon + 1));
    if (!id || !modified) return false;
    cursor.window.emplace_back(*id, *modified);
    return true;
  });
  auto emitted = IdSet::decode(parts[3]);
  if (!ok || !emitted) return std::nullopt;
  cursor.emitted = std::move(*emitted);
  cursor.high_water = std::string(parts[4]);
  // Counts are what encode() wrote: a negative or garbled one means the token is not ours.
  auto total = to_count<uint64_t>(parts[5], 0);
  auto offset = to_count<uint64_t>(parts[6], 0);
  auto page = to_count<unsigned>(parts[7], 1);
  if (!total || !offset || !page) return std::nullopt;
  cursor.total = *total;
  cursor.offset = *offset;
  cursor.page = std::max(1u, *page);
  return cursor;
}

}  // namespace syncloom::connectors::woo
