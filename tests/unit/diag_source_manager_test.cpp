// Line/column mapping of SourceManager: UTF-8 columns, CRLF, missing final newline, clamping of bad input.
#include <catch2/catch.hpp>

#include "syncloom/diag/source_manager.hpp"

using syncloom::diag::LineCol;
using syncloom::diag::SourceManager;

namespace {

LineCol at(const SourceManager& sm, uint32_t file, uint32_t offset) { return sm.line_col(file, offset); }

}  // namespace

TEST_CASE("line and column of plain ASCII offsets", "[diag][source]") {
  SourceManager sm;
  const uint32_t id = sm.add("a.loom", "ab\ncd\n");
  CHECK(sm.line_count(id) == 3);
  CHECK(at(sm, id, 0).line == 1);
  CHECK(at(sm, id, 0).column == 1);
  CHECK(at(sm, id, 1).column == 2);
  CHECK(at(sm, id, 2).line == 1);  // the newline belongs to the line it ends
  CHECK(at(sm, id, 2).column == 3);
  CHECK(at(sm, id, 3).line == 2);
  CHECK(at(sm, id, 3).column == 1);
  CHECK(at(sm, id, 6).line == 3);  // end of file after the final newline
  CHECK(at(sm, id, 6).column == 1);
  CHECK(sm.line_text(id, 1) == "ab");
  CHECK(sm.line_text(id, 2) == "cd");
  CHECK(sm.line_text(id, 3).empty());
  CHECK(sm.line_start(id, 2) == 3);
}

TEST_CASE("columns count UTF-8 code points, not bytes", "[diag][source]") {
  SourceManager sm;
  // "é" is two bytes, "€" three, "😀" four.
  const uint32_t id = sm.add("u.loom", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x\n");
  CHECK(at(sm, id, 0).column == 1);
  CHECK(at(sm, id, 2).column == 2);
  CHECK(at(sm, id, 5).column == 3);
  CHECK(at(sm, id, 9).column == 4);
  SECTION("an offset inside a character maps to that character") {
    CHECK(at(sm, id, 1).column == 1);
    CHECK(at(sm, id, 4).column == 2);
    CHECK(at(sm, id, 8).column == 3);
  }
}

TEST_CASE("CRLF line endings are not part of the line", "[diag][source]") {
  SourceManager sm;
  const uint32_t id = sm.add("w.loom", "one\r\ntwo\r\nthree");
  CHECK(sm.line_count(id) == 3);
  CHECK(sm.line_text(id, 1) == "one");
  CHECK(sm.line_text(id, 2) == "two");
  CHECK(sm.line_text(id, 3) == "three");
  CHECK(at(sm, id, 5).line == 2);
  CHECK(at(sm, id, 5).column == 1);
  CHECK(at(sm, id, 10).line == 3);
  CHECK(at(sm, id, 12).column == 3);
}

TEST_CASE("a lone carriage return does not end a line", "[diag][source]") {
  SourceManager sm;
  const uint32_t id = sm.add("r.loom", "a\rb\n");
  CHECK(sm.line_count(id) == 2);
  CHECK(sm.line_text(id, 1) == "a\rb");
}

TEST_CASE("a file without a trailing newline keeps its last line", "[diag][source]") {
  SourceManager sm;
  const uint32_t id = sm.add("n.loom", "x = 1\ny = 2");
  CHECK(sm.line_count(id) == 2);
  CHECK(sm.line_text(id, 2) == "y = 2");
  CHECK(at(sm, id, 11).line == 2);
  CHECK(at(sm, id, 11).column == 6);
}

TEST_CASE("an empty file has one empty line", "[diag][source]") {
  SourceManager sm;
  const uint32_t id = sm.add("e.loom", "");
  CHECK(sm.line_count(id) == 1);
  CHECK(sm.line_text(id, 1).empty());
  CHECK(at(sm, id, 0).line == 1);
  CHECK(at(sm, id, 0).column == 1);
  CHECK(at(sm, id, 100).column == 1);
}

TEST_CASE("out-of-range offsets, lines and file ids are clamped", "[diag][source]") {
  SourceManager sm;
  const uint32_t id = sm.add("c.loom", "abc\ndef");
  SECTION("offset past the end maps to the end") {
    CHECK(at(sm, id, 1000).line == 2);
    CHECK(at(sm, id, 1000).column == 4);
    CHECK(at(sm, id, UINT32_MAX).line == 2);
  }
  SECTION("lines outside the file clamp to the first or last") {
    CHECK(sm.line_text(id, 0) == "abc");
    CHECK(sm.line_text(id, 99) == "def");
    CHECK(sm.line_start(id, 99) == 4);
  }
  SECTION("an unknown file id reads as an empty file") {
    CHECK(sm.path(7).empty());
    CHECK(sm.text(7).empty());
    CHECK(sm.line_count(7) == 1);
    CHECK(sm.line_text(7, 3).empty());
    CHECK(sm.line_start(7, 3) == 0);
    CHECK(at(sm, 7, 50).line == 1);
    CHECK(at(sm, 7, 50).column == 1);
  }
}

TEST_CASE("file ids count up and earlier texts stay valid", "[diag][source]") {
  SourceManager sm;
  const uint32_t a = sm.add("a.loom", "short");
  const std::string_view view = sm.text(a);
  for (int i = 0; i < 100; ++i) sm.add("more.loom", "x");
  CHECK(a == 0);
  CHECK(sm.file_count() == 101);
  CHECK(sm.path(100) == "more.loom");
  CHECK(view == "short");  // small-string texts must not move when files are added
}
