// The TZif format (RFC 8536, versions 1 to 4): the 64-bit table of a version 2+ file and its footer TZ string.
#include <algorithm>

#include "zone_impl.hpp"

namespace syncloom::stdlib::detail {
namespace {

struct Reader {
  std::string_view bytes;
  size_t pos = 0;
  bool ok = true;

  bool have(size_t n) const { return ok && bytes.size() - pos >= n; }
  uint64_t read(size_t width) {
    if (!have(width)) {
      ok = false;
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i) v = (v << 8) | uint8_t(bytes[pos + i]);
    pos += width;
    return v;
  }
  void skip(size_t n) {
    if (!have(n)) ok = false;
    else pos += n;
  }
};

struct Header {
  char version = 0;
  uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool read_header(Reader& r, Header& h) {
  if (!r.have(44) || r.bytes.substr(r.pos, 4) != "TZif") return false;
  h.version = r.bytes[r.pos + 4];
  r.skip(20);
  uint32_t* counts[] = {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt};
  for (uint32_t* c : counts) *c = uint32_t(r.read(4));
  return r.ok;
}

size_t data_size(const Header& h, size_t time_width) {
  return size_t(h.timecnt) * time_width + h.timecnt + size_t(h.typecnt) * 6 + h.charcnt + size_t(h.leapcnt) * (time_width + 4) +
         h.isstdcnt + h.isutcnt;
}

}  // namespace

bool parse_tzif(std::string_view bytes, sl_zone& zone, std::string& why) {
  Reader r{bytes};
  Header h;
  if (!read_header(r, h)) {
    why = "not a TZif file";
    return false;
  }
  size_t time_width = 4;
  if (h.version >= '2') {
    // Skip the version 1 block (32-bit times); the second header describes the 64-bit one.
    r.skip(data_size(h, 4));
    if (!read_header(r, h)) {
      why = "truncated TZif file";
      return false;
    }
    time_width = 8;
  }
  if (h.typecnt == 0 || h.charcnt == 0 || h.typecnt > 256 || h.isutcnt > h.typecnt || h.isstdcnt > h.typecnt) {
    why = "malformed TZif header";
    return false;
  }
  if (h.leapcnt != 0) {
    why = "the file counts leap seconds (a right/ zone); use the zone of the same name without them";
    return false;
  }
  if (!r.have(data_size(h, time_width))) {
    why = "truncated TZif file";
    return false;
  }
  for (uint32_t i = 0; i < h.timecnt; ++i) {
    uint64_t v = r.read(time_width);
    zone.transitions.push_back(time_width == 8 ? int64_t(v) : int64_t(int32_t(uint32_t(v))));
  }
  for (uint32_t i = 0; i < h.timecnt; ++i) zone.transition_type.push_back(uint8_t(r.read(1)));
  struct RawType {
    int32_t offset;
    bool dst;
    uint8_t abbreviation;
  };
  std::vector<RawType> raw;
  for (uint32_t i = 0; i < h.typecnt; ++i) {
    int32_t offset = int32_t(uint32_t(r.read(4)));
    bool dst = r.read(1) != 0;
    raw.push_back({offset, dst, uint8_t(r.read(1))});
  }
  std::string_view chars = bytes.substr(r.pos, h.charcnt);
  r.skip(h.charcnt + h.isstdcnt + h.isutcnt);
  for (const RawType& t : raw) {
    if (t.abbreviation >= chars.size() || t.offset <= -25 * 3600 || t.offset >= 26 * 3600) {
      why = "malformed local time type";
      return false;
    }
    std::string_view a = chars.substr(t.abbreviation);
    zone.types.push_back({t.offset, t.dst, std::string(a.substr(0, a.find('\0')))});
  }
  for (size_t i = 0; i < zone.transitions.size(); ++i) {
    if (zone.transition_type[i] >= zone.types.size() || (i > 0 && zone.transitions[i] <= zone.transitions[i - 1])) {
      why = "malformed transition table";
      return false;
    }
  }
  // 2. The footer: "\n" TZ "\n"; an empty TZ means the last type holds for ever.
  if (time_width == 8 && r.have(2) && bytes[r.pos] == '\n') {
    size_t end = bytes.find('\n', r.pos + 1);
    if (end == std::string_view::npos) {
      why = "truncated TZif footer";
      return false;
    }
    std::string_view tz = bytes.substr(r.pos + 1, end - r.pos - 1);
    if (!tz.empty()) {
      if (!parse_posix_rule(tz, &zone.rule)) {
        why = "unreadable TZ rule \"" + std::string(tz) + "\" in the footer";
        return false;
      }
      zone.has_rule = true;
    }
  }
  return r.ok;
}

const LocalTimeType& type_at(const sl_zone& zone, int64_t t) {
  const auto& at = zone.transitions;
  if (zone.has_rule && (at.empty() || t > at.back())) return rule_type_at(zone.rule, t);
  if (at.empty() || t < at.front()) return zone.types[0];
  size_t i = size_t(std::upper_bound(at.begin(), at.end(), t) - at.begin()) - 1;
  return zone.types[zone.transition_type[i]];
}

}  // namespace syncloom::stdlib::detail
