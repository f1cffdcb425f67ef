// The decoder's fast path: one strict pass over the record's bytes that validates everything and builds
// the same Nodes as the exact path (decoder.cpp), without simdjson's structural index or its on-demand
// iterator. Its contract is one-sided: it may refuse any record (a raw control character in a string, an
// escaped key it cannot unescape, a number or a literal that is not strict JSON, deep nesting, trailing
// bytes, any syntax error), and then the exact path decides, with the interpreter's messages; but a record
// it accepts is strictly valid JSON, which the exact path accepts too, and it decodes it as the exact path
// would (same nodes, same first-occurrence rule, the same unescaping as simdjson). So the two engines agree
// by construction, and the JIT pays for simdjson only on records that are not plain JSON.
#include <simdjson.h>

#include <cstring>

#include "runtime/decoder.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace syncloom::codegen::rt {
namespace {

// Deeper documents take the exact path, which has the depth limit and its message (256 levels).
constexpr int kMaxDepth = 128;

inline bool is_digit(char c) { return uint8_t(c - '0') < 10; }

inline const char* skip_ws(const char* p) {
  if (uint8_t(*p) > ' ') return p;  // compact JSON (WooCommerce's) has no white space between tokens
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') ++p;
  return p;
}

inline int hex_digit(char c) {
  if (is_digit(c)) return c - '0';
  if (uint8_t((c | 0x20) - 'a') < 6) return (c | 0x20) - 'a' + 10;
  return -1;
}

bool hex4(const char* p, uint32_t* out) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    int d = hex_digit(p[i]);
    if (d < 0) return false;
    v = (v << 4) | uint32_t(d);
  }
  *out = v;
  return true;
}

char* put_utf8(uint32_t cp, char* d) {
  if (cp < 0x80) {
    *d++ = char(cp);
  } else if (cp < 0x800) {
    *d++ = char(0xC0 | (cp >> 6));
    *d++ = char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *d++ = char(0xE0 | (cp >> 12));
    *d++ = char(0x80 | ((cp >> 6) & 0x3F));
    *d++ = char(0x80 | (cp & 0x3F));
  } else {
    *d++ = char(0xF0 | (cp >> 18));
    *d++ = char(0x80 | ((cp >> 12) & 0x3F));
    *d++ = char(0x80 | ((cp >> 6) & 0x3F));
    *d++ = char(0x80 | (cp & 0x3F));
  }
  return d;
}

/// The end of a strict JSON number starting at `p`, or null.
const char* number_end(const char* p) {
  if (*p == '-') ++p;
  if (*p == '0') {
    ++p;
  } else if (is_digit(*p)) {
    while (is_digit(*++p)) {
    }
  } else {
    return nullptr;
  }
  if (*p == '.') {
    if (!is_digit(*++p)) return nullptr;
    while (is_digit(*++p)) {
    }
  }
  if (*p == 'e' || *p == 'E') {
    ++p;
    if (*p == '+' || *p == '-') ++p;
    if (!is_digit(*p)) return nullptr;
    while (is_digit(*++p)) {
    }
  }
  return p;
}

struct Scanner {
  State& state;
  State::Input& s;

  /// `p` just after a string's opening quote: its closing quote, or null for a raw control character
  /// (JSON forbids them; the exact path decides what to do) or the end of the input (the padding is NULs).
  /// `*escaped` is set when the string has a backslash. Escapes are not checked here; unescape() checks
  /// those of strings that are kept, exactly as the exact path does (skipped strings are not unescaped there).
  const char* string_end(const char* p, bool* escaped) {
    for (;;) {
#if defined(__SSE2__)
      // 16 bytes at a time; the input is followed by simdjson's padding, so the load never leaves it.
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                     _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
      unsigned mask = unsigned(_mm_movemask_epi8(special));
      if (!mask) {
        p += 16;
        continue;
      }
      p += __builtin_ctz(mask);
#else
      while (*p != '"' && *p != '\\' && uint8_t(*p) >= 0x20) ++p;
#endif
      if (*p == '"') return p;
      if (*p != '\\') return nullptr;
      *escaped = true;
      // The escaped byte is skipped (so `\"` does not end the string); a control character there is left
      // to the exact path like any other.
      if (uint8_t(p[1]) < 0x20) return nullptr;
      p += 2;
    }
  }

