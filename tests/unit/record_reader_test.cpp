// Framing `syncloom map` input: NDJSON, JSON arrays and concatenated documents, their errors, positions
// and limits; every case also read through a stream that delivers a few bytes at a time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "json_blocks.hpp"
#include "record_reader.hpp"

using syncloom::InputFormat;
using syncloom::detail::BlockMasks;
using syncloom::detail::StringCarry;
using syncloom::detail::Frame;
using syncloom::detail::FrameKind;
using syncloom::detail::RecordReader;

namespace {

// A stream that hands out `step` bytes per read: every buffer boundary falls everywhere once.
class Trickle : public std::streambuf {
 public:
  Trickle(std::string data, size_t step) : data_(std::move(data)), step_(step) {}

 private:
  int_type underflow() override {
    if (pos_ >= data_.size()) return traits_type::eof();
    size_t n = std::min(step_, data_.size() - pos_);
    std::memcpy(piece_, data_.data() + pos_, n);
    pos_ += n;
    setg(piece_, piece_, piece_ + n);
    return traits_type::to_int_type(piece_[0]);
  }
  std::string data_;
  size_t pos_ = 0, step_;
  char piece_[16];
};

std::string describe(const Frame& f) {
  switch (f.kind) {
    case FrameKind::kRecord:
      return "record " + std::to_string(f.line) + ":" + std::to_string(f.column) + " @" + std::to_string(f.offset) +
             (f.index >= 0 ? " [" + std::to_string(f.index) + "]" : "") + (f.whole_line ? " line" : "") + " " + std::string(f.bytes);
    case FrameKind::kRejected:
      return "rejected " + std::to_string(f.line) + ":" + std::to_string(f.column) + (f.index >= 0 ? " [" + std::to_string(f.index) + "]" : "") +
             " len " + std::to_string(f.length) + " `" +
             std::string(f.bytes) + "`: " + f.error;
    case FrameKind::kError: return "error " + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " + f.error;
    case FrameKind::kEnd: return "end";
  }
  return "?";
}

std::vector<std::string> frames_of(RecordReader& reader) {
  std::vector<std::string> out;
  for (;;) {
    const Frame& f = reader.next();
    out.push_back(describe(f));
    if (f.kind == FrameKind::kEnd || f.kind == FrameKind::kError) return out;
  }
}

// Frames of `input` read at once, checked to be the same when read 1, 2, 3 and 7 bytes at a time.
std::vector<std::string> frames(const std::string& input, InputFormat* format = nullptr, size_t max_record = 1 << 20) {
  std::istringstream in(input);
  RecordReader reader(in, max_record);
  std::vector<std::string> whole = frames_of(reader);
  if (format) *format = reader.format();
  for (size_t step : {1, 2, 3, 7}) {
    Trickle trickle(input, step);
    std::istream slow(&trickle);
    RecordReader again(slow, max_record);
    INFO("read " << step << " bytes at a time");
    CHECK(frames_of(again) == whole);
  }
  return whole;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("NDJSON lines go to the engine whole, blank lines skipped", "[reader]") {
  // The first record is scanned (it decides the format); the lines after it go to the engine unscanned.
  InputFormat format;
  CHECK(frames("{\"a\":1}\r\n\n  \n{\"b\": 2}\n", &format) ==
        Lines{"record 1:1 @0 {\"a\":1}", "record 4:1 @13 line {\"b\": 2}", "end"});
  CHECK(format == InputFormat::kNdjson);
  // A last line without its newline, a broken line between good ones: the engine judges what a line holds.
  CHECK(frames("{\"a\":1}\n{\"b\":[1}\n{\"c\"") ==
        Lines{"record 1:1 @0 {\"a\":1}", "record 2:1 @8 line {\"b\":[1}", "record 3:1 @17 line {\"c\"", "end"});
}

TEST_CASE("a JSON array's elements are records, with their index, line and column", "[reader]") {
  InputFormat format;
  CHECK(frames("[\n  {\"a\": \"x]\\\"}\"},\n  {\"b\": {\"c\": [1, 2]}}\n]\n", &format) ==
        Lines{"record 2:3 @4 [0] {\"a\": \"x]\\\"}\"}", "record 3:3 @22 [1] {\"b\": {\"c\": [1, 2]}}", "end"});
  CHECK(format == InputFormat::kArray);
  // Pages one after another; elements that are not objects are still records (the engine rejects them).
  CHECK(frames("[{\"a\":1}][] [1, \"s\\\"\", null, [2]]") ==
        Lines{"record 1:2 @1 [0] {\"a\":1}", "record 1:14 @13 [0] 1", "record 1:17 @16 [1] \"s\\\"\"",
              "record 1:24 @23 [2] null", "record 1:30 @29 [3] [2]", "end"});
  // Columns count code points; offsets count bytes.
  CHECK(frames("[{\"\xC3\xA9\":1}, {\"b\":2}]") == Lines{"record 1:2 @1 [0] {\"\xC3\xA9\":1}", "record 1:11 @11 [1] {\"b\":2}", "end"});
}

TEST_CASE("concatenated documents across lines, several on a line", "[reader]") {
  InputFormat format;
  CHECK(frames("{\n  \"a\": 1\n}\n{\n  \"b\": \"}\"\n} {\"c\":3}\n", &format) ==
        Lines{"record 1:1 @0 {\n  \"a\": 1\n}", "record 4:1 @13 {\n  \"b\": \"}\"\n}", "record 6:3 @28 {\"c\":3}", "end"});
  CHECK(format == InputFormat::kDocuments);
  // The first record on one line makes the input NDJSON; a line may still hold several records.
  CHECK(frames("{\"a\":1} {\"b\":2}\n{\"c\":3}\n", &format) ==
        Lines{"record 1:1 @0 {\"a\":1}", "record 1:9 @8 {\"b\":2}", "record 2:1 @16 line {\"c\":3}", "end"});
  CHECK(format == InputFormat::kNdjson);
}

TEST_CASE("an empty input holds no records", "[reader]") {
  InputFormat format = InputFormat::kArray;
  CHECK(frames("", &format) == Lines{"end"});
  CHECK(format == InputFormat::kEmpty);
  CHECK(frames(" \n\t\r\n") == Lines{"end"});
  CHECK(frames("\xEF\xBB\xBF\n") == Lines{"end"});  // a byte order mark is not data
  CHECK(frames("\xEF\xBB\xBF{\"a\":1}") == Lines{"record 1:1 @3 {\"a\":1}", "end"});
}

TEST_CASE("an input that does not start with a record is not records", "[reader]") {
  CHECK(frames("id,status,total\n1,processing,9.99\n") ==
        Lines{"error 1:1: the input is not JSON records: it starts with `id,status,total`; syncloom reads NDJSON, a JSON "
              "array of objects, or JSON objects one after another"});
  CHECK(frames("\n  42\n")[0].starts_with("error 2:3: the input is not JSON records: it starts with `42`"));
  CHECK(frames("\"text\"")[0].starts_with("error 1:1: the input is not JSON records: it starts with `\"text\"`"));
  CHECK(frames("order:\n  id: 1\n")[0].starts_with("error 1:1: the input is not JSON records: it starts with `order:`"));
  CHECK(frames("<!DOCTYPE html>")[0].find("(HTML or XML?)") != std::string::npos);
}

TEST_CASE("a broken array or document stops the input where it breaks", "[reader]") {
  CHECK(frames("[{\"a\":1},\n{\"b\":2}") ==
        Lines{"record 1:2 @1 [0] {\"a\":1}", "record 2:1 @10 [1] {\"b\":2}",
              "error 2:8: the array that starts at line 1, column 1 is not closed at the end of the input"});
  CHECK(frames("[\n{\"a\":1}\n{\"b\":2}\n]") ==
        Lines{"record 2:1 @2 [0] {\"a\":1}", "error 3:1: expected `,` or `]` after an element of the array, found `{`"});
  CHECK(frames("[{\"a\":1},]")[1] == "error 1:10: expected an element of the array, found `]`");
  CHECK(frames("{\n\"a\": [1}\n") == Lines{"error 2:8: `}` cannot close the array open here"});
  CHECK(frames("{\n\"a\": 1\n") == Lines{"error 1:1: the object that starts here is not closed at the end of the input"});
  CHECK(frames("{\n\"a\": 1\n}\n]") == Lines{"record 1:1 @0 {\n\"a\": 1\n}", "error 4:1: unexpected `]` between records"});
}

TEST_CASE("in NDJSON a broken line is one rejected record and reading goes on", "[reader]") {
  CHECK(frames("{\"a\":1}\n[{\"b\":1}, {\"c\":]}\n{\"d\":4}\n") ==
        Lines{"record 1:1 @0 {\"a\":1}", "record 2:2 @9 [0] {\"b\":1}",
              "rejected 2:11 [1] len 7 `{\"c\":]}`: `]` cannot close the object open here (at column 16)",
              "record 3:1 @26 line {\"d\":4}", "end"});
  CHECK(frames("{\"a\":1}\n[{\"b\":1},\n{\"d\":4}\n") ==
        Lines{"record 1:1 @0 {\"a\":1}", "record 2:2 @9 [0] {\"b\":1}",
              "rejected 2:10 len 0 ``: the array that starts at column 1 does not end on its line (NDJSON holds one record per line)",
              "record 3:1 @18 line {\"d\":4}", "end"});
  CHECK(frames("{\"a\":1} {\"b\":\"x\n{\"c\":3}\n") ==
        Lines{"record 1:1 @0 {\"a\":1}",
              "rejected 1:9 len 7 `{\"b\":\"x`: a string is not closed on its line (NDJSON holds one record per line) (at column 16)",
              "record 2:1 @16 line {\"c\":3}", "end"});
}

TEST_CASE("an NDJSON line the engine rejects is split when it holds several values", "[reader]") {
  auto split = [](std::string_view line) {
    Lines out;
    for (const Frame& f : RecordReader::split_line(line, 5, 100)) out.push_back(describe(f));
    return out;
  };
  CHECK(split("{\"a\":1} {\"b\":[2]}\r") == Lines{"record 5:1 @100 {\"a\":1}", "record 5:9 @108 {\"b\":[2]}"});
  CHECK(split("  [{\"a\":1}] 7") == Lines{"record 5:4 @103 [0] {\"a\":1}", "record 5:13 @112 7"});
  CHECK(split("{\"a\":1}").empty());             // one value: the engine's rejection stands
  CHECK(split("{\"a\":1},{\"b\":2}").empty());   // not a sequence of values: one rejected line
  CHECK(split("{\"a\":1} {\"b\"").empty());
}

TEST_CASE("a record larger than the limit is rejected by its length, and reading goes on", "[reader]") {
  const std::string big = "{\"a\":\"" + std::string(40, 'x') + "\"}";
  CHECK(frames("[" + big + ", {\"b\":1}]", nullptr, 32) ==
        Lines{"rejected 1:2 [0] len 48 ``: the record is 48 bytes long, more than the limit of 32 bytes", "record 1:52 @51 [1] {\"b\":1}", "end"});
  CHECK(frames("{\"a\":1}\n" + big + "\n{\"b\":1}\n", nullptr, 32) ==
        Lines{"record 1:1 @0 {\"a\":1}", "rejected 2:1 len 48 ``: the record is 48 bytes long, more than the limit of 32 bytes",
              "record 3:1 @57 line {\"b\":1}", "end"});
}

TEST_CASE("block masks: SSE2 and the byte loop agree; string masks match a byte-by-byte walk", "[reader]") {
  // Bytes drawn mostly from the ones that matter, so runs of backslashes and quotes are common.
  const std::string alphabet = "\"\"\\\\\\{}[]\nab \x5b\x7b\xfb\xdd";
  uint64_t seed = 12345;
  auto next = [&] { return seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (int round = 0; round < 2000; ++round) {
    std::string text(256 + 64, 'x');
    for (size_t i = 0; i < 256; ++i) text[i] = alphabet[(next() >> 33) % alphabet.size()];
    // Reference: walk the bytes, as the reader's definition says (escapes only matter in strings here,
    // as in simdjson: a backslash escapes the next byte wherever it is).
    std::vector<bool> inside(256);
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < 256; ++i) {
      const char c = text[i];
      bool quote = c == '"' && !escaped;
      escaped = !escaped && c == '\\';
      if (quote) in_string = !in_string;
      inside[i] = in_string || quote ? (quote ? in_string : true) : false;
    }
    // Blocks of random length, as the reader meets them at buffer ends.
    StringCarry carry;
    for (size_t at = 0; at < 256;) {
      const unsigned valid = unsigned(std::min<uint64_t>(1 + next() % 64, 256 - at));
      BlockMasks m = syncloom::detail::classify_block(text.data() + at);
      BlockMasks r = syncloom::detail::classify_block_portable(text.data() + at);
      REQUIRE(m.quote == r.quote);
      REQUIRE(m.backslash == r.backslash);
      REQUIRE(m.open == r.open);
      REQUIRE(m.close == r.close);
      REQUIRE(m.newline == r.newline);
      const uint64_t data = valid < 64 ? (uint64_t(1) << valid) - 1 : ~uint64_t(0);
      m.quote &= data, m.backslash &= data;
      const uint64_t mask = syncloom::detail::string_mask(m, valid, carry);
      for (unsigned k = 0; k < valid; ++k) {
        INFO("round " << round << " byte " << at + k);
        REQUIRE(bool((mask >> k) & 1) == inside[at + k]);
      }
      at += valid;
    }
  }
}

TEST_CASE("a stream that fails while being read ends the input with the reason", "[reader]") {
  // As libstdc++'s file buffer does on a read error (a directory opened as a file).
  struct Failing : std::streambuf {
    int_type underflow() override { throw std::ios_base::failure("read error: Is a directory"); }
  } failing;
  std::istream in(&failing);
  RecordReader reader(in);
  const Frame& f = reader.next();
  CHECK(f.kind == FrameKind::kError);
  CHECK(f.error.find("cannot read the input: read error: Is a directory") == 0);
}

namespace {

// A random JSON value whose strings are full of what framing must see through: brackets, quotes,
// backslashes, escapes, multi-byte characters.
std::string random_value(uint64_t& seed, int depth) {
  auto next = [&] { return (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  static const char* const kPieces[] = {"{", "}", "[", "]", "\\\"", "\\\\", "\\n", ",", ":", "x", "\xC3\xA9", " "};
  auto string = [&] {
    std::string s = "\"";
    for (uint64_t n = next() % 12; n > 0; --n) s += kPieces[next() % 12];
    return s + "\"";
  };
  switch (depth > 3 ? next() % 3 : next() % 5) {
    case 0: return string();
    case 1: return std::to_string(next() % 1000);
    case 2: return "null";
    case 3: {
      std::string s = "[";
      for (uint64_t n = next() % 4, i = 0; i < n; ++i) s += (i ? ", " : "") + random_value(seed, depth + 1);
      return s + "]";
    }
    default: {
      std::string s = "{";
      for (uint64_t n = next() % 4, i = 0; i < n; ++i) s += (i ? ",\n  " : "") + string() + ": " + random_value(seed, depth + 1);
      return s + "}";
    }
  }
}

}  // namespace

TEST_CASE("generated records come out of every format byte for byte", "[reader]") {
  uint64_t seed = 7;
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> records;
    for (int i = 0; i < 5; ++i) {
      // The first record across lines, as pretty-printed documents have it: a first record on one line
      // would make the input NDJSON.
      std::string r = "{\"id\": " + std::to_string(i) + (i == 0 ? ",\n" : ", ") + "\"v\": " + random_value(seed, 0) + "}";
      records.push_back(r);
    }
    std::string array = "[\n", documents, ndjson;
    for (size_t i = 0; i < records.size(); ++i) {
      array += "  " + records[i] + (i + 1 < records.size() ? ",\n" : "\n");
      documents += records[i] + "\n";
      std::string line = records[i];
      std::replace(line.begin(), line.end(), '\n', ' ');  // newlines only appear between tokens
      ndjson += line + "\n";
    }
    array += "]";
    for (const std::string* input : {&array, &documents}) {
      std::istringstream in(*input);
      RecordReader reader(in);
      for (size_t i = 0;; ++i) {
        const Frame& f = reader.next();
        INFO("round " << round << ":\n" << *input);
        if (f.kind == FrameKind::kEnd) {
          CHECK(i == records.size());
          break;
        }
        REQUIRE(f.kind == FrameKind::kRecord);
        REQUIRE(i < records.size());
        CHECK(f.bytes == records[i]);
      }
    }
    // NDJSON lines, and the same lines split when two share a line.
    std::istringstream in(ndjson);
    RecordReader reader(in);
    size_t n = 0;
    for (const Frame* f = &reader.next(); f->kind == FrameKind::kRecord; f = &reader.next()) ++n;
    CHECK(n == records.size());
    std::string two = records[0] + " " + records[1];
    std::replace(two.begin(), two.end(), '\n', ' ');
    CHECK(RecordReader::split_line(two, 1, 0).size() == 2);
  }
}
