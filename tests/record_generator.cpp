// Schema-driven record generation for robustness and differential tests.
#include "record_generator.hpp"

namespace syncloom::testing {
namespace {

const char* const kStrings[] = {"", "Jane", "Øster Kaffe", "Crème brûlée", "Ærø", "straße", "  padded  ", "WOO-MUG",
                                "a\"quote", "back\\slash", "line\nbreak", "tab\there", "😀 emoji", "processing",
                                "completed", "on-hold", "pending", "jane.doe@EXAMPLE.com", "1.50", "abc", "2017-03-22T16:28:08",
                                "2017-03-22", "0", "-", "ÅNGSTRÖM"};
const char* const kDecimals[] = {"0", "0.00", "-0.00", "29.35", "0.9", "-10.00", "3", "12", "1e3", "0.125", "0.175",
                                 "99999999999999999999999999999999999.99", "-99999999999999999999999999999999999.99",
                                 "0.00000000000000000000000000000000000001", "1234567.891", "100", "7.5"};

}  // namespace

std::string RecordGenerator::record(const schema::StructType& record) {
  std::string out;
  object(record, out, 0);
  return out;
}

void RecordGenerator::object(const schema::StructType& st, std::string& out, int depth) {
  out += '{';
  bool first = true;
  for (const auto& f : st.fields) {
    if (chance(8)) continue;  // missing field
    if (!first) out += ',';
    first = false;
    out += '"' + f.name + "\":";
    if (chance(5)) {
      out += "null";
      continue;
    }
    value(*f.type, out, depth + 1);
  }
  out += '}';
}

void RecordGenerator::string_value(std::string& out) {
  std::string s = kStrings[rng_() % std::size(kStrings)];
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  out += '"';
}

void RecordGenerator::decimal_value(std::string& out) {
  const char* d = kDecimals[rng_() % std::size(kDecimals)];
  // WooCommerce sends money as strings, and line prices as numbers: produce both.
  if (chance(70)) out += '"' + std::string(d) + '"';
  else out += d;
}

void RecordGenerator::value(const schema::Type& type, std::string& out, int depth) {
  using schema::TypeKind;
  if (chance(3)) {  // the wrong type now and then
    out += chance(50) ? "\"oops\"" : "[]";
    return;
  }
  switch (type.kind) {
    case TypeKind::kBool: out += chance(50) ? "true" : "false"; return;
    case TypeKind::kInt: {
      const int64_t ints[] = {0, 1, 2, 3, 7, 42, 727, -1, 1000000, 9223372036854775807LL};
      out += std::to_string(ints[rng_() % std::size(ints)]);
      return;
    }
    case TypeKind::kDecimal: decimal_value(out); return;
    case TypeKind::kFloat: out += chance(50) ? "1.5" : "100"; return;
    case TypeKind::kEnum:
      if (!type.enum_values.empty() && chance(85)) out += '"' + type.enum_values[rng_() % type.enum_values.size()] + '"';
      else string_value(out);
      return;
    case TypeKind::kDate: out += chance(80) ? "\"2026-02-28\"" : "\"2026-02-30\""; return;
    case TypeKind::kTimestamp: out += chance(80) ? "\"2017-03-22T16:28:08\"" : (chance(50) ? "\"\"" : "\"2017-03-22T16:28:08Z\""); return;
    case TypeKind::kList: {
      out += '[';
      size_t n = depth > 3 ? 0 : (chance(10) ? 40 : rng_() % 4);
      for (size_t i = 0; i < n; ++i) {
        if (i) out += ',';
        value(*type.element, out, depth + 1);
      }
      out += ']';
      return;
    }
    case TypeKind::kStruct:
      if (depth > 4 || !type.struct_type) out += "{}";
      else object(*type.struct_type, out, depth + 1);
      return;
    case TypeKind::kMeta: {
      out += "[{\"id\":1,\"key\":\"_delivery_date\",\"value\":\"2026-12-24\"},{\"id\":2,\"key\":\"_n\",\"value\":";
      out += chance(50) ? "3" : "{\"nested\":true}";
      out += "}]";
      return;
    }
    default: string_value(out); return;
  }
}

}  // namespace syncloom::testing
