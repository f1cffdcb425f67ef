// Tryton's JSON-RPC encodings both ways (see codec.hpp), walked along the schema's types.
#include "tryton/codec.hpp"

#include "common/calendar.hpp"

#include <cstdio>

#include "common/shape.hpp"

namespace syncloom::connectors::tryton {
namespace {

using schema::TypeKind;

bool digits(std::string_view text, size_t at, size_t count, int& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm), and back.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

bool valid_date(int y, int m, int d) { return valid_civil_date(y, m, d); }

const wire::Value* member(const wire::Value& object, std::string_view key) {
  return object.is_object() ? object.find(key) : nullptr;
}

std::optional<int64_t> int_member(const wire::Value& object, std::string_view key) {
  const wire::Value* v = member(object, key);
  return v && v->is_number() ? v->as_int64() : std::nullopt;
}

std::string two(int n) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d", n);
  return buffer;
}

std::string date_text(int y, int m, int d) {
  char buffer[40];  // room for any int, though callers pass checked dates
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
  return buffer;
}

bool is_struct_list(const schema::Type& type) {
  return type.kind == TypeKind::kList && type.element && type.element->kind == TypeKind::kStruct &&
         type.element->struct_type;
}

bool is_int_list(const schema::Type& type) {
  return type.kind == TypeKind::kList && type.element && type.element->kind == TypeKind::kInt;
}

/// The class of a Tryton-encoded object ("Decimal", "date", "datetime"), or "".
std::string_view tryton_class(const wire::Value& value) {
  const wire::Value* c = member(value, "__class__");
  return c && c->is_string() ? std::string_view(c->text()) : std::string_view();
}

std::optional<wire::Value> decode_special(const wire::Value& value) {
  std::string_view cls = tryton_class(value);
  if (cls == "Decimal") {
    const wire::Value* text = member(value, "decimal");
    if (!text || !text->is_string()) return std::nullopt;
    auto plain = plain_decimal_text(text->text());
    if (!plain) return std::nullopt;
    return wire::Value::number(*plain);
  }
  if (cls == "date") {
    auto y = int_member(value, "year"), m = int_member(value, "month"), d = int_member(value, "day");
    // A date Tryton could not have sent (month 13) stays as sent: the flow reading it rejects the record.
    if (!y || !m || !d || !valid_civil_date(int(*y), int(*m), int(*d))) return std::nullopt;
    return wire::Value::string(date_text(int(*y), int(*m), int(*d)));
  }
  if (cls == "datetime") {
    Instant i;
    auto y = int_member(value, "year"), mo = int_member(value, "month"), d = int_member(value, "day");
    if (!y || !mo || !d) return std::nullopt;
    i.year = int(*y), i.month = int(*mo), i.day = int(*d);
    i.hour = int(int_member(value, "hour").value_or(0));
    i.minute = int(int_member(value, "minute").value_or(0));
    i.second = int(int_member(value, "second").value_or(0));
    i.microsecond = int(int_member(value, "microsecond").value_or(0));
    if (!valid_civil_date(i.year, i.month, i.day) || i.hour < 0 || i.hour > 23 || i.minute < 0 || i.minute > 59 ||
        i.second < 0 || i.second > 60 || i.microsecond < 0 || i.microsecond > 999999)
      return std::nullopt;
    return wire::Value::string(format_instant(i));
  }
  return std::nullopt;
}

Encoded fail(std::string path, std::string why) {
  Encoded e;
  e.error = (path.empty() ? std::string() : path + ": ") + why;
  e.field = std::move(path);
  return e;
}

Encoded encode_value(const schema::Type& type, const wire::Value& value, const std::string& path, WriteKind kind);

Encoded encode_struct(const schema::StructType& type, const wire::Value& record, const std::string& path,
                      WriteKind kind) {
  if (!record.is_object()) return fail(path, "expected an object (" + type.name + ")");
  wire::Value out = wire::Value::object();
  for (const auto& [name, value] : record.members()) {
    std::string where = path.empty() ? name : path + "." + name;
    const schema::FieldSchema* field = type.find(name);
    if (!field || !field->type) return fail(where, "not a field of " + type.name + " (schemas/tryton.yaml)");
    if (field->read_only || name == "id") continue;
    Encoded e = encode_value(*field->type, value, where, kind);
    if (!e.values) return e;
    out.set(name, std::move(*e.values));
  }
  Encoded done;
  done.values = std::move(out);
  return done;
}

Encoded ok(wire::Value v) {
  Encoded e;
  e.values = std::move(v);
  return e;
}

std::string shown(const wire::Value& value) {
  std::string text = wire::dump(value);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

Encoded encode_value(const schema::Type& type, const wire::Value& value, const std::string& path, WriteKind kind) {
  if (value.is_null()) {
    if (type.kind == TypeKind::kList) return ok(wire::Value::array());  // nothing to create or add
    return ok(wire::Value::null());
  }
  switch (type.kind) {
    case TypeKind::kDecimal:
      if ((value.is_number() || value.is_string()) && shape::is_decimal_text(value.text()))
        return ok(decimal_object(value.text()));
      return fail(path, shown(value) + " is not an exact decimal");
    case TypeKind::kFloat:
      if (value.is_number()) return ok(value);
      return fail(path, shown(value) + " is not a number");
    case TypeKind::kInt:
      if (value.is_number() && value.as_int64()) return ok(value);
      return fail(path, shown(value) + " is not an integer");
    case TypeKind::kBool:
      if (value.is_bool()) return ok(value);
      return fail(path, shown(value) + " is not true or false");
    case TypeKind::kString:
    case TypeKind::kEnum:
      if (value.is_string()) return ok(value);
      return fail(path, shown(value) + " is not a string");
    case TypeKind::kDate: {
      int y = 0, m = 0, d = 0;
      const std::string& t = value.text();
      if (value.is_string() && t.size() == 10 && digits(t, 0, 4, y) && t[4] == '-' && digits(t, 5, 2, m) &&
          t[7] == '-' && digits(t, 8, 2, d) && valid_date(y, m, d))
        return ok(date_object(y, m, d));
      return fail(path, shown(value) + " is not a date (YYYY-MM-DD)");
    }
    case TypeKind::kTimestamp: {
      auto instant = value.is_string() ? parse_instant(value.text()) : std::nullopt;
      if (instant) return ok(datetime_object(*instant));
      return fail(path, shown(value) + " is not an ISO 8601 timestamp");
    }
    case TypeKind::kList: {
      if (!value.is_array()) return fail(path, shown(value) + " is not a list");
      wire::Value items = wire::Value::array();
      for (size_t i = 0; i < value.items().size(); ++i) {
        Encoded e = encode_value(*type.element, value.items()[i], path + "[" + std::to_string(i) + "]", kind);
        if (!e.values) return e;
        items.push_back(std::move(*e.values));
      }
      if (!is_struct_list(type) && !is_int_list(type)) return ok(std::move(items));
      if (items.items().empty()) return ok(wire::Value::array());
      // One2Many members are created with their parent; Many2Many ids (taxes) are linked.
      wire::Value action = wire::Value::array();
      action.push_back(wire::Value::string(is_struct_list(type) ? "create" : "add"));
      action.push_back(std::move(items));
      wire::Value actions = wire::Value::array();
      actions.push_back(std::move(action));
      return ok(std::move(actions));
    }
    case TypeKind::kStruct:
      if (type.struct_type) return encode_struct(*type.struct_type, value, path, kind);
      return ok(value);
    default: return ok(value);
  }
}

}  // namespace

std::optional<Instant> parse_instant(std::string_view t) {
  Instant i;
  if (!(digits(t, 0, 4, i.year) && t.size() >= 10 && t[4] == '-' && digits(t, 5, 2, i.month) && t[7] == '-' &&
        digits(t, 8, 2, i.day) && valid_date(i.year, i.month, i.day)))
    return std::nullopt;
  size_t at = 10;
  int offset_minutes = 0;
  if (at < t.size()) {
    if (t[at] != 'T' && t[at] != ' ') return std::nullopt;
    if (!(digits(t, at + 1, 2, i.hour) && at + 3 < t.size() && t[at + 3] == ':' && digits(t, at + 4, 2, i.minute)))
      return std::nullopt;
    at += 6;
    if (at < t.size() && t[at] == ':') {
      if (!digits(t, at + 1, 2, i.second)) return std::nullopt;
      at += 3;
      if (at < t.size() && (t[at] == '.' || t[at] == ',')) {
        size_t start = ++at;
        int scale = 100000;
        while (at < t.size() && t[at] >= '0' && t[at] <= '9') {
          if (scale > 0) i.microsecond += (t[at] - '0') * scale;
          scale /= 10;
          ++at;
        }
        if (at == start) return std::nullopt;
      }
    }
    if (at < t.size()) {
      if (t[at] == 'Z' && at + 1 == t.size()) {
        ++at;
      } else if (t[at] == '+' || t[at] == '-') {
        int oh = 0, om = 0;
        bool colon = at + 3 < t.size() && t[at + 3] == ':';
        if (!digits(t, at + 1, 2, oh) || !digits(t, at + (colon ? 4 : 3), 2, om)) return std::nullopt;
        if (at + (colon ? 6 : 5) != t.size() || oh > 23 || om > 59) return std::nullopt;
        offset_minutes = (t[at] == '+' ? 1 : -1) * (oh * 60 + om);
        at = t.size();
      } else {
        return std::nullopt;
      }
    }
  }
  if (i.hour > 23 || i.minute > 59 || i.second > 60) return std::nullopt;
  if (offset_minutes != 0) i = add_seconds(i, -int64_t(offset_minutes) * 60);
  // An offset can carry 0001-01-01 into year 0, or 9999-12-31 into 10000: no text of this form says that.
  if (i.year < 1 || i.year > 9999) return std::nullopt;
  return i;
}

std::string format_instant(const Instant& i) {
  std::string out = date_text(i.year, i.month, i.day) + "T" + two(i.hour) + ":" + two(i.minute) + ":" + two(i.second);
  if (i.microsecond != 0) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, ".%06d", i.microsecond);
    out += buffer;
  }
  return out + "Z";
}

