// Built-in functions (docs/language.md §7) over evaluated values. Null in, null out, unless noted.
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "eval.hpp"
#include "syncloom/stdlib/text.hpp"
#include "syncloom/stdlib/time.hpp"

namespace syncloom::interp::detail {
namespace {

using ir::Kind;

[[noreturn]] void fail(sl_status st) { fail_status(st); }
[[noreturn]] void conversion(const std::string& why) { throw ConversionError{{why}}; }

const std::string& str(const Value& v) { return std::get<std::string>(v.v); }

std::string take(sl_buffer& b) {
  std::string s(b.data ? b.data : "", b.len);
  sl_buffer_free(&b);
  return s;
}

sl_rounding rounding(const std::string& mode) { return sl_rounding_named(mode.data(), mode.size()); }

sl_decimal to_decimal(const Value& v) {
  if (auto* d = std::get_if<sl_decimal>(&v.v)) return *d;
  if (auto* i = std::get_if<int64_t>(&v.v)) return sl_decimal_from_int64(*i);
  throw RecordError{"expected a decimal"};
}

/// Text of a scalar as string(x) shows it.
std::string to_text(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v.v)) return *s;
  std::string out;
  write_json(v, out);
  if (out.size() >= 2 && out.front() == '"') out = out.substr(1, out.size() - 2);  // dates and timestamps
  return out;
}

Value number_from(const Value& v, Kind to) {
  std::string text;
  if (auto* s = std::get_if<std::string>(&v.v)) text = *s;
  else if (auto* n = std::get_if<RawNumber>(&v.v)) text = n->text;
  if (!text.empty()) {
    try {
      return convert_input(Value{RawNumber{text}}, *ir::Type::scalar(to), "value");
    } catch (const RecordError&) {
      conversion("\"" + text + "\" is not a valid " + std::string(to == Kind::kInt ? "int" : to == Kind::kDecimal ? "decimal" : "float"));
    }
  }
  if (auto* i = std::get_if<int64_t>(&v.v)) {
    if (to == Kind::kInt) return v;
    if (to == Kind::kDecimal) return {sl_decimal_from_int64(*i)};
    return {double(*i)};
  }
  if (auto* d = std::get_if<sl_decimal>(&v.v)) {
    if (to == Kind::kDecimal) return v;
    if (to == Kind::kInt) {
      int64_t i;
      sl_status st = sl_decimal_to_int64(*d, &i);
      if (st != SL_OK) conversion(std::string("cannot convert to int: ") + sl_status_message(st));
      return {i};
    }
    char buf[SL_DECIMAL_TEXT_MAX];
    size_t len;
    sl_decimal_format(*d, buf, &len);
    return {std::strtod(buf, nullptr)};
  }
  if (auto* f = std::get_if<double>(&v.v)) {
    if (to == Kind::kFloat) return v;
    if (!std::isfinite(*f)) conversion("a non-finite float cannot convert");
    if (to == Kind::kInt) {
      if (*f != std::floor(*f) || std::fabs(*f) > 9.2e18) conversion("float has a fraction or is out of range");
      return {int64_t(*f)};
    }
    // The shortest text that reads back as the same float, then exact decimal from it.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *f);
    for (int p = 1; p <= 17; ++p) {
      char shorter[32];
      std::snprintf(shorter, sizeof shorter, "%.*g", p, *f);
      if (std::strtod(shorter, nullptr) == *f) {
        std::snprintf(buf, sizeof buf, "%s", shorter);
        break;
      }
    }
    sl_decimal d;
    if (sl_decimal_parse(buf, std::strlen(buf), &d) != SL_OK) conversion("float out of decimal range");
    return {d};
  }
  conversion("cannot convert to a number");
}

}  // namespace

void fail_status(sl_status st) { throw RecordError{sl_status_message(st)}; }

CallResources resources_of(const ir::Module& module, const std::string& name, int32_t index) {
  CallResources res;
  if (index < 0) return res;
  switch (ir::call_resource(name)) {
    case ir::CallResource::kRegex: res.regex = module.regexes.at(size_t(index)).code.get(); break;
    case ir::CallResource::kZone: res.zone = module.zones.at(size_t(index)).zone.get(); break;
    case ir::CallResource::kNone: break;
  }
  return res;
}

