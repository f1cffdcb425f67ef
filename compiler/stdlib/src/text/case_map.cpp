// Case mapping through utf8proc's simple mappings, plus the unconditional one-to-many uppercase mappings of
// SpecialCasing.txt for Latin letters, which utf8proc does not provide (German addresses need ß -> SS).
#include "case_map.hpp"

#include <utf8proc.h>

#include "utf8.hpp"

namespace syncloom::stdlib::detail {
namespace {

struct Expansion {
  char32_t from;
  char32_t to[3];  ///< zero-terminated when shorter
};

const Expansion kUpperExpansions[] = {
    {0x00DF, {'S', 'S', 0}},      {0x0149, {0x02BC, 'N', 0}},   {0x01F0, {'J', 0x030C, 0}},
    {0x1E96, {'H', 0x0331, 0}},   {0x1E97, {'T', 0x0308, 0}},   {0x1E98, {'W', 0x030A, 0}},
    {0x1E99, {'Y', 0x030A, 0}},   {0x1E9A, {'A', 0x02BE, 0}},   {0xFB00, {'F', 'F', 0}},
    {0xFB01, {'F', 'I', 0}},      {0xFB02, {'F', 'L', 0}},      {0xFB03, {'F', 'F', 'I'}},
    {0xFB04, {'F', 'F', 'L'}},    {0xFB05, {'S', 'T', 0}},      {0xFB06, {'S', 'T', 0}},
};

const Expansion* upper_expansion(char32_t cp) {
  for (const Expansion& e : kUpperExpansions)
    if (e.from == cp) return &e;
  return nullptr;
}

}  // namespace

sl_status map_case(const char* s, size_t n, sl_buffer* out, bool upper) {
  if (sl_status st = sl_text_validate(s, n); st != SL_OK) return st;
  size_t rollback = out->len;
  if (sl_buffer_reserve(out, n) != SL_OK) return SL_NO_MEMORY;  // mapped text is usually as long
  for (size_t i = 0; i < n;) {
    char32_t cp = 0;
    i += decode_utf8(s, n, i, &cp);
    // Mapping can change a code point's byte length (U+023A is 2 bytes, its lowercase 3): room for 3 x 4 bytes.
    if (sl_buffer_reserve(out, 12) != SL_OK) {
      out->len = rollback;
      return SL_NO_MEMORY;
    }
    char* dst = out->data + out->len;
    if (const Expansion* e = upper ? upper_expansion(cp) : nullptr) {
      for (char32_t m : e->to)
        if (m != 0) dst += encode_utf8(m, dst);
      out->len = size_t(dst - out->data);
      continue;
    }
    auto mapped = upper ? utf8proc_toupper(utf8proc_int32_t(cp)) : utf8proc_tolower(utf8proc_int32_t(cp));
    out->len += encode_utf8(char32_t(mapped), dst);
  }
  return SL_OK;
}

}  // namespace syncloom::stdlib::detail