Instant add_seconds(const Instant& i, int64_t seconds) {
  int64_t total = days_from_civil(i.year, i.month, i.day) * 86400 + i.hour * 3600 + i.minute * 60 + i.second + seconds;
  int64_t days = total >= 0 ? total / 86400 : -((-total + 86399) / 86400);
  int64_t rest = total - days * 86400;
  Instant out = i;
  civil_from_days(days, out.year, out.month, out.day);
  out.hour = int(rest / 3600), out.minute = int(rest % 3600 / 60), out.second = int(rest % 60);
  return out;
}

wire::Value decimal_object(std::string_view text) {
  wire::Value v = wire::Value::object();
  v.set("__class__", wire::Value::string("Decimal"));
  v.set("decimal", wire::Value::string(std::string(text)));
  return v;
}

wire::Value date_object(int year, int month, int day) {
  wire::Value v = wire::Value::object();
  v.set("__class__", wire::Value::string("date"));
  v.set("year", wire::Value::integer(year));
  v.set("month", wire::Value::integer(month));
  v.set("day", wire::Value::integer(day));
  return v;
}

wire::Value datetime_object(const Instant& i) {
  wire::Value v = wire::Value::object();
  v.set("__class__", wire::Value::string("datetime"));
  v.set("year", wire::Value::integer(i.year));
  v.set("month", wire::Value::integer(i.month));
  v.set("day", wire::Value::integer(i.day));
  v.set("hour", wire::Value::integer(i.hour));
  v.set("minute", wire::Value::integer(i.minute));
  v.set("second", wire::Value::integer(i.second));
  v.set("microsecond", wire::Value::integer(i.microsecond));
  return v;
}

