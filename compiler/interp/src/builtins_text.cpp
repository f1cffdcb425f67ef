// pad_left, pad_right and parse_json.
#include "eval.hpp"
#include "syncloom/stdlib/text.hpp"

namespace syncloom::interp::detail {

std::optional<Value> call_text_builtin(const std::string& name, std::vector<Value>& a) {
  if (name == "parse_json") {
    // Text is parsed; an untyped value that is already structured JSON (not a string) is that JSON.
    if (auto* s = std::get_if<std::string>(&a[0].v)) return parse_json_document(*s);
    return a[0];
  }
  if (name != "pad_left" && name != "pad_right") return std::nullopt;
  const std::string& s = std::get<std::string>(a[0].v);
  std::string fill = a.size() > 2 ? std::get<std::string>(a[2].v) : " ";
  int64_t width = std::get<int64_t>(a[1].v);
  sl_buffer b{};
  sl_status st = name == "pad_left" ? sl_text_pad_left(s.data(), s.size(), width, fill.data(), fill.size(), &b)
                                    : sl_text_pad_right(s.data(), s.size(), width, fill.data(), fill.size(), &b);
  std::string out(b.data ? b.data : "", st == SL_OK ? b.len : 0);
  sl_buffer_free(&b);
  if (st == SL_INVALID && width > SL_TEXT_PAD_MAX)
    throw RecordError{name + ": width " + std::to_string(width) + " is over the limit of " + std::to_string(SL_TEXT_PAD_MAX)};
  if (st == SL_INVALID) throw RecordError{name + ": the fill must be exactly one character"};
  if (st != SL_OK) fail_status(st);
  return Value{std::move(out)};
}

}  // namespace syncloom::interp::detail