  /// Unescapes the string body [p, q) into the arena as simdjson's string parser does; false for escapes
  /// it rejects and, conservatively, for anything unusual.
  bool unescape(const char* p, const char* q, std::string_view* out) {
    // Unescaped text is never longer than escaped text (`\uXXXX` is at most three bytes, a pair four).
    char* begin = static_cast<char*>(state.arena.alloc(size_t(q - p)));
    char* d = begin;
    while (p < q) {
      if (*p != '\\') {
        *d++ = *p++;
        continue;
      }
      char c = p[1];
      p += 2;
      switch (c) {
        case '"':
        case '\\':
        case '/': *d++ = c; break;
        case 'b': *d++ = '\b'; break;
        case 'f': *d++ = '\f'; break;
        case 'n': *d++ = '\n'; break;
        case 'r': *d++ = '\r'; break;
        case 't': *d++ = '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!hex4(p, &cp)) return false;
          p += 4;
          if (cp >= 0xD800 && cp < 0xDC00) {  // a high surrogate must be followed by a low one
            uint32_t low;
            if (p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &low) || low < 0xDC00 || low > 0xDFFF) return false;
            p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          d = put_utf8(cp, d);
          break;
        }
        default: return false;
      }
    }
    *out = std::string_view(begin, size_t(d - begin));
    return true;
  }

  /// A string at `p` (its opening quote) as text; the byte after it, or null.
  const char* string(const char* p, std::string_view* text) {
    bool escaped = false;
    const char* q = string_end(p + 1, &escaped);
    if (!q) return nullptr;
    if (!escaped) {
      *text = std::string_view(p + 1, size_t(q - p - 1));
    } else if (!unescape(p + 1, q, text)) {
      return nullptr;
    }
    return q + 1;
  }

  /// Validates the value at `p` without keeping it; the byte after it, or null.
  const char* skip(const char* p, int depth) {
    switch (*p) {
      case '"': {
        bool escaped = false;
        const char* q = string_end(p + 1, &escaped);
        return q ? q + 1 : nullptr;
      }
      case '{': {
        if (++depth > kMaxDepth) return nullptr;
        p = skip_ws(p + 1);
        if (*p == '}') return p + 1;
        for (;;) {
          if (*p != '"') return nullptr;
          bool escaped = false;
          const char* q = string_end(p + 1, &escaped);
          if (!q) return nullptr;
          p = skip_ws(q + 1);
          if (*p != ':') return nullptr;
          p = skip(skip_ws(p + 1), depth);
          if (!p) return nullptr;
          p = skip_ws(p);
          if (*p == '}') return p + 1;
          if (*p != ',') return nullptr;
          p = skip_ws(p + 1);
        }
      }
      case '[': {
        if (++depth > kMaxDepth) return nullptr;
        p = skip_ws(p + 1);
        if (*p == ']') return p + 1;
        for (;;) {
          p = skip(p, depth);
          if (!p) return nullptr;
          p = skip_ws(p);
          if (*p == ']') return p + 1;
          if (*p != ',') return nullptr;
          p = skip_ws(p + 1);
        }
      }
      case 't': return std::memcmp(p, "true", 4) == 0 ? p + 4 : nullptr;
      case 'f': return std::memcmp(p, "false", 5) == 0 ? p + 5 : nullptr;
      case 'n': return std::memcmp(p, "null", 4) == 0 ? p + 4 : nullptr;
      default: return number_end(p);
    }
  }

  /// The fields of the object whose `{` precedes `p`, into a fixed block for `plan` (decoder.cpp's
  /// fixed_object, field for field).
  const char* fixed_object(const char* p, int depth, const PlanNode& plan, Node* out) {
    size_t n = plan.keys.size();
    Node* slots = static_cast<Node*>(state.arena.alloc(sizeof(Node) * (n ? n : 1)));
    std::memset(static_cast<void*>(slots), 0, sizeof(Node) * n);  // kNodeMissing
    *out = Node{kNodeObject, {}, uint32_t(n), slots, plan.keys.data()};
    p = skip_ws(p);
    if (*p == '}') return p + 1;
    for (;;) {
      if (*p != '"') return nullptr;
      std::string_view key;
      p = string(p, &key);
      if (!p) return nullptr;
      p = skip_ws(p);
      if (*p != ':') return nullptr;
      p = skip_ws(p + 1);
      int slot = plan.slot_of(key);
      if (slot < 0) {
        p = skip(p, depth + 1);
      } else {
        Node repeat;  // a repeated key is decoded too, but the first occurrence wins
        Node* target = slots[slot].kind == kNodeMissing ? &slots[slot] : &repeat;
        p = value(p, depth + 1, &plan.children[size_t(slot)], target);
      }
      if (!p) return nullptr;
      p = skip_ws(p);
      if (*p == '}') return p + 1;
      if (*p != ',') return nullptr;
      p = skip_ws(p + 1);
    }
  }

  /// Decodes the value at `p` into `out` (`plan` null or keep_all: everything below); the byte after it.
  const char* value(const char* p, int depth, const PlanNode* plan, Node* out) {
    if (depth > kMaxDepth) return nullptr;
    switch (*p) {
      case '"': {
        std::string_view text;
        p = string(p, &text);
        *out = Node{kNodeString, {}, uint32_t(text.size()), text.data(), nullptr};
        return p;
      }
      case '{': {
        if (plan && !plan->keep_all) return fixed_object(p + 1, depth, *plan, out);
        size_t base = s.node_stack.size();
        p = skip_ws(p + 1);
        if (*p != '}') {
          for (;;) {
            if (*p != '"') return nullptr;
            std::string_view key;
            p = string(p, &key);
            if (!p) return nullptr;
            p = skip_ws(p);
            if (*p != ':') return nullptr;
            Node child;
            p = value(skip_ws(p + 1), depth + 1, nullptr, &child);
            if (!p) return nullptr;
            s.node_stack.push_back(child);
            s.key_stack.push_back(Key{key.data(), key.size()});
            p = skip_ws(p);
            if (*p == '}') break;
            if (*p != ',') return nullptr;
            p = skip_ws(p + 1);
          }
        }
        size_t n = s.node_stack.size() - base;
        Key* keys = static_cast<Key*>(state.arena.alloc(sizeof(Key) * (n ? n : 1)));
        if (n) std::memcpy(keys, s.key_stack.data() + (s.key_stack.size() - n), sizeof(Key) * n);
        s.key_stack.resize(s.key_stack.size() - n);
        *out = Node{kNodeObject, {}, uint32_t(n), take_nodes(state, s, base), keys};
        return p + 1;
      }
      case '[': {
        size_t base = s.node_stack.size();
        p = skip_ws(p + 1);
        if (*p != ']') {
          for (;;) {
            Node child;
            p = value(p, depth + 1, plan, &child);  // a list of structs: the same layout for each element
            if (!p) return nullptr;
            s.node_stack.push_back(child);
            p = skip_ws(p);
            if (*p == ']') break;
            if (*p != ',') return nullptr;
            p = skip_ws(p + 1);
          }
        }
        *out = Node{kNodeArray, {}, uint32_t(s.node_stack.size() - base), take_nodes(state, s, base), nullptr};
        return p + 1;
      }
      case 't':
        *out = Node{kNodeTrue, {}, 0, nullptr, nullptr};
        return std::memcmp(p, "true", 4) == 0 ? p + 4 : nullptr;
      case 'f':
        *out = Node{kNodeFalse, {}, 0, nullptr, nullptr};
        return std::memcmp(p, "false", 5) == 0 ? p + 5 : nullptr;
      case 'n':
        *out = Node{kNodeNull, {}, 0, nullptr, nullptr};
        return std::memcmp(p, "null", 4) == 0 ? p + 4 : nullptr;
      default: {
        const char* end = number_end(p);
        if (!end) return nullptr;
        *out = Node{kNodeNumber, {}, uint32_t(end - p), p, nullptr};
        return end;
      }
    }
  }
};

}  // namespace

const Node* decode_fast(State& state, const DecodePlan::Impl& plan, const char* begin, size_t size) {
  State::Input& s = *state.input;
  Scanner scan{state, s};
  const char* p = skip_ws(begin);
  if (*p != '{') return nullptr;
  Node* root = static_cast<Node*>(state.arena.alloc(sizeof(Node)));
  p = scan.fixed_object(p + 1, 0, plan.root, root);
  // Only white space may follow the object; the NUL padding stops the scan at the end.
  if (!p || skip_ws(p) != begin + size) return nullptr;
  // The exact path's simdjson rejects invalid UTF-8 anywhere in the record (one SIMD pass; bytes >= 0x80
  // outside strings have already failed the scan).
  if (!simdjson::validate_utf8(begin, size)) return nullptr;
  return root;
}

}  // namespace syncloom::codegen::rt
