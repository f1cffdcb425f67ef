// matches, regex_replace and regex_capture over the pattern the mapping compiled once (ir::Module::regexes).
#include "eval.hpp"
#include "syncloom/stdlib/regex.hpp"

namespace syncloom::interp::detail {

std::optional<Value> call_regex_builtin(const std::string& name, std::vector<Value>& a, const CallResources& res) {
  if (name != "matches" && name != "regex_replace" && name != "regex_capture") return std::nullopt;
  if (!res.regex) throw RecordError{"internal error: `" + name + "` without its compiled pattern"};
  const std::string& s = std::get<std::string>(a[0].v);
  if (name == "matches") {
    bool out = false;
    if (sl_status st = sl_regex_matches(res.regex, s.data(), s.size(), &out); st != SL_OK) fail_status(st);
    return Value{out};
  }
  if (name == "regex_replace") {
    const std::string& r = std::get<std::string>(a[2].v);
    sl_buffer b{};
    sl_status st = sl_regex_replace(res.regex, s.data(), s.size(), r.data(), r.size(), &b);
    std::string out(b.data ? b.data : "", st == SL_OK ? b.len : 0);
    sl_buffer_free(&b);
    if (st != SL_OK) fail_status(st);
    return Value{std::move(out)};
  }
  std::vector<size_t> spans(2 * (size_t(sl_regex_group_count(res.regex)) + 1));
  bool matched = false;
  if (sl_status st = sl_regex_capture(res.regex, s.data(), s.size(), &matched, spans.data()); st != SL_OK) fail_status(st);
  if (!matched) return Value::null();
  Object groups;
  for (size_t i = 0; i < sl_regex_name_count(res.regex); ++i) {
    uint32_t g = sl_regex_name_group(res.regex, i, spans.data());
    Value v = spans[2 * g] == SIZE_MAX ? Value::null() : Value{s.substr(spans[2 * g], spans[2 * g + 1] - spans[2 * g])};
    groups.emplace_back(sl_regex_name(res.regex, i), std::move(v));
  }
  return Value::of_object(std::move(groups));
}

}  // namespace syncloom::interp::detail
