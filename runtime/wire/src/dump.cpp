// Compact JSON output of wire::Value: numbers as their text, minimal string escaping.
#include <cstdio>

#include "syncloom/wire/value.hpp"

namespace syncloom::wire {

void append_quoted(std::string_view s, std::string& out) {
  out.push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void dump_to(const Value& value, std::string& out) {
  switch (value.kind()) {
    case Kind::kNull: out += "null"; return;
    case Kind::kBool: out += value.as_bool() ? "true" : "false"; return;
    case Kind::kNumber: out += value.text(); return;
    case Kind::kString: append_quoted(value.text(), out); return;
    case Kind::kArray: {
      out.push_back('[');
      bool first = true;
      for (const Value& item : value.items()) {
        if (!first) out.push_back(',');
        first = false;
        dump_to(item, out);
      }
      out.push_back(']');
      return;
    }
    case Kind::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : value.members()) {
        if (!first) out.push_back(',');
        first = false;
        append_quoted(key, out);
        out.push_back(':');
        dump_to(member, out);
      }
      out.push_back('}');
      return;
    }
  }
}

std::string dump(const Value& value) {
  std::string out;
  dump_to(value, out);
  return out;
}

}  // namespace syncloom::wire
