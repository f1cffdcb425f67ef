// Pipeline::run_stream: the records of a stream (framed by RecordReader) through one flow; outputs batched,
// every rejection written with where it was and the bytes it was made of.
#include <chrono>
#include <ostream>

#include "record_reader.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom {
namespace {

using detail::Frame;
using detail::FrameKind;

void append_number(std::string& out, const char* key, uint64_t n) {
  out += key;
  out += std::to_string(n);
}

// {"line":L,"column":C,"offset":O[,"index":I],"path":P,"error":E,"record":R} (or "length" for a record
// too large to keep): everything needed to find, fix and replay it.
void write_reject(std::ostream& rejects, const Frame& f, std::string_view path, std::string_view error, std::string& line) {
  line.clear();
  append_number(line, "{\"line\":", f.line);
  append_number(line, ",\"column\":", f.column);
  append_number(line, ",\"offset\":", f.offset);
  if (f.index >= 0) append_number(line, ",\"index\":", uint64_t(f.index));
  line += ",\"path\":";
  interp::append_json_string(path, line);
  line += ",\"error\":";
  interp::append_json_string(error, line);
  if (f.bytes.size() == f.length) {
    line += ",\"record\":";
    interp::append_json_string(f.bytes, line);
  } else {
    append_number(line, ",\"length\":", f.length);
  }
  line += "}\n";
  rejects.write(line.data(), std::streamsize(line.size()));
}

}  // namespace

const char* input_format_name(InputFormat format) {
  switch (format) {
    case InputFormat::kEmpty: return "empty";
    case InputFormat::kNdjson: return "NDJSON";
    case InputFormat::kArray: return "JSON array";
    case InputFormat::kDocuments: return "JSON documents";
  }
  return "?";
}

StreamStats Pipeline::run_stream(std::istream& in, std::ostream& out, std::ostream& rejects, const RefResolver* refs,
                                 const std::function<void(uint64_t)>& progress) const {
  StreamStats stats;
  auto start = std::chrono::steady_clock::now();
  detail::RecordReader reader(in);
  RecordResult r;  // reused: native records write into its memory instead of allocating
  std::string reject_line;
  // Output lines are gathered and written 64 KiB at a time: a stream writes a record of a kilobyte or
  // so in one piece, and libstdc++'s file buffer sends a piece that large straight to the file, one
  // system call per record.
  std::string batch;
  constexpr size_t kBatch = size_t(64) << 10;
  batch.reserve(kBatch + 4096);
  // Counts the result `r` of frame `f` and sends it where it belongs.
  auto account = [&](const Frame& f) {
    ++stats.records;
    switch (r.outcome) {
      case Outcome::kOutput:
        batch += r.output;
        batch += '\n';
        if (batch.size() >= kBatch) {
          out.write(batch.data(), std::streamsize(batch.size()));
          batch.clear();
        }
        ++stats.output;
        break;
      case Outcome::kFiltered: ++stats.filtered; break;
      case Outcome::kRejected:
        ++stats.rejected;
        write_reject(rejects, f, r.error_path, r.error, reject_line);
        break;
    }
    if (progress && (stats.records & 1023) == 0) progress(stats.records);
  };
  for (;;) {
    const Frame& f = reader.next();
    if (f.kind == FrameKind::kEnd) break;
    if (f.kind == FrameKind::kError) {
      stats.input_error = f.error;
      stats.error_line = f.line;
      stats.error_column = f.column;
      break;
    }
    if (f.kind == FrameKind::kRejected) {
      r = {Outcome::kRejected, "", "", f.error};
      account(f);
      continue;
    }
    run(f.bytes, refs, r);
    // An NDJSON line goes to the engine as it is. Only when that fails is it looked at for several
    // values (`{...} {...}`), each then a record of its own; otherwise the line is the rejected record.
    if (f.whole_line && r.outcome == Outcome::kRejected) {
      std::string framing;
      std::vector<Frame> parts = detail::RecordReader::split_line(f.bytes, f.line, f.offset, &framing);
      for (const Frame& part : parts) {
        run(part.bytes, refs, r);
        account(part);
      }
      if (!parts.empty()) continue;
      // Say why the line is not JSON when its brackets or strings show it (a record across lines).
      if (!framing.empty()) r.error += ": " + framing;
    }
    account(f);
  }
  out.write(batch.data(), std::streamsize(batch.size()));
  if (stats.input_error.empty() && in.bad()) stats.input_error = "the input could not be read";
  stats.format = reader.format();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace syncloom
