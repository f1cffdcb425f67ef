// A strict JSON parser (RFC 8259) into wire::Value: numbers keep their text, errors carry the byte offset.
// Input comes from other systems' answers and webhook bodies, so every malformation is an error value:
// invalid UTF-8, control characters in strings, lone surrogates, nesting deeper than the limit, bytes
// after the document, a document cut off.
#include <string>

#include "syncloom/wire/value.hpp"

namespace syncloom::wire {
namespace {

class Parser {
 public:
  Parser(std::string_view text, const ParseLimits& limits) : s_(text), limits_(limits) {}

  ParseResult run() {
    ParseResult result;
    if (s_.size() > limits_.max_bytes) return fail(0, "document of " + std::to_string(s_.size()) + " bytes is over the limit");
    skip_space();
    Value v;
    if (!value(v, 0)) return error_;
    skip_space();
    if (pos_ != s_.size()) return fail(pos_, "unexpected bytes after the JSON document");
    result.value = std::move(v);
    return result;
  }

 private:
  ParseResult fail(size_t at, std::string what) {
    error_.value.reset();
    error_.offset = at;
    error_.error = (at >= s_.size() ? "offset " + std::to_string(at) + " (end of input): " : "offset " + std::to_string(at) + ": ") + what;
    return error_;
  }
  bool failed(size_t at, std::string what) {
    fail(at, std::move(what));
    return false;
  }

  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return failed(pos_, "invalid literal");
    pos_ += word.size();
    return true;
  }

  bool value(Value& out, unsigned depth) {
    if (pos_ >= s_.size()) return failed(pos_, "expected a value");
    char c = s_[pos_];
    switch (c) {
      case 'n': out = Value::null(); return literal("null");
      case 't': out = Value::boolean(true); return literal("true");
      case 'f': out = Value::boolean(false); return literal("false");
      case '"': {
        std::string text;
        if (!string(text)) return false;
        out = Value::string(std::move(text));
        return true;
      }
      case '[': return array(out, depth + 1);
      case '{': return object(out, depth + 1);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        return failed(pos_, std::string("unexpected character '") + (static_cast<unsigned char>(c) < 0x20 ? '?' : c) + "'");
    }
  }

  bool digits(size_t& p) {
    size_t start = p;
    while (p < s_.size() && s_[p] >= '0' && s_[p] <= '9') ++p;
    return p > start;
  }

  bool number(Value& out) {
    size_t p = pos_;
    if (s_[p] == '-') ++p;
    if (p < s_.size() && s_[p] == '0') {
      ++p;
    } else if (!digits(p)) {
      return failed(p, "expected a digit");
    }
    if (p < s_.size() && s_[p] == '.') {
      ++p;
      if (!digits(p)) return failed(p, "expected a digit after '.'");
    }
    if (p < s_.size() && (s_[p] == 'e' || s_[p] == 'E')) {
      ++p;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
      if (!digits(p)) return failed(p, "expected a digit in the exponent");
    }
    out = Value::number(std::string(s_.substr(pos_, p - pos_)));
    pos_ = p;
    return true;
  }

  static void append_utf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool hex4(uint32_t& cp) {
    if (pos_ + 4 > s_.size()) return failed(pos_, "expected 4 hex digits after \\u");
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= static_cast<uint32_t>(h - 'A' + 10);
      else return failed(pos_ - 1, "expected a hex digit after \\u");
    }
    return true;
  }

  bool escape(std::string& out) {
    if (pos_ >= s_.size()) return failed(pos_, "unterminated string");
    char e = s_[pos_++];
    switch (e) {
      case '"': out.push_back('"'); return true;
      case '\\': out.push_back('\\'); return true;
      case '/': out.push_back('/'); return true;
      case 'b': out.push_back('\b'); return true;
      case 'f': out.push_back('\f'); return true;
      case 'n': out.push_back('\n'); return true;
      case 'r': out.push_back('\r'); return true;
      case 't': out.push_back('\t'); return true;
      case 'u': {
        size_t at = pos_ - 2;
        uint32_t cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return failed(at, "lone low surrogate in \\u escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low = 0;
          if (s_.substr(pos_, 2) != "\\u") return failed(at, "high surrogate without its low half");
          pos_ += 2;
          if (!hex4(low)) return false;
          if (low < 0xDC00 || low > 0xDFFF) return failed(at, "high surrogate without its low half");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(cp, out);
        return true;
      }
      default: return failed(pos_ - 1, "invalid escape");
    }
  }

  // Validates one UTF-8 sequence starting at pos_ (a non-ASCII lead byte) and copies it.
  bool utf8(std::string& out) {
    auto b = [&](size_t i) { return static_cast<unsigned char>(s_[i]); };
    size_t start = pos_;
    unsigned char lead = b(pos_);
    size_t len = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
    if (len == 0 || lead > 0xF4) return failed(start, "invalid UTF-8");
    if (pos_ + len > s_.size()) return failed(start, "UTF-8 sequence cut off");
    for (size_t i = 1; i < len; ++i)
      if ((b(pos_ + i) & 0xC0) != 0x80) return failed(start, "invalid UTF-8");
    unsigned char second = b(pos_ + 1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90) ||
        (lead == 0xF4 && second > 0x8F))
      return failed(start, "invalid UTF-8 (overlong or surrogate)");
    out.append(s_.substr(pos_, len));
    pos_ += len;
    return true;
  }

  bool string(std::string& out) {
    size_t open = pos_++;
    for (;;) {
      size_t run = pos_;
      while (pos_ < s_.size()) {
        auto c = static_cast<unsigned char>(s_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++pos_;
      }
      out.append(s_.substr(run, pos_ - run));
      if (pos_ >= s_.size()) return failed(open, "unterminated string");
      auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        ++pos_;
        if (!escape(out)) return false;
      } else if (c < 0x20) {
        return failed(pos_, "control character in a string");
      } else if (!utf8(out)) {
        return false;
      }
    }
  }

  bool array(Value& out, unsigned depth) {
    if (depth > limits_.max_depth) return failed(pos_, "nesting deeper than " + std::to_string(limits_.max_depth));
    ++pos_;
    out = Value::array();
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      Value item;
      if (!value(item, depth)) return false;
      out.items().push_back(std::move(item));
      skip_space();
      if (pos_ >= s_.size()) return failed(pos_, "unterminated array");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return failed(pos_, "expected ',' or ']' in an array");
    }
  }

  bool object(Value& out, unsigned depth) {
    if (depth > limits_.max_depth) return failed(pos_, "nesting deeper than " + std::to_string(limits_.max_depth));
    ++pos_;
    out = Value::object();
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"') return failed(pos_, "expected a string key in an object");
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return failed(pos_, "expected ':' after an object key");
      ++pos_;
      skip_space();
      Value member;
      if (!value(member, depth)) return false;
      out.set(key, std::move(member));  // a repeated key keeps the last value, as most parsers do
      skip_space();
      if (pos_ >= s_.size()) return failed(pos_, "unterminated object");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return failed(pos_, "expected ',' or '}' in an object");
    }
  }

  std::string_view s_;
  ParseLimits limits_;
  size_t pos_ = 0;
  ParseResult error_;
};

}  // namespace

ParseResult parse(std::string_view text, const ParseLimits& limits) { return Parser(text, limits).run(); }

}  // namespace syncloom::wire
