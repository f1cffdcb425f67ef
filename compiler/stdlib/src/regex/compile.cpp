// sl_regex_compile: PCRE2 in UTF and UCP mode with the fixed match limits, and what the compiler asks of a
// compiled pattern (its groups and their names).
#include <algorithm>
#include <new>

#include "regex_impl.hpp"

extern "C" sl_status sl_regex_compile(const char* pattern, size_t n, sl_regex** out, sl_buffer* message, size_t* error_offset) {
  *out = nullptr;
  int error = 0;
  PCRE2_SIZE offset = 0;
  // \C matches one byte and could cut a code point in two: the engines only ever hold valid UTF-8.
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern), n, options, &error, &offset, nullptr);
  if (!code) {
    PCRE2_UCHAR text[256];
    int len = pcre2_get_error_message(error, text, sizeof text);
    if (len < 0) len = 0;
    *error_offset = offset;
    sl_buffer_append(message, reinterpret_cast<const char*>(text), size_t(len));
    return error <= PCRE2_ERROR_UTF8_ERR1 && error >= PCRE2_ERROR_UTF8_ERR21 ? SL_INVALID_UTF8 : SL_INVALID;
  }
  auto* re = new (std::nothrow) sl_regex;
  pcre2_match_context* limits = pcre2_match_context_create(nullptr);
  if (!re || !limits) {
    delete re;
    pcre2_match_context_free(limits);
    pcre2_code_free(code);
    return SL_NO_MEMORY;
  }
  pcre2_set_match_limit(limits, SL_REGEX_MATCH_LIMIT);
  pcre2_set_depth_limit(limits, SL_REGEX_DEPTH_LIMIT);
  re->code = code;
  re->limits = limits;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &re->groups);
  uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  // The table is sorted by name; each entry is a 2-byte group number and the NUL-terminated name.
  std::vector<std::pair<uint32_t, std::string>> entries;
  for (uint32_t i = 0; i < count; ++i) {
    PCRE2_SPTR e = table + size_t(i) * entry_size;
    entries.emplace_back((uint32_t(e[0]) << 8) | e[1], reinterpret_cast<const char*>(e + 2));
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& entry : entries) {
    auto it = std::find_if(re->names.begin(), re->names.end(), [&](const auto& n) { return n.first == entry.second; });
    if (it == re->names.end()) re->names.push_back({entry.second, {entry.first}});
    else it->second.push_back(entry.first);
  }
  *out = re;
  return SL_OK;
}

extern "C" void sl_regex_free(sl_regex* re) {
  if (!re) return;
  pcre2_match_context_free(re->limits);
  pcre2_code_free(re->code);
  delete re;
}

extern "C" uint32_t sl_regex_group_count(const sl_regex* re) { return re->groups; }
extern "C" size_t sl_regex_name_count(const sl_regex* re) { return re->names.size(); }
extern "C" const char* sl_regex_name(const sl_regex* re, size_t i) { return re->names[i].first.c_str(); }

extern "C" uint32_t sl_regex_name_group(const sl_regex* re, size_t i, const size_t* spans) {
  const auto& groups = re->names[i].second;
  for (uint32_t g : groups)
    if (spans[2 * g] != SIZE_MAX) return g;
  return groups.front();
}

namespace syncloom::stdlib::detail {

sl_status match_at(const sl_regex* re, const char* s, size_t n, size_t start, uint32_t options, MatchData& md, bool* found) {
  *found = false;
  if (!md.get()) return SL_NO_MEMORY;
  int rc = pcre2_match(re->code, reinterpret_cast<PCRE2_SPTR>(s), n, start, options, md.get(), re->limits);
  if (rc >= 0) {
    *found = true;
    return SL_OK;
  }
  if (rc == PCRE2_ERROR_NOMATCH) return SL_OK;
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) return SL_LIMIT;
  if (rc == PCRE2_ERROR_NOMEMORY) return SL_NO_MEMORY;
  if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) return SL_INVALID_UTF8;
  return SL_INVALID;
}

}  // namespace syncloom::stdlib::detail
