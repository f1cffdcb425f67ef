// JSON output of wire::Value, compact or indented: numbers as their text, minimal string escaping.
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

namespace {

// One writer for both layouts: `indent` 0 is compact; otherwise members and items go one a line.
void write(const Value& value, std::string& out, int indent, int depth) {
  auto newline = [&](int level) {
    if (indent == 0) return;
    out.push_back('\n');
    out.append(static_cast<size_t>(indent * level), ' ');
  };
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
        newline(depth + 1);
        write(item, out, indent, depth + 1);
      }
      if (!first) newline(depth);
      out.push_back(']');
      return;
    }
    case Kind::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : value.members()) {
        if (!first) out.push_back(',');
        first = false;
        newline(depth + 1);
        append_quoted(key, out);
        out += indent == 0 ? ":" : ": ";
        write(member, out, indent, depth + 1);
      }
      if (!first) newline(depth);
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

void dump_to(const Value& value, std::string& out) { write(value, out, 0, 0); }

std::string dump(const Value& value) {
  std::string out;
  dump_to(value, out);
  return out;
}

std::string dump_pretty(const Value& value, int indent) {
  std::string out;
  write(value, out, indent < 1 ? 1 : indent, 0);
  return out;
}

}  // namespace syncloom::wire