Value call_builtin(const std::string& name, std::vector<Value>& a, const ir::Type& type, const CallResources& res) {
  // Aggregates and list functions see lists; scalar functions propagate null.
  if (name == "count") return {int64_t(a[0].list() ? a[0].list()->size() : 0)};
  if (auto v = call_list_builtin(name, a, type)) return *v;
  if (name == "coalesce") {
    for (auto& v : a)
      if (!v.is_null()) return v;
    return Value::null();
  }
  if (name == "sum" || name == "avg" || ((name == "min" || name == "max") && a.size() == 1)) {
    const List* items = a[0].list();
    if (name == "sum") {
      if (type.kind == Kind::kInt) {
        int64_t s = 0;
        for (const auto& v : items ? *items : List{})
          if (__builtin_add_overflow(s, std::get<int64_t>(v.v), &s)) throw RecordError{"integer overflow in sum"};
        return {s};
      }
      if (type.kind == Kind::kFloat) {
        double s = 0;
        for (const auto& v : items ? *items : List{}) s += std::get<double>(v.v);
        return {s};
      }
      sl_decimal s = sl_decimal_from_int64(0);
      for (const auto& v : items ? *items : List{})
        if (sl_status st = sl_decimal_add(s, to_decimal(v), &s); st != SL_OK) fail(st);
      return {s};
    }
    if (!items || items->empty()) return Value::null();
    if (name == "avg") {
      sl_decimal s = sl_decimal_from_int64(0), q;
      if (type.kind == Kind::kFloat) {
        double f = 0;
        for (const auto& v : *items) f += std::get<double>(v.v);
        return {f / double(items->size())};
      }
      for (const auto& v : *items)
        if (sl_status st = sl_decimal_add(s, to_decimal(v), &s); st != SL_OK) fail(st);
      if (sl_status st = sl_decimal_div(s, sl_decimal_from_int64(int64_t(items->size())), &q); st != SL_OK) fail(st);
      return {q};
    }
    a = *items;  // min/max over a list: same as over arguments
  }
  if (name == "any" || name == "all") {
    bool any = false, all = true;
    for (const auto& v : a[0].list() ? *a[0].list() : List{}) {
      bool b = std::get_if<bool>(&v.v) && std::get<bool>(v.v);
      any = any || b;
      all = all && b;
    }
    return {name == "any" ? any : all};
  }
  if (name == "first" || name == "last") {
    const List* items = a[0].list();
    if (!items || items->empty()) return Value::null();
    return name == "first" ? items->front() : items->back();
  }
  if (name == "at") {
    const List* items = a[0].list();
    if (!items || a[1].is_null()) return Value::null();
    int64_t i = std::get<int64_t>(a[1].v);
    if (i < 0 || size_t(i) >= items->size()) return Value::null();
    return (*items)[size_t(i)];
  }
  if (name == "min" || name == "max") {
    Value best;
    for (auto& v : a) {
      if (v.is_null()) return Value::null();
      Value promoted = type.kind == Kind::kDecimal && std::holds_alternative<int64_t>(v.v) ? Value{to_decimal(v)} : v;
      if (best.is_null()) {
        best = promoted;
        continue;
      }
      int c = 0;
      if (auto* x = std::get_if<sl_decimal>(&promoted.v)) {
        int32_t cc;
        sl_decimal_compare(*x, std::get<sl_decimal>(best.v), &cc);
        c = cc;
      } else if (auto* x = std::get_if<int64_t>(&promoted.v)) {
        c = *x < std::get<int64_t>(best.v) ? -1 : *x > std::get<int64_t>(best.v);
      } else if (auto* x = std::get_if<double>(&promoted.v)) {
        c = *x < std::get<double>(best.v) ? -1 : *x > std::get<double>(best.v);
      } else if (auto* x = std::get_if<std::string>(&promoted.v)) {
        c = x->compare(std::get<std::string>(best.v));
      }
      if ((name == "min" && c < 0) || (name == "max" && c > 0)) best = promoted;
    }
    return best;
  }
  for (const auto& v : a)
    if (v.is_null()) return Value::null();

  if (auto v = call_regex_builtin(name, a, res)) return *v;
  if (auto v = call_zone_builtin(name, a, res)) return *v;
  if (auto v = call_text_builtin(name, a)) return *v;
  if (name == "lower" || name == "upper") {
    sl_buffer b{};
    const std::string& s = str(a[0]);
    sl_status st = name == "lower" ? sl_text_lower(s.data(), s.size(), &b) : sl_text_upper(s.data(), s.size(), &b);
    if (st != SL_OK) {
      sl_buffer_free(&b);
      fail(st);
    }
    return {take(b)};
  }
  if (name == "trim") {
    size_t start, len;
    if (sl_status st = sl_text_trim(str(a[0]).data(), str(a[0]).size(), &start, &len); st != SL_OK) fail(st);
    return {str(a[0]).substr(start, len)};
  }
  if (name == "len") {
    if (const List* l = a[0].list()) return {int64_t(l->size())};
    int64_t n;
    if (sl_status st = sl_text_length(str(a[0]).data(), str(a[0]).size(), &n); st != SL_OK) fail(st);
    return {n};
  }
  if (name == "substr") {
    size_t start, len;
    int64_t count = a.size() > 2 ? std::get<int64_t>(a[2].v) : INT64_MAX;
    if (sl_status st = sl_text_substr(str(a[0]).data(), str(a[0]).size(), std::get<int64_t>(a[1].v), count, &start, &len); st != SL_OK) fail(st);
    return {str(a[0]).substr(start, len)};
  }
  if (name == "replace") {
    sl_buffer b{};
    sl_status st = sl_text_replace(str(a[0]).data(), str(a[0]).size(), str(a[1]).data(), str(a[1]).size(), str(a[2]).data(), str(a[2]).size(), &b);
    if (st != SL_OK) {
      sl_buffer_free(&b);
      fail(st);
    }
    return {take(b)};
  }
  if (name == "contains" || name == "starts_with" || name == "ends_with") {
    bool out = false;
    auto fn = name == "contains" ? sl_text_contains : name == "starts_with" ? sl_text_starts_with : sl_text_ends_with;
    if (sl_status st = fn(str(a[0]).data(), str(a[0]).size(), str(a[1]).data(), str(a[1]).size(), &out); st != SL_OK) fail(st);
    return {out};
  }
  if (name == "split") {
    List parts;
    const std::string& s = str(a[0]);
    const std::string& sep = str(a[1]);
    if (sep.empty()) {
      parts.push_back({s});
    } else {
      size_t start = 0;
      for (size_t at; (at = s.find(sep, start)) != std::string::npos; start = at + sep.size()) parts.push_back({s.substr(start, at - start)});
      parts.push_back({s.substr(start)});
    }
    return Value::of_list(std::move(parts));
  }
  if (name == "join") {
    std::string out;
    const List* items = a[0].list();
    for (size_t i = 0; items && i < items->size(); ++i) {
      if (i) out += str(a[1]);
      if (!(*items)[i].is_null()) out += str((*items)[i]);
    }
    return {out};
  }
  if (name == "string") return {to_text(a[0])};
  if (name == "int") return number_from(a[0], Kind::kInt);
  if (name == "decimal") return number_from(a[0], Kind::kDecimal);
  if (name == "float") return number_from(a[0], Kind::kFloat);
  if (name == "date" || name == "timestamp") {
    bool want_date = name == "date";
    if (auto* t = std::get_if<Timestamp>(&a[0].v)) return want_date ? Value{Date{sl_timestamp_date(t->micros)}} : a[0];
    if (auto* d = std::get_if<Date>(&a[0].v)) return want_date ? a[0] : Value{Timestamp{sl_date_timestamp(d->days)}};
    std::string text = to_text(a[0]);
    if (want_date) {
      int32_t days;
      if (sl_date_parse(text.data(), text.size(), &days) == SL_OK) return {Date{days}};
    }
    int64_t micros;
    if (sl_timestamp_parse(text.data(), text.size(), &micros) == SL_OK)
      return want_date ? Value{Date{sl_timestamp_date(micros)}} : Value{Timestamp{micros}};
    conversion("\"" + text + "\" is not a valid " + name);
  }
  if (name == "format_date") {
    sl_buffer b{};
    const std::string& fmt = str(a[1]);
    sl_status st = std::holds_alternative<Date>(a[0].v) ? sl_date_format(std::get<Date>(a[0].v).days, fmt.data(), fmt.size(), &b)
                                                         : sl_timestamp_format(std::get<Timestamp>(a[0].v).micros, fmt.data(), fmt.size(), &b);
    if (st != SL_OK) {
      sl_buffer_free(&b);
      fail(st);
    }
    return {take(b)};
  }
  if (name == "add_days") {
    int64_t days = std::get<int64_t>(a[1].v);
    if (auto* d = std::get_if<Date>(&a[0].v)) {
      int32_t out;
      if (sl_status st = sl_date_add_days(d->days, days, &out); st != SL_OK) fail(st);
      return {Date{out}};
    }
    int64_t out;
    if (sl_status st = sl_timestamp_add_days(std::get<Timestamp>(a[0].v).micros, days, &out); st != SL_OK) fail(st);
    return {Timestamp{out}};
  }
  if (name == "round") {
    sl_decimal out;
    std::string mode = a.size() > 2 ? str(a[2]) : "half_even";
    int64_t scale = std::get<int64_t>(a[1].v);
    if (scale < 0 || scale > SL_DECIMAL_MAX_DIGITS) throw RecordError{"round: scale must be 0 to 38"};
    if (sl_status st = sl_decimal_round(to_decimal(a[0]), int32_t(scale), rounding(mode), &out); st != SL_OK) fail(st);
    return {out};
  }
  if (name == "abs") {
    if (auto* i = std::get_if<int64_t>(&a[0].v)) {
      if (*i == INT64_MIN) throw RecordError{"integer overflow"};
      return {*i < 0 ? -*i : *i};
    }
    if (auto* d = std::get_if<sl_decimal>(&a[0].v)) return {sl_decimal_abs(*d)};
    return {std::fabs(std::get<double>(a[0].v))};
  }
  throw RecordError{"unknown built-in `" + name + "`"};
}

}  // namespace syncloom::interp::detail
