// The time-zone forms of date, timestamp, string and format_date, over the zone the mapping loaded once
// (ir::Module::zones). Text without an offset is local time in the zone; parse failures are conversions.
#include "eval.hpp"
#include "syncloom/stdlib/time.hpp"
#include "syncloom/stdlib/zone.hpp"

namespace syncloom::interp::detail {
namespace {

std::string text_of(sl_status st, sl_buffer& b) {
  std::string out(b.data ? b.data : "", st == SL_OK ? b.len : 0);
  sl_buffer_free(&b);
  if (st != SL_OK) fail_status(st);
  return out;
}

/// The text of a string or an untyped value (a JSON string or number), for parsing.
std::string parse_text(const Value& v, const std::string& name) {
  if (auto* s = std::get_if<std::string>(&v.v)) return *s;
  if (auto* n = std::get_if<RawNumber>(&v.v)) return n->text;
  throw ConversionError{{"cannot convert this value to a " + name}};
}

int64_t instant_of(const Value& v, const sl_zone* zone, const std::string& name) {
  int64_t out = 0;
  if (auto* d = std::get_if<Date>(&v.v)) {
    if (sl_status st = sl_date_timestamp_in(zone, d->days, &out); st != SL_OK) fail_status(st);
    return out;
  }
  if (auto* t = std::get_if<Timestamp>(&v.v)) {  // its UTC wall-clock time, read on the zone's clocks
    if (sl_status st = sl_zone_from_local(zone, t->micros, &out); st != SL_OK) fail_status(st);
    return out;
  }
  std::string text = parse_text(v, name);
  sl_status st = sl_timestamp_parse_in(zone, text.data(), text.size(), &out);
  if (st == SL_OVERFLOW) fail_status(st);
  if (st != SL_OK) throw ConversionError{{"\"" + text + "\" is not a valid " + name}};
  return out;
}

}  // namespace

std::optional<Value> call_zone_builtin(const std::string& name, std::vector<Value>& a, const CallResources& res) {
  if (!res.zone || ir::call_resource(name) != ir::CallResource::kZone) return std::nullopt;
  const sl_zone* zone = res.zone;
  if (name == "timestamp") return Value{Timestamp{instant_of(a[0], zone, name)}};
  if (name == "date") {
    if (!std::holds_alternative<Timestamp>(a[0].v)) {
      // A plain date in the text is that date; anything else is an instant or a local time of day.
      std::string text = parse_text(a[0], name);
      int32_t days = 0;
      if (sl_date_parse(text.data(), text.size(), &days) == SL_OK) return Value{Date{days}};
    }
    int64_t ts = std::holds_alternative<Timestamp>(a[0].v) ? std::get<Timestamp>(a[0].v).micros : instant_of(a[0], zone, name);
    int32_t out = 0;
    if (sl_status st = sl_timestamp_date_in(zone, ts, &out); st != SL_OK) fail_status(st);
    return Value{Date{out}};
  }
  int64_t ts = std::get<Timestamp>(a[0].v).micros;
  sl_buffer b{};
  if (name == "string") return Value{text_of(sl_timestamp_to_text_in(zone, ts, &b), b)};
  const std::string& fmt = std::get<std::string>(a[1].v);  // format_date
  return Value{text_of(sl_timestamp_format_in(zone, ts, fmt.data(), fmt.size(), &b), b)};
}

}  // namespace syncloom::interp::detail
