// Framing a stream of JSON records: NDJSON, JSON arrays of records (`GET /orders` pages) and concatenated
// (pretty-printed) documents, told apart by content, read in blocks with bounded memory. The reader finds
// where each record begins and ends and where it is; the engines judge what is inside (docs/design.md,
// "Input formats").
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/syncloom.hpp"

namespace syncloom::detail {

/// A record larger than this is rejected (with its position and length) and skipped: memory stays bounded.
inline constexpr size_t kMaxRecordBytes = size_t(64) << 20;

enum class FrameKind : uint8_t {
  kRecord,    ///< `bytes` is one value to map (the engine rejects one that is not a valid JSON object)
  kRejected,  ///< bytes that are not a value (NDJSON: the rest of a line), or a record too large to hold
  kEnd,       ///< the input is over
  kError,     ///< the input is not records: `error`, at `line`:`column`; nothing more is read
};

struct Frame {
  FrameKind kind = FrameKind::kEnd;
  std::string_view bytes;  ///< valid until the next call of next()
  uint64_t line = 0, column = 0;  ///< where it starts: 1-based, columns in code points
  uint64_t offset = 0;            ///< where it starts: 0-based byte offset in the input
  uint64_t length = 0;            ///< its length in the input (bytes.size(), except for a record too large)
  int64_t index = -1;             ///< its index in the JSON array it is an element of; -1 at the top level
  bool whole_line = false;        ///< kRecord: an NDJSON line handed on whole, not scanned (see split_line)
  std::string error;              ///< kRejected, kError
};

class RecordReader {
 public:
  explicit RecordReader(std::istream& in, size_t max_record_bytes = kMaxRecordBytes);
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  /// The next frame; kEnd or kError once the input is over.
  Frame& next();
  /// What the input turned out to be (decided by its first value).
  InputFormat format() const { return format_; }

  /// The values on one NDJSON line whose engine run failed: a line may hold several (`{...} {...}`).
  /// Empty when the line is not a clean sequence of values (it is then one rejected record, as a whole);
  /// `framing_error`, if given, then says what breaks it ("the record does not end on its line ...").
  static std::vector<Frame> split_line(std::string_view line, uint64_t line_no, uint64_t offset,
                                       std::string* framing_error = nullptr);

 private:
  enum class Mode : uint8_t { kStart, kLines, kDocuments };
  enum class InArray : uint8_t { kNo, kFirst, kAfterElement, kAfterComma };

  RecordReader(std::string_view line, uint64_t line_no, uint64_t offset);
  bool refill();
  bool ensure(size_t i);  ///< byte i is in the buffer (refilling as needed); false at the end of the input
  void locate(size_t i, uint64_t& line, uint64_t& column);
  bool skip_blank(bool newlines);
  size_t line_end(size_t start, size_t from);  ///< the newline ending the line of `start`, from `from` on
  Frame& whole_line();
  Frame& value(size_t start, int64_t index);
  bool scan_value(size_t start, size_t& end, std::string& error, size_t& error_at);
  /// `index`: the array element the rejected bytes would have been (NDJSON only), -1 at the top level.
  Frame& framing_error(size_t start, size_t at, std::string message, int64_t index = -1);
  Frame& emit(FrameKind kind, size_t start, size_t end, int64_t index, uint64_t line, uint64_t column);
  Frame& end_of_input();  ///< kEnd, or kError when the stream failed
  Frame& too_large(size_t start, size_t end, int64_t index, uint64_t line, uint64_t column);

  std::istream* in_ = nullptr;  ///< null: reading a string (split_line)
  size_t max_record_;
  std::string buf_;
  size_t pos_ = 0, end_ = 0;  ///< scan position and end of data in buf_
  size_t hold_ = 0;           ///< buf_ from here on is still needed (the record being framed)
  uint64_t base_ = 0;         ///< input offset of buf_[0]
  bool eof_ = false;
  std::string read_error_;  ///< what the stream threw
  // Line and column of `mark_`, counted forward as bytes are passed.
  size_t mark_ = 0;
  uint64_t mark_line_ = 1, mark_column_ = 1;
  Mode mode_ = Mode::kStart;
  InputFormat format_ = InputFormat::kEmpty;
  bool at_line_start_ = true;
  InArray in_array_ = InArray::kNo;
  int64_t index_ = 0;
  uint64_t array_line_ = 0, array_column_ = 0;
  bool first_done_ = false;
  Frame frame_;
};

}  // namespace syncloom::detail
