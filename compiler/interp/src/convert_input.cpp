// Input conversion at the point of reading: WooCommerce sends money as strings, ids as numbers, `*_gmt`
// timestamps without an offset; an empty string in an optional decimal or date reads as null.
#include <charconv>
#include <cstdlib>

#include "eval.hpp"
#include "syncloom/stdlib/time.hpp"

namespace syncloom::interp::detail {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& why) { throw RecordError{"input `" + path + "`: " + why}; }

std::string_view text_of(const Value& raw) {
  if (auto* s = std::get_if<std::string>(&raw.v)) return *s;
  if (auto* n = std::get_if<RawNumber>(&raw.v)) return n->text;
  return {};
}

/// A value the engines built (group_by's keys, regex_capture's groups) rather than read: already its type.
bool already_typed(const Value& v, ir::Kind kind) {
  switch (kind) {
    case ir::Kind::kInt: return std::holds_alternative<int64_t>(v.v);
    case ir::Kind::kDecimal: return std::holds_alternative<sl_decimal>(v.v);
    case ir::Kind::kFloat: return std::holds_alternative<double>(v.v);
    case ir::Kind::kDate: return std::holds_alternative<Date>(v.v);
    case ir::Kind::kTimestamp: return std::holds_alternative<Timestamp>(v.v);
    default: return false;
  }
}

}  // namespace

Value convert_input(const Value& raw, const ir::Type& type, const std::string& path) {
  bool empty_string = std::holds_alternative<std::string>(raw.v) && std::get<std::string>(raw.v).empty();
  if (raw.is_null() || (empty_string && type.optional && type.kind != ir::Kind::kString && type.kind != ir::Kind::kAny)) {
    if (type.optional || type.kind == ir::Kind::kAny || type.kind == ir::Kind::kNull) return Value::null();
    fail(path, "is missing or null, but the schema requires it");
  }
  if (already_typed(raw, type.kind)) return raw;
  switch (type.kind) {
    case ir::Kind::kAny:
    case ir::Kind::kNever:
    case ir::Kind::kNull:
      return raw;
    case ir::Kind::kBool:
      if (std::holds_alternative<bool>(raw.v)) return raw;
      fail(path, "expected true or false");
    case ir::Kind::kInt: {
      auto* n = std::get_if<RawNumber>(&raw.v);
      int64_t i = 0;
      if (n) {
        auto [p, ec] = std::from_chars(n->text.data(), n->text.data() + n->text.size(), i);
        if (ec == std::errc() && p == n->text.data() + n->text.size()) return {i};
      }
      fail(path, "expected an integer, found " + (n ? n->text : std::string("a non-number")));
    }
    case ir::Kind::kDecimal: {
      std::string_view t = text_of(raw);
      sl_decimal d;
      sl_status st = sl_decimal_parse(t.data(), t.size(), &d);
      if (st == SL_OK && !t.empty()) return {d};
      fail(path, "expected a decimal, found \"" + std::string(t) + "\"");
    }
    case ir::Kind::kFloat: {
      std::string t(text_of(raw));
      char* end = nullptr;
      double f = t.empty() ? 0 : std::strtod(t.c_str(), &end);
      if (!t.empty() && end == t.c_str() + t.size()) return {f};
      fail(path, "expected a number");
    }
    case ir::Kind::kString:
      if (std::holds_alternative<std::string>(raw.v)) return raw;
      fail(path, "expected a string");
    case ir::Kind::kDate: {
      std::string_view t = text_of(raw);
      int32_t days;
      if (std::holds_alternative<std::string>(raw.v) && sl_date_parse(t.data(), t.size(), &days) == SL_OK) return {Date{days}};
      // A timestamp where a date is declared: its UTC date.
      int64_t micros;
      if (std::holds_alternative<std::string>(raw.v) && sl_timestamp_parse(t.data(), t.size(), &micros) == SL_OK)
        return {Date{sl_timestamp_date(micros)}};
      fail(path, "expected a date (YYYY-MM-DD), found \"" + std::string(t) + "\"");
    }
    case ir::Kind::kTimestamp: {
      std::string_view t = text_of(raw);
      int64_t micros;
      if (std::holds_alternative<std::string>(raw.v) && sl_timestamp_parse(t.data(), t.size(), &micros) == SL_OK)
        return {Timestamp{micros}};
      fail(path, "expected a timestamp (ISO 8601, UTC), found \"" + std::string(t) + "\"");
    }
    case ir::Kind::kList: {
      const List* items = raw.list();
      if (!items) fail(path, "expected a list");
      if (!type.element || type.element->kind == ir::Kind::kObject) return raw;
      List out;
      out.reserve(items->size());
      for (size_t i = 0; i < items->size(); ++i)
        out.push_back(convert_input((*items)[i], *type.element, path + "[" + std::to_string(i) + "]"));
      return Value::of_list(std::move(out));
    }
    case ir::Kind::kObject:
      if (!raw.object()) fail(path, "expected an object");
      return raw;
  }
  fail(path, "unsupported type");
}

}  // namespace syncloom::interp::detail
