// Text built-ins over UTF-8: case mapping beyond ASCII, code-point lengths and substrings, Unicode trim, replace,
// searches, and invalid UTF-8 reported as a status by every function.
#include <catch2/catch.hpp>

#include <string>

#include "stdlib_test_util.hpp"
#include "syncloom/stdlib/text.hpp"

namespace {

using syncloom::testing::take;

using MapFn = sl_status (*)(const char*, size_t, sl_buffer*);

std::string mapped(MapFn fn, const std::string& s) {
  sl_buffer b{};
  sl_status st = fn(s.data(), s.size(), &b);
  return take(st, b);
}

std::string trimmed(const std::string& s) {
  size_t start = 99, len = 99;
  REQUIRE(sl_text_trim(s.data(), s.size(), &start, &len) == SL_OK);
  return s.substr(start, len);
}

std::string sub(const std::string& s, int64_t start, int64_t count = SL_TEXT_TO_END) {
  size_t from = 99, len = 99;
  REQUIRE(sl_text_substr(s.data(), s.size(), start, count, &from, &len) == SL_OK);
  return s.substr(from, len);
}

std::string replaced(const std::string& s, const std::string& from, const std::string& to) {
  sl_buffer b{};
  sl_status st = sl_text_replace(s.data(), s.size(), from.data(), from.size(), to.data(), to.size(), &b);
  return take(st, b);
}

int64_t length(const std::string& s) {
  int64_t n = -1;
  REQUIRE(sl_text_length(s.data(), s.size(), &n) == SL_OK);
  return n;
}

const std::string kInvalid[] = {
    "\x80",              // stray continuation byte
    "\xC3",              // truncated two-byte sequence
    "\xC0\xAF",          // overlong '/'
    "\xE0\x80\xAF",      // overlong, three bytes
    "\xED\xA0\x80",      // UTF-16 surrogate U+D800
    "\xF4\x90\x80\x80",  // U+110000
    "\xF5\x80\x80\x80",  // lead byte past F4
    "ok\xFF",            // never valid
    "\xE2\x82",          // truncated euro sign
};

}  // namespace

