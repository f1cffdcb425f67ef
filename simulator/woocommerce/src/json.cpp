// wp_json_encode()-compatible serialisation and a parser that keeps fractional numbers exact.
#include "json.hpp"

#include <cstdint>

namespace woosim {
namespace {

constexpr char kNumberMark = '\x01';

bool is_decimal_text(const std::string& s, size_t from) {
  if (from >= s.size()) return false;
  for (size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) return false;
  }
  return true;
}

void append_hex4(std::string& out, uint32_t u) {
  static const char* hex = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += hex[(u >> shift) & 0xF];
}

// PHP's json_encode without flags: escapes '/', control characters and every non-ASCII code point (as UTF-16).
void append_string(std::string& out, const std::string& s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '/': out += "\\/"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) append_hex4(out, c); else out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    int len = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC0) ? 2 : 1;
    uint32_t cp = (len == 4) ? (c & 0x07u) : (len == 3) ? (c & 0x0Fu) : (len == 2) ? (c & 0x1Fu) : 0xFFFDu;
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    i += static_cast<size_t>(len);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      append_hex4(out, 0xD800 + (cp >> 10));
      append_hex4(out, 0xDC00 + (cp & 0x3FF));
    } else {
      append_hex4(out, cp);
    }
  }
  out += '"';
}

void append_value(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: {
      // PHP encodes an empty associative array as [], but WooCommerce's objects here are never empty.
      out += '{';
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ',';
        first = false;
        append_string(out, it.key());
        out += ':';
        append_value(out, it.value());
      }
      out += '}';
      break;
    }
    case Json::value_t::array: {
      out += '[';
      for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        append_value(out, v[i]);
      }
      out += ']';
      break;
    }
    case Json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (!s.empty() && s[0] == kNumberMark && is_decimal_text(s, 1)) out.append(s, 1, std::string::npos);
      else append_string(out, s);
      break;
    }
    default:
      out += v.dump();  // null, booleans, integers (no float is ever stored: see parse_json)
  }
}

// SAX adaptor over nlohmann's DOM builder: fractional numbers become exact_number() strings.
struct ExactSax : nlohmann::detail::json_sax_dom_parser<Json> {
  using Base = nlohmann::detail::json_sax_dom_parser<Json>;
  using Base::Base;
  bool number_float(double, const std::string& text) {
    std::string marked = std::string(1, kNumberMark) + text;
    return Base::string(marked);
  }
};

}  // namespace

Json exact_number(const std::string& decimal_text) { return Json(std::string(1, kNumberMark) + decimal_text); }

std::string exact_number_text(const Json& value) {
  if (!value.is_string()) return {};
  const auto& s = value.get_ref<const std::string&>();
  if (s.empty() || s[0] != kNumberMark || !is_decimal_text(s, 1)) return {};
  return s.substr(1);
}

std::string php_json(const Json& value) {
  std::string out;
  append_value(out, value);
  return out;
}

bool parse_json(const std::string& text, Json& out, std::string& error) {
  out = Json();
  ExactSax sax(out, false);
  bool ok = Json::sax_parse(text, &sax, nlohmann::detail::input_format_t::json, false);
  if (!ok || sax.is_errored()) {
    error = "the body is not valid JSON";
    out = Json();
    return false;
  }
  return true;
}

}  // namespace woosim
