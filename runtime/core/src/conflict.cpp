// Conflict policies: newest_wins compares instants, delta_merge adds both sides' changes in exact decimals.
#include "conflict.hpp"

#include "syncloom/stdlib/decimal.hpp"
#include "syncloom/stdlib/time.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::core {

namespace {

using Kind = ConflictResolution::Kind;

ConflictResolution invalid(std::string detail) { return {Kind::kInvalid, {}, std::move(detail)}; }

// The member at a dotted path ("billing.email") of a parsed record.
const wire::Value* at_path(const wire::Value& record, std::string_view path) {
  const wire::Value* v = &record;
  while (v && !path.empty()) {
    size_t dot = path.find('.');
    v = v->is_object() ? v->find(path.substr(0, dot)) : nullptr;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return v;
}

// A number or a numeric string as an exact decimal.
std::optional<sl_decimal> decimal_of(const wire::Value* v) {
  if (!v || !(v->is_number() || v->is_string())) return std::nullopt;
  sl_decimal d;
  if (sl_decimal_parse(v->text().data(), v->text().size(), &d) != SL_OK) return std::nullopt;
  return d;
}

std::string decimal_text(sl_decimal d) {
  char buffer[SL_DECIMAL_TEXT_MAX];
  size_t n = 0;
  if (sl_decimal_format(d, buffer, &n) != SL_OK) return {};
  return std::string(buffer, n);
}

std::string field_of(std::string_view field) {
  // `delta_merge on stock_quantity` names the target field; a qualified name keeps its last part.
  size_t dot = field.rfind('.');
  return std::string(dot == std::string_view::npos ? field : field.substr(dot + 1));
}

ConflictResolution newest_wins(const ConflictCase& c) {
  // The target's record has not changed since the last sync wrote (or kept) it: nothing conflicts.
  // Without a recorded version (a key synced before this policy) the target's change is presumed ours.
  if (c.last.target_version.empty() || c.target.version == c.last.target_version)
    return {Kind::kWrite, std::string(c.output), {}};
  auto target_at = instant_ms(c.target.version);
  if (!target_at) return {Kind::kWrite, std::string(c.output), "the target's version is no instant: the owner wins"};
  std::optional<std::int64_t> source_at;
  if (c.policy.by_record == c.source_record) {
    auto parsed = wire::parse(c.source_payload);
    const wire::Value* by = parsed.value ? at_path(*parsed.value, c.policy.by_path) : nullptr;
    if (!by || !by->is_string()) return invalid("the source record has no `" + c.policy.by_path + "` to compare");
    source_at = instant_ms(by->text());
    if (!source_at) return invalid("`" + c.policy.by_path + "` is no instant: \"" + by->text() + "\"");
  } else {
    // The timestamp is the target record's own (`by erp.customer.write_date`): the source's change is
    // dated by its event.
    auto parsed = wire::parse(c.target.json);
    const wire::Value* by = parsed.value ? at_path(*parsed.value, c.policy.by_path) : nullptr;
    if (by && by->is_string())
      if (auto t = instant_ms(by->text())) target_at = t;
    source_at = c.source_changed_ms;
  }
  // On a tie the owner's version wins.
  if (*target_at > *source_at)
    return {Kind::kKeepTarget, {},
            "newest_wins: the target changed at " + c.target.version + ", after the source's change"};
  return {Kind::kWrite, std::string(c.output), {}};
}

ConflictResolution delta_merge(const ConflictCase& c) {
  auto out = wire::parse(c.output);
  if (!out.value || !out.value->is_object()) return invalid("the mapped document is not an object");
  if (c.last.merge_base.empty()) return {Kind::kWrite, std::string(c.output), {}};  // no base yet: as mapped
  auto base = wire::parse(c.last.merge_base);
  auto target = wire::parse(c.target.json);
  if (!base.value || !target.value) return {Kind::kWrite, std::string(c.output), {}};
  std::string detail;
  for (const std::string& name : c.policy.fields) {
    std::string field = field_of(name);
    wire::Value* mapped = out.value->find(field);
    auto now = decimal_of(mapped);
    auto then = decimal_of(base.value->find(field));
    auto theirs = decimal_of(target.value->find(field));
    if (!now || !then || !theirs) continue;  // omitted, or nothing to merge with: as mapped
    sl_decimal change, merged;
    if (sl_decimal_sub(*now, *then, &change) != SL_OK || sl_decimal_add(*theirs, change, &merged) != SL_OK)
      return invalid("delta_merge of `" + field + "` overflows");
    std::string text = decimal_text(merged);
    detail += (detail.empty() ? "delta_merge: " : ", ") + field + " = " + decimal_text(*theirs) + " + (" +
              decimal_text(*now) + " - " + decimal_text(*then) + ") = " + text;
    *mapped = wire::Value::number(std::move(text));
  }
  return {Kind::kWrite, wire::dump(*out.value), std::move(detail)};
}

}  // namespace

ConflictResolution resolve_conflict(const ConflictCase& c) {
  switch (c.policy.kind) {
    case ConflictPolicy::Kind::kOwnerWins: break;
    case ConflictPolicy::Kind::kNewestWins: return newest_wins(c);
    case ConflictPolicy::Kind::kDeltaMerge: return delta_merge(c);
  }
  return {Kind::kWrite, std::string(c.output), {}};
}

std::string merge_base_of(const ConflictPolicy& policy, std::string_view output) {
  if (policy.kind != ConflictPolicy::Kind::kDeltaMerge) return {};
  auto out = wire::parse(output);
  if (!out.value || !out.value->is_object()) return {};
  wire::Value base = wire::Value::object();
  for (const std::string& name : policy.fields) {
    std::string field = field_of(name);
    if (auto d = decimal_of(out.value->find(field))) base.set(field, wire::Value::number(decimal_text(*d)));
  }
  return wire::dump(base);
}

std::optional<std::int64_t> instant_ms(std::string_view text) {
  int64_t micros = 0;
  if (sl_timestamp_parse(text.data(), text.size(), &micros) != SL_OK) return std::nullopt;
  return micros / 1000;
}

}  // namespace syncloom::core