std::optional<std::string> plain_decimal_text(std::string_view text) {
  if (shape::is_decimal_text(text)) return std::string(text);
  // Python's exponent form: [-]digits[.digits]E[+-]digits
  size_t e = text.find_first_of("eE");
  if (e == std::string_view::npos || e == 0 || e + 1 >= text.size()) return std::nullopt;
  std::string_view mantissa = text.substr(0, e);
  if (!shape::is_decimal_text(mantissa)) return std::nullopt;
  std::string_view exp_text = text.substr(e + 1);
  bool negative_exp = exp_text[0] == '-';
  if (exp_text[0] == '+' || exp_text[0] == '-') exp_text.remove_prefix(1);
  if (exp_text.empty() || exp_text.size() > 3) return std::nullopt;
  int exponent = 0;
  if (!digits(exp_text, 0, exp_text.size(), exponent)) return std::nullopt;
  if (negative_exp) exponent = -exponent;
  bool negative = mantissa[0] == '-';
  if (negative) mantissa.remove_prefix(1);
  std::string all;  // the digits, and where the point is
  size_t dot = mantissa.find('.');
  int point = int(dot == std::string_view::npos ? mantissa.size() : dot);
  for (char c : mantissa)
    if (c != '.') all += c;
  point += exponent;
  if (point <= 0) {
    all.insert(0, size_t(-point) + 1, '0');
    point = 1;
  }
  if (size_t(point) > all.size()) all.append(size_t(point) - all.size(), '0');
  std::string out = all.substr(0, size_t(point));
  while (out.size() > 1 && out[0] == '0') out.erase(0, 1);
  if (size_t(point) < all.size()) out += "." + all.substr(size_t(point));
  return (negative ? "-" : "") + out;
}