TEST_CASE("text validate accepts UTF-8 and rejects malformed sequences", "[stdlib]") {
  for (const char* ok : {"", "plain", "Øster", "€", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF"})
    CHECK(sl_text_validate(ok, std::string(ok).size()) == SL_OK);
  for (const std::string& bad : kInvalid) {
    INFO(bad.size() << " bytes");
    CHECK(sl_text_validate(bad.data(), bad.size()) == SL_INVALID_UTF8);
  }
  CHECK(sl_text_validate("a\0b", 3) == SL_OK);  // NUL is a code point; lengths are explicit
}

TEST_CASE("text lower and upper map case beyond ASCII", "[stdlib]") {
  CHECK(mapped(sl_text_lower, "Øster") == "øster");
  CHECK(mapped(sl_text_lower, "ÀÉÎÕÜ ÇÑ") == "àéîõü çñ");
  CHECK(mapped(sl_text_lower, "ΑΒΓ ДЖЯ") == "αβγ джя");
  CHECK(mapped(sl_text_upper, "øster") == "ØSTER");
  CHECK(mapped(sl_text_upper, "straße") == "STRASSE");
  CHECK(mapped(sl_text_upper, "ﬁne ﬄ") == "FINE FFL");
  CHECK(mapped(sl_text_upper, "mixed Case 123-x") == "MIXED CASE 123-X");
  CHECK(mapped(sl_text_lower, "Ⱥ") == "ⱥ");  // grows from 2 to 3 bytes
  CHECK(mapped(sl_text_lower, std::string(1000, 'A')) == std::string(1000, 'a'));
  CHECK(mapped(sl_text_lower, "") == "");
  CHECK(mapped(sl_text_upper, "\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");  // no case: unchanged
}

TEST_CASE("text case mapping rejects invalid UTF-8 and leaves the buffer as it was", "[stdlib]") {
  sl_buffer b{};
  REQUIRE(sl_buffer_append(&b, "kept", 4) == SL_OK);
  for (const std::string& bad : kInvalid) {
    CHECK(sl_text_lower(bad.data(), bad.size(), &b) == SL_INVALID_UTF8);
    CHECK(sl_text_upper(bad.data(), bad.size(), &b) == SL_INVALID_UTF8);
  }
  CHECK(std::string(b.data, b.len) == "kept");
  REQUIRE(sl_text_upper("ß", 2, &b) == SL_OK);  // results append
  CHECK(std::string(b.data, b.len) == "keptSS");
  sl_buffer_free(&b);
  CHECK(b.data == nullptr);
  CHECK(b.cap == 0);
}

TEST_CASE("text trim strips Unicode white space at both ends only", "[stdlib]") {
  CHECK(trimmed("  Anna Berg \n") == "Anna Berg");
  CHECK(trimmed("\xC2\xA0Øster\xE3\x80\x80") == "Øster");  // no-break space, ideographic space
  CHECK(trimmed("\t\r\n\v\f") == "");
  CHECK(trimmed("") == "");
  CHECK(trimmed("a  b") == "a  b");
  CHECK(trimmed("\xE2\x80\x8B" "x") == "\xE2\x80\x8B" "x");  // zero-width space is not White_Space
  size_t start = 0, len = 0;
  CHECK(sl_text_trim(" \xC3", 2, &start, &len) == SL_INVALID_UTF8);
}

TEST_CASE("text length counts code points", "[stdlib]") {
  CHECK(length("") == 0);
  CHECK(length("sku-1") == 5);
  CHECK(length("Øster") == 5);
  CHECK(length("€\xF0\x9F\x98\x80") == 2);
  int64_t n = 0;
  CHECK(sl_text_length("\xC3", 1, &n) == SL_INVALID_UTF8);
}

TEST_CASE("text substr takes code points from a 0-based start and clamps ranges", "[stdlib]") {
  CHECK(sub("Øster", 1, 3) == "ste");
  CHECK(sub("Øster", 0, 1) == "Ø");
  CHECK(sub("Øster", 2) == "ter");
  CHECK(sub("12345-6789", 0, 5) == "12345");
  CHECK(sub("abc", 0, 10) == "abc");
  CHECK(sub("abc", 3, 1) == "");
  CHECK(sub("abc", 7) == "");
  CHECK(sub("abc", -2, 2) == "ab");
  CHECK(sub("abc", 1, -1) == "");
  CHECK(sub("", 0, 5) == "");
  size_t from = 0, len = 0;
  CHECK(sl_text_substr("ab\xFF", 3, 0, 1, &from, &len) == SL_INVALID_UTF8);
}

TEST_CASE("text replace substitutes every non-overlapping occurrence", "[stdlib]") {
  CHECK(replaced("SKU 12 34", " ", "-") == "SKU-12-34");
  CHECK(replaced("aaaa", "aa", "b") == "bb");
  CHECK(replaced("aaa", "aa", "b") == "ba");
  CHECK(replaced("Østerø", "ø", "oe") == "Østeroe");
  CHECK(replaced("abc", "", "x") == "abc");
  CHECK(replaced("abc", "b", "") == "ac");
  CHECK(replaced("", "a", "b") == "");
  CHECK(replaced("abc", "\xFF", "x") == "status invalid UTF-8");
  CHECK(replaced("abc", "b", "\xC3") == "status invalid UTF-8");
}

TEST_CASE("text contains, starts_with and ends_with compare code points", "[stdlib]") {
  auto test = [](auto fn, const std::string& s, const std::string& t) {
    bool out = false;
    REQUIRE(fn(s.data(), s.size(), t.data(), t.size(), &out) == SL_OK);
    return out;
  };
  CHECK(test(sl_text_contains, "GIFT-123", "T-1"));
  CHECK_FALSE(test(sl_text_contains, "GIFT-123", "gift"));
  CHECK(test(sl_text_contains, "abc", ""));
  CHECK(test(sl_text_starts_with, "GIFT-123", "GIFT-"));
  CHECK_FALSE(test(sl_text_starts_with, "GIF", "GIFT-"));
  CHECK(test(sl_text_ends_with, "Østerø", "rø"));
  CHECK_FALSE(test(sl_text_ends_with, "Østerø", "ro"));
  CHECK(test(sl_text_ends_with, "", ""));
  bool out = false;
  CHECK(sl_text_contains("a", 1, "\xFF", 1, &out) == SL_INVALID_UTF8);
  CHECK(sl_text_starts_with("\xFF", 1, "a", 1, &out) == SL_INVALID_UTF8);
  CHECK(sl_text_ends_with("a", 1, "\xC3", 1, &out) == SL_INVALID_UTF8);
}

TEST_CASE("text pad_left and pad_right count code points and take one fill code point", "[stdlib]") {
  auto pad = [](bool left, const std::string& s, int64_t width, const std::string& fill) {
    sl_buffer b{};
    sl_status st = left ? sl_text_pad_left(s.data(), s.size(), width, fill.data(), fill.size(), &b)
                        : sl_text_pad_right(s.data(), s.size(), width, fill.data(), fill.size(), &b);
    return take(st, b);
  };
  CHECK(pad(true, "42", 5, "0") == "00042");
  CHECK(pad(false, "42", 5, " ") == "42   ");
  CHECK(pad(true, "Øster", 7, "·") == "··Øster");
  CHECK(pad(true, "toolong", 3, "0") == "toolong");
  CHECK(pad(true, "x", -4, "0") == "x");
  CHECK(pad(true, "", 2, "€") == "€€");
  CHECK(pad(true, "x", 3, "") == "status invalid value");
  CHECK(pad(true, "x", 3, "ab") == "status invalid value");
  CHECK(pad(true, "x", SL_TEXT_PAD_MAX + 1, "0") == "status invalid value");
  CHECK(pad(true, "x", 3, "\xff") == "status invalid UTF-8");
}
