// matches, regex_replace and regex_capture: patterns and replacements are string literals, compiled and checked
// here (E0210 at the offending character), once per distinct pattern in the program; regex_capture's result is
// a struct typed from the pattern's named groups.
#include "call_check.hpp"
#include "syncloom/stdlib/regex.hpp"

namespace syncloom::frontend::detail {
namespace {

std::string take_text(sl_buffer& b) {
  std::string s(b.data ? b.data : "", b.len);
  sl_buffer_free(&b);
  return s;
}

void report_invalid(Sema& sema, const Expr& literal, size_t offset, const std::string& what, const std::string& why) {
  sema.report(diag::Diagnostic::error("E0210", "invalid " + what + ": " + why)
                  .at(literal_offset_span(literal, offset), "here")
                  .also(literal.span, "in this " + what));
}

}  // namespace

TypePtr Sema::check_regex_call(Expr* e, const std::vector<TypePtr>& types) {
  const std::string& name = e->text;
  CallCheck call(*this, e);
  size_t n = name == "regex_replace" ? 3 : 2;
  if (!call.arity(n, n)) return error_type();
  if (!types[0]->is_stringlike()) return call.bad_arg(0, types[0], "a string");
  const Expr* pattern = call.string_literal(1, "pattern");
  const Expr* replacement = name == "regex_replace" ? call.string_literal(2, "replacement") : nullptr;
  if (!pattern || (name == "regex_replace" && !replacement)) return error_type();

  // 1. Compile the pattern, once per distinct literal in the program.
  auto known = std::find_if(program_.regexes.begin(), program_.regexes.end(), [&](const ir::Regex& r) { return r.pattern == pattern->text; });
  if (known == program_.regexes.end()) {
    sl_regex* re = nullptr;
    sl_buffer why{};
    size_t at = 0;
    sl_status st = sl_regex_compile(pattern->text.data(), pattern->text.size(), &re, &why, &at);
    std::string message = take_text(why);
    if (st != SL_OK) {
      report_invalid(*this, *pattern, at, "regular expression", message.empty() ? sl_status_message(st) : message);
      return error_type();
    }
    program_.regexes.push_back({pattern->text, std::shared_ptr<const sl_regex>(re, [](const sl_regex* r) { sl_regex_free(const_cast<sl_regex*>(r)); })});
    known = program_.regexes.end() - 1;
  }
  e->resource = int32_t(known - program_.regexes.begin());
  const sl_regex* re = known->code.get();

  // 2. What each function gives.
  call.fallible(false);
  bool optional = may_be_null(types[0]);
  if (name == "matches") return Type::make(TypeKind::kBool, optional);
  if (name == "regex_replace") {
    sl_buffer why{};
    size_t at = 0;
    if (sl_regex_check_replacement(re, replacement->text.data(), replacement->text.size(), &why, &at) != SL_OK) {
      report_invalid(*this, *replacement, at, "replacement", take_text(why));
      return error_type();
    }
    return Type::make(TypeKind::kString, optional);
  }
  // regex_capture: a field per named group, null when that group took no part; the struct is null when
  // nothing matches.
  if (sl_regex_name_count(re) == 0) {
    report(diag::Diagnostic::error("E0204", "the pattern of `regex_capture` has no named groups")
               .at(pattern->span, "no `(?<name>...)` in this pattern")
               .note("each named group becomes a field of the result: `regex_capture(s, \"(?<street>.+) (?<number>\\\\d+)\").number`")
               .with_help("name the groups you want to read, e.g. `(?<number>\\\\d+)`"));
    return error_type();
  }
  std::vector<schema::FieldSchema> fields;
  for (size_t i = 0; i < sl_regex_name_count(re); ++i) fields.push_back(make_field(sl_regex_name(re, i), Type::make(TypeKind::kString, true)));
  return anonymous_struct(std::move(fields), true);
}

}  // namespace syncloom::frontend::detail