std::vector<std::string> read_fields(const schema::StructType& type, const std::vector<std::string>& skip) {
  std::vector<std::string> fields;
  for (const schema::FieldSchema& f : type.fields) {
    bool skipped = false;
    for (const std::string& s : skip) skipped = skipped || s == f.name;
    if (skipped || !f.type) continue;
    if (is_struct_list(*f.type)) {
      for (const schema::FieldSchema& sub : f.type->element->struct_type->fields) fields.push_back(f.name + "." + sub.name);
    } else {
      fields.push_back(f.name);
    }
  }
  return fields;
}

wire::Value decode_value(const schema::Type& type, const wire::Value& tryton) {
  if (auto special = decode_special(tryton)) return std::move(*special);
  if (type.kind == TypeKind::kList && type.element && tryton.is_array()) {
    wire::Value out = wire::Value::array();
    for (const wire::Value& item : tryton.items()) out.push_back(decode_value(*type.element, item));
    return out;
  }
  if (type.kind == TypeKind::kStruct && type.struct_type && tryton.is_object())
    return decode_record(*type.struct_type, tryton);
  // Tryton on SQLite answers booleans as 0 and 1.
  if (type.kind == TypeKind::kBool && tryton.is_number() && (tryton.text() == "0" || tryton.text() == "1"))
    return wire::Value::boolean(tryton.text() == "1");
  return tryton;
}

wire::Value decode_record(const schema::StructType& type, const wire::Value& tryton) {
  wire::Value out = wire::Value::object();
  for (const schema::FieldSchema& f : type.fields) {
    if (!f.type) continue;
    const wire::Value* v = nullptr;
    if (is_struct_list(*f.type)) v = member(tryton, f.name + ".");  // a dotted read: "lines." holds records
    if (!v) v = member(tryton, f.name);
    if (!v) continue;
    out.set(f.name, decode_value(*f.type, *v));
  }
  return out;
}

Encoded encode_record(const schema::StructType& type, const wire::Value& record, WriteKind kind) {
  return encode_struct(type, record, "", kind);
}

}  // namespace syncloom::connectors::tryton
