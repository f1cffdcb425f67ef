// JSON out: exact decimal text, ISO 8601 dates and timestamps, escaped UTF-8 strings.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <vector>

#include "eval.hpp"
#include "syncloom/stdlib/time.hpp"

namespace syncloom::interp::detail {
namespace {

struct Writer {
  std::string& out;
  /// Receives the path to a value that cannot be written. Built only while that error unwinds (each
  /// enclosing list or object puts its segment in front), so writing a record costs nothing for it.
  std::vector<std::string>* path = nullptr;
  template <typename Segment>
  void write_at(const Value& v, Segment segment) {
    try {
      std::visit(Writer{out, path}, v.v);
    } catch (const RecordError&) {
      if (path) path->insert(path->begin(), segment());
      throw;
    }
  }
  void operator()(std::monostate) { out += "null"; }
  void operator()(bool b) { out += b ? "true" : "false"; }
  void operator()(int64_t i) { out += std::to_string(i); }
  void operator()(const sl_decimal& d) {
    char buf[SL_DECIMAL_TEXT_MAX];
    size_t len = 0;
    if (sl_decimal_format(d, buf, &len) != SL_OK) throw RecordError{"invalid decimal value"};
    out.append(buf, len);
  }
  void operator()(double f) {
    if (!std::isfinite(f)) throw RecordError{"a float result is not finite"};
    // The shortest text that reads back as the same double: 0.1 prints as 0.1, not 0.10000000000000001.
    char buf[32];
    for (int precision = 1; precision <= 17; ++precision) {
      std::snprintf(buf, sizeof buf, "%.*g", precision, f);
      if (std::strtod(buf, nullptr) == f) break;
    }
    out += buf;
  }
  void operator()(const std::string& s) { append_json_string(s, out); }
  void operator()(Date d) { write_text([&](sl_buffer* b) { return sl_date_to_text(d.days, b); }); }
  void operator()(Timestamp t) { write_text([&](sl_buffer* b) { return sl_timestamp_to_text(t.micros, b); }); }
  /// Writes as a JSON string the text a stdlib function appends to a buffer.
  template <typename Fn>
  void write_text(Fn produce) {
    sl_buffer b{};
    sl_status st = produce(&b);
    std::string text(b.data ? b.data : "", b.len);
    sl_buffer_free(&b);
    if (st != SL_OK) throw RecordError{sl_status_message(st)};
    append_json_string(text, out);
  }
  void operator()(const RawNumber& n) { out += n.text; }
  void operator()(const std::shared_ptr<const List>& l) {
    out += '[';
    for (size_t i = 0; i < l->size(); ++i) {
      if (i) out += ',';
      write_at((*l)[i], [i] { return "[" + std::to_string(i) + "]"; });
    }
    out += ']';
  }
  void operator()(const std::shared_ptr<const Object>& o) {
    out += '{';
    for (size_t i = 0; i < o->size(); ++i) {
      if (i) out += ',';
      append_json_string((*o)[i].first, out);
      out += ':';
      write_at((*o)[i].second, [&] { return (*o)[i].first; });
    }
    out += '}';
  }
};

}  // namespace

void write_json(const Value& v, std::string& out) { std::visit(Writer{out}, v.v); }

void write_json(const Value& v, std::string& out, std::vector<std::string>* path) { std::visit(Writer{out, path}, v.v); }

}  // namespace syncloom::interp::detail

namespace syncloom::interp {

void append_json_string(std::string_view s, std::string& out) {
  out += '"';
  size_t run = 0;  // start of the pending run of bytes that need no escape: appended in one piece
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none needs an escape (no quote, backslash or control character): most
    // text has none, and this loop is on every record's path.
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
      uint64_t special = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | ((w - kOnes * 0x20) & ~w);
      if (special & kHigh) break;
      i += 8;
    }
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

}  // namespace syncloom::interp
