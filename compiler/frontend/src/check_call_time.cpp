// Time-zone arguments: a literal zone name the tz database has (E0211 with a "did you mean"), loaded once per
// distinct name in the program; and literal format strings of format_date, checked before they run.
#include "call_check.hpp"
#include "syncloom/stdlib/time.hpp"
#include "syncloom/stdlib/zone.hpp"

namespace syncloom::frontend::detail {

bool Sema::check_zone_arg(Expr* e, size_t i, const TypePtr& value, const std::vector<TypeKind>& accepts) {
  CallCheck call(*this, e);
  TypeKind kind = value->is_stringlike() ? TypeKind::kString : value->kind;
  if (std::find(accepts.begin(), accepts.end(), kind) == accepts.end()) {
    std::string wanted;
    for (size_t k = 0; k < accepts.size(); ++k) {
      TypeKind a = accepts[k];
      wanted += std::string(k == 0 ? "" : k + 1 == accepts.size() ? " or " : ", ") +
                (a == TypeKind::kTimestamp ? "a timestamp" : a == TypeKind::kDate ? "a date" : a == TypeKind::kString ? "a string" : "an `any` value");
    }
    call.bad_arg(0, value, wanted + " with a time zone");
    return false;
  }
  const Expr* zone = call.string_literal(i, "time zone");
  if (!zone) return false;
  auto known = std::find_if(program_.zones.begin(), program_.zones.end(), [&](const ir::Zone& z) { return z.name == zone->text; });
  if (known == program_.zones.end()) {
    sl_zone* loaded = nullptr;
    sl_buffer why{};
    sl_status st = sl_zone_load(nullptr, zone->text.data(), zone->text.size(), &loaded, &why);
    std::string message(why.data ? why.data : "", why.len);
    sl_buffer_free(&why);
    if (st != SL_OK) {
      if (!zone_names_read_) {
        zone_names_read_ = true;
        sl_buffer names{};
        if (sl_zone_names(nullptr, &names) == SL_OK)
          for (size_t start = 0; start < names.len;) {
            size_t end = std::string_view(names.data + start, names.len - start).find('\0') + start;
            zone_names_.emplace_back(names.data + start, end - start);
            start = end + 1;
          }
        sl_buffer_free(&names);
      }
      auto d = diag::Diagnostic::error("E0211", "unknown time zone `" + zone->text + "`").at(zone->span, "not in the tz database");
      d.note(message);
      if (auto h = did_you_mean(zone->text, zone_names_); !h.empty()) d.with_help(h);
      else d.with_help("zones are IANA names such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\"");
      report(std::move(d));
      return false;
    }
    program_.zones.push_back({zone->text, std::shared_ptr<const sl_zone>(loaded, [](const sl_zone* z) { sl_zone_free(const_cast<sl_zone*>(z)); })});
    known = program_.zones.end() - 1;
  }
  e->resource = int32_t(known - program_.zones.begin());
  return true;
}

bool Sema::check_time_format(const Expr* format) {
  if (format->kind != ExprKind::kLiteral || format->literal_kind != LiteralKind::kString) return true;  // checked when it runs
  if (sl_time_format_check(format->text.data(), format->text.size()) == SL_OK) return true;
  size_t at = format->text.find('%');
  while (at != std::string::npos && at + 1 < format->text.size() &&
         std::string_view("YmdHMSzZ%").find(format->text[at + 1]) != std::string_view::npos)
    at = format->text.find('%', at + 2);
  report(diag::Diagnostic::error("E0204", "`format_date` does not know this directive")
             .at(literal_offset_span(*format, at == std::string::npos ? 0 : at), "not a directive")
             .note("directives: %Y %m %d %H %M %S %z %Z %%"));
  return false;
}

}  // namespace syncloom::frontend::detail
