// The record reader (record_reader.hpp). Positions are absolute input offsets, so the buffer may be
// compacted under any of them; bytes from `hold_` on stay in it.
#include "record_reader.hpp"

#include "json_blocks.hpp"

#include <algorithm>
#include <cstring>

namespace syncloom::detail {
namespace {

constexpr size_t kChunk = size_t(1) << 20;  // bytes asked of the stream at a time (the least it grows by)
constexpr size_t kMaxDepth = 1024;          // simdjson's limit: deeper records are not records anyway
constexpr size_t kSlack = 64;               // readable bytes kept past the data: a block is read whole

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool delimiter(char c) { return blank(c) || std::strchr("{}[],:\"", c) != nullptr; }

// A few bytes of the input as a message may show them: printable ASCII, the rest escaped.
std::string shown(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '`') {
      out += char(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return "`" + out + "`";
}

const char* bracket_name(char open) { return open == '{' ? "object" : "array"; }

}  // namespace

RecordReader::RecordReader(std::istream& in, size_t max_record_bytes) : in_(&in), max_record_(max_record_bytes) {
  buf_.resize(kChunk + kSlack);
}

RecordReader::RecordReader(std::string_view line, uint64_t line_no, uint64_t offset)
    : max_record_(kMaxRecordBytes), buf_(std::string(line) + std::string(kSlack, '\0')), end_(line.size()), eof_(true) {
  base_ = pos_ = hold_ = mark_ = offset;
  end_ += offset;
  mark_line_ = line_no;
  mode_ = Mode::kLines;
  format_ = InputFormat::kNdjson;
  at_line_start_ = false;
  first_done_ = true;
}

std::vector<Frame> RecordReader::split_line(std::string_view line, uint64_t line_no, uint64_t offset, std::string* framing_error) {
  RecordReader reader(line, line_no, offset);
  std::vector<Frame> frames;
  Frame* f = &reader.next();
  for (; f->kind == FrameKind::kRecord; f = &reader.next()) {
    frames.push_back(*f);
    // The views point into the reader's buffer, which is the line itself: re-point them at `line`.
    frames.back().bytes = line.substr(f->offset - offset, f->length);
  }
  if (framing_error && f->kind == FrameKind::kRejected) *framing_error = f->error;
  if (f->kind != FrameKind::kEnd || frames.size() < 2) frames.clear();
  return frames;
}

bool RecordReader::refill() {
  if (eof_) return false;
  // Drop what is no longer needed, counting lines through it first.
  uint64_t keep = hold_;
  if (keep > base_) {
    uint64_t line, column;
    if (mark_ < keep) locate(keep, line, column);
    size_t drop = size_t(keep - base_);
    std::memmove(buf_.data(), buf_.data() + drop, size_t(end_ - keep));
    base_ = keep;
  }
  size_t used = size_t(end_ - base_);
  if (buf_.size() - used < kChunk + kSlack) buf_.resize(std::max(buf_.size() * 2, used + kChunk + kSlack));
  // What the stream has now, at least one byte (or the end): a pipe is mapped as its data arrives. The
  // stream buffer is read directly, so its exceptions (libstdc++'s file buffer throws on a read error,
  // such as a directory) arrive here instead of setting badbit.
  std::streamsize n = 0;
  try {
    std::streambuf* sb = in_->rdbuf();
    std::streamsize avail = sb->in_avail();
    if (avail <= 0) avail = sb->sgetc() == std::char_traits<char>::eof() ? 0 : std::max<std::streamsize>(sb->in_avail(), 1);
    if (avail > 0) n = sb->sgetn(buf_.data() + used, std::min<std::streamsize>(avail, std::streamsize(buf_.size() - used - kSlack)));
  } catch (const std::exception& e) {
    read_error_ = e.what();
  }
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  end_ += uint64_t(n);
  return true;
}

bool RecordReader::ensure(size_t i) {
  while (i >= end_)
    if (!refill()) return false;
  return true;
}

void RecordReader::locate(size_t i, uint64_t& line, uint64_t& column) {
  if (i <= mark_) {  // counted already (only a position inside a record too large to keep comes back here)
    line = mark_line_;
    column = mark_column_;
    return;
  }
  const char* p = buf_.data() + (mark_ - base_);
  const char* e = buf_.data() + (i - base_);
  for (const char* nl; p < e && (nl = static_cast<const char*>(std::memchr(p, '\n', size_t(e - p)))) != nullptr; p = nl + 1) {
    ++mark_line_;
    mark_column_ = 1;
  }
  // Columns count code points, as the linter's do: every byte that does not continue a UTF-8 sequence.
  mark_column_ += uint64_t(std::count_if(p, e, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  mark_ = i;
  line = mark_line_;
  column = mark_column_;
}

bool RecordReader::skip_blank(bool newlines) {
  for (;; ++pos_) {
    if (!ensure(pos_)) return false;
    char c = buf_[pos_ - base_];
    if (c == '\n' && !newlines) return true;
    if (!blank(c)) return true;
  }
}

Frame& RecordReader::emit(FrameKind kind, size_t start, size_t end, int64_t index, uint64_t line, uint64_t column) {
  frame_ = Frame{};
  frame_.kind = kind;
  frame_.line = line;
  frame_.column = column;
  frame_.offset = start;
  frame_.length = end - start;
  if (start >= base_) frame_.bytes = std::string_view(buf_.data() + (start - base_), end - start);
  frame_.index = index;
  return frame_;
}

Frame& RecordReader::end_of_input() {
  emit(read_error_.empty() ? FrameKind::kEnd : FrameKind::kError, pos_, pos_, -1, 0, 0);
  if (!read_error_.empty()) frame_.error = "cannot read the input: " + read_error_;
  return frame_;
}

Frame& RecordReader::too_large(size_t start, size_t end, int64_t index, uint64_t line, uint64_t column) {
  emit(FrameKind::kRejected, start, end, index, line, column);
  frame_.bytes = {};
  frame_.error = "the record is " + std::to_string(end - start) + " bytes long, more than the limit of " +
                 (max_record_ >= (size_t(1) << 20) ? std::to_string(max_record_ >> 20) + " MiB" : std::to_string(max_record_) + " bytes");
  return frame_;
}

Frame& RecordReader::framing_error(size_t start, size_t at, std::string message, int64_t index) {
  if (mode_ != Mode::kLines) {
    // Without lines to resume at, nothing after this point can be trusted to be where it seems.
    frame_ = Frame{};
    frame_.kind = FrameKind::kError;
    locate(at, frame_.line, frame_.column);
    frame_.offset = at;
    frame_.error = std::move(message);
    eof_ = true;
    pos_ = end_ = base_;
    return frame_;
  }
  // NDJSON: the rest of the line is one rejected record; reading resumes on the next line.
  uint64_t line, column;
  locate(start, line, column);
  const size_t end = line_end(start, std::max(at, start));
  emit(FrameKind::kRejected, start, end, index, line, column);
  if (at > start) {
    uint64_t at_line, at_column;
    locate(std::min(at, end), at_line, at_column);
    message += " (at column " + std::to_string(at_column) + ")";
  }
  frame_.error = std::move(message);
  pos_ = end < end_ ? end + 1 : end;
  at_line_start_ = true;
  in_array_ = InArray::kNo;
  return frame_;
}

// Finds the end of the object or array at `start`, 64 bytes at a time: strings (with their escapes) and
// brackets only; the engine checks everything else. False with `error` at `error_at` when the brackets do
// not match, or the value is still open at the end of the input (NDJSON: at the end of its line).
bool RecordReader::scan_value(size_t start, size_t& end, std::string& error, size_t& error_at) {
  const bool lines = mode_ == Mode::kLines;
  const char opener = buf_[start - base_];
  std::string stack;
  StringCarry carry;
  for (size_t i = start;;) {
    if (i >= end_) {
      // Past the limit the bytes are let go (the record will be rejected by its length).
      if (end_ - start > max_record_) hold_ = i;
      if (!refill()) {
        error = in_ ? std::string("the ") + bracket_name(opener) + " that starts here is not closed at the end of the input"
                    : "the record does not end on its line (NDJSON holds one record per line)";  // split_line
        error_at = start;
        return false;
      }
    }
    const char* p = buf_.data() + (i - base_);
    const unsigned valid = unsigned(std::min<size_t>(64, end_ - i));
    BlockMasks m = classify_block(p);
    if (valid < 64) {
      const uint64_t data = (uint64_t(1) << valid) - 1;
      m.quote &= data, m.backslash &= data, m.open &= data, m.close &= data, m.newline &= data;
    }
    const uint64_t in_string = string_mask(m, valid, carry);
    uint64_t brackets = (m.open | m.close) & ~in_string;
    // NDJSON: a value ends on its line; only the brackets before the line's end count.
    const unsigned newline = lines && m.newline ? unsigned(__builtin_ctzll(m.newline)) : 64;
    if (newline < 64) brackets &= (uint64_t(1) << newline) - 1;
    for (; brackets; brackets &= brackets - 1) {
      const unsigned k = unsigned(__builtin_ctzll(brackets));
      const char c = p[k];
      if (c == '{' || c == '[') {
        stack.push_back(c);
        if (stack.size() > kMaxDepth) {
          error = "the record nests deeper than " + std::to_string(kMaxDepth) + " levels";
          error_at = i + k;
          return false;
        }
        continue;
      }
      if (stack.back() != (c == '}' ? '{' : '[')) {
        error = std::string("`") + c + "` cannot close the " + bracket_name(stack.back()) + " open here";
        error_at = i + k;
        return false;
      }
      stack.pop_back();
      if (stack.empty()) {
        end = i + k + 1;
        return true;
      }
    }
    if (newline < 64) {
      error = (in_string >> newline) & 1 ? "a string is not closed on its line (NDJSON holds one record per line)"
                                         : "the record does not end on its line (NDJSON holds one record per line)";
      error_at = i + newline;
      return false;
    }
    i += valid;
  }
}

Frame& RecordReader::value(size_t start, int64_t index) {
  uint64_t line, column;
  locate(start, line, column);
  size_t end = start;
  const char c = buf_[start - base_];
  if (c == '{' || c == '[') {
    std::string error;
    size_t error_at = start;
    if (!scan_value(start, end, error, error_at)) return framing_error(start, error_at, std::move(error), index);
  } else if (c == '"') {
    // A string is not a record, but it is a value: the engine rejects it as such.
    for (bool escaped = false;; escaped = !escaped && buf_[end - base_] == '\\') {
      if (!ensure(++end) || (buf_[end - base_] == '\n' && mode_ == Mode::kLines))
        return framing_error(start, start, "the string that starts here is not closed", index);
      if (!escaped && buf_[end - base_] == '"') break;
    }
    ++end;
  } else {
    // A number, a literal or anything else up to the next delimiter: the engine says what it is.
    while (ensure(end) && !delimiter(buf_[end - base_])) ++end;
  }
  pos_ = end;
  if (end - start > max_record_) return too_large(start, end, index, line, column);
  return emit(FrameKind::kRecord, start, end, index, line, column);
}

size_t RecordReader::line_end(size_t start, size_t from) {
  for (size_t end = from;; end = end_) {
    if (!ensure(end)) return end_;
    const char* p = buf_.data() + (end - base_);
    if (const void* nl = std::memchr(p, '\n', size_t(end_ - end))) return end + size_t(static_cast<const char*>(nl) - p);
    if (end_ - start > max_record_) hold_ = end_;  // too large to keep: let its bytes go
  }
}

Frame& RecordReader::whole_line() {
  const size_t start = pos_;
  uint64_t line, column;
  locate(start, line, column);
  const size_t end = line_end(start, start);
  pos_ = end < end_ ? end + 1 : end;
  at_line_start_ = true;
  if (end - start > max_record_) return too_large(start, end, -1, line, column);
  Frame& f = emit(FrameKind::kRecord, start, end, -1, line, column);
  f.whole_line = true;
  return f;
}

Frame& RecordReader::next() {
  hold_ = pos_;
  for (;;) {
    const bool lines = mode_ == Mode::kLines;
    if (lines && at_line_start_) {
      // NDJSON: a line goes to the engine whole, as found; only a line opening an array is scanned.
      size_t start = pos_;
      if (!skip_blank(false)) return end_of_input();
      if (buf_[pos_ - base_] == '\n') {
        ++pos_;
        hold_ = pos_;
        continue;
      }
      at_line_start_ = false;
      if (buf_[pos_ - base_] != '[') {
        pos_ = start;
        return whole_line();
      }
    } else if (!skip_blank(!lines)) {
      if (in_array_ != InArray::kNo)
        return framing_error(pos_, pos_, "the array that starts at line " + std::to_string(array_line_) + ", column " +
                                             std::to_string(array_column_) + " is not closed at the end of the input");
      return end_of_input();
    }
    hold_ = pos_;
    const size_t start = pos_;
    const char c = buf_[start - base_];
    if (lines && c == '\n') {
      if (in_array_ != InArray::kNo)
        return framing_error(start, start, "the array that starts at column " + std::to_string(array_column_) +
                                               " does not end on its line (NDJSON holds one record per line)");
      ++pos_;
      at_line_start_ = true;
      continue;
    }
    if (mode_ == Mode::kStart && start == 0 && c == '\xEF' && ensure(2) && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      pos_ = mark_ = 3;  // a UTF-8 byte order mark, as some Windows tools write: not data, not a column
      continue;
    }
    if (mode_ == Mode::kStart && in_array_ == InArray::kNo && c != '{' && c != '[') {
      // The first value decides: an input that does not start with a record is not records at all.
      size_t stop = start;
      while (stop - start < 40 && ensure(stop) && buf_[stop - base_] != '\n') ++stop;
      std::string starts = shown(std::string_view(buf_.data() + (start - base_), stop - start));
      if (c == '<') starts += " (HTML or XML?)";
      return framing_error(start, start, "the input is not JSON records: it starts with " + starts +
                                             "; syncloom reads NDJSON, a JSON array of objects, or JSON objects one after another");
    }
    if (in_array_ != InArray::kNo) {
      if (c == ']' && in_array_ != InArray::kAfterComma) {
        ++pos_;
        in_array_ = InArray::kNo;
        if (!first_done_) {
          first_done_ = true;
          uint64_t line, column;
          locate(pos_, line, column);
          mode_ = line == array_line_ ? Mode::kLines : Mode::kDocuments;
          at_line_start_ = false;
        }
        continue;
      }
      if (in_array_ == InArray::kAfterElement) {
        if (c != ',')
          return framing_error(start, start, "expected `,` or `]` after an element of the array, found " + shown(std::string_view(&c, 1)),
                               index_);
        ++pos_;
        in_array_ = InArray::kAfterComma;
        continue;
      }
      if (c == ']' || c == '}' || c == ',' || c == ':')
        return framing_error(start, start, "expected an element of the array, found " + shown(std::string_view(&c, 1)), index_);
      in_array_ = InArray::kAfterElement;
      return value(start, index_++);
    }
    if (c == '[') {
      ++pos_;
      in_array_ = InArray::kFirst;
      index_ = 0;
      locate(start, array_line_, array_column_);
      if (!first_done_) format_ = InputFormat::kArray;
      continue;
    }
    if (c == ']' || c == '}' || c == ',' || c == ':')
      return framing_error(start, start, "unexpected " + shown(std::string_view(&c, 1)) + " between records");
    Frame& f = value(start, -1);
    if (!first_done_ && f.kind == FrameKind::kRecord) {
      // One line for the first record: NDJSON. Across lines: pretty-printed documents.
      first_done_ = true;
      bool one_line = std::memchr(f.bytes.data(), '\n', f.bytes.size()) == nullptr;
      mode_ = one_line ? Mode::kLines : Mode::kDocuments;
      at_line_start_ = false;
      format_ = one_line ? InputFormat::kNdjson : InputFormat::kDocuments;
    }
    return f;
  }
}

}  // namespace syncloom::detail
