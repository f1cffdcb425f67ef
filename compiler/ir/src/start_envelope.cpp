// The input envelope of a workflow flow that reads `start`: the awaited record with the start record inside.
#include <string>

#include "syncloom/ir/input_layout.hpp"
#include "syncloom/ir/module.hpp"

namespace syncloom::ir {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/// The position of the first character that is not JSON white space, or text.size().
size_t skip_space(std::string_view text, size_t at = 0) {
  while (at < text.size() && is_space(text[at])) ++at;
  return at;
}

}  // namespace

const char* flow_role_name(FlowRole role) {
  switch (role) {
    case FlowRole::kMap: return "flow";
    case FlowRole::kFilter: return "filter";
    case FlowRole::kKey: return "key";
  }
  return "flow";
}

std::optional<std::string> make_start_envelope(std::string_view record, std::string_view start, std::string* error,
                                               std::string* error_path) {
  auto fail = [&](const char* why, const char* path) -> std::optional<std::string> {
    if (error) *error = why;
    if (error_path) *error_path = path;
    return std::nullopt;
  };
  size_t open = skip_space(record);
  if (open == record.size() || record[open] != '{') return fail("input is not a JSON object", "");
  size_t start_open = skip_space(start);
  if (start_open == start.size() || start[start_open] != '{') return fail("the workflow's start record is not a JSON object", "start");
  // Spliced, not parsed: the start record is the record's first member. An empty record (`{}`) takes no comma.
  size_t rest = skip_space(record, open + 1);
  bool empty = rest < record.size() && record[rest] == '}';
  std::string out;
  out.reserve(record.size() + start.size() + 16);
  out += "{\"";
  out += kStartField;
  out += "\":";
  out += start.substr(start_open);
  out += empty ? "" : ",";
  out += record.substr(open + 1);
  return out;
}

std::string spell_start_path(std::string text) {
  std::string_view field = kStartField;
  for (size_t at = text.find(field); at != std::string::npos; at = text.find(field, at)) {
    size_t after = at + field.size();
    if (after == text.size() || text[after] == '.' || text[after] == '[' || text[after] == '`') {
      text.replace(at, field.size(), "start");
      at += 5;
    } else {
      at = after;
    }
  }
  return text;
}

}  // namespace syncloom::ir
