// Domains: owner, key, sync modes and filters, idempotency, retry, conflict policy, reconcile, flows.
#include <algorithm>
#include <set>

#include "syncloom/frontend/cron.hpp"
#include "types.hpp"

namespace syncloom::frontend::detail {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kDay = 86'400'000;

std::vector<std::string> unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

void Sema::check_domain_key(DomainDecl& d) {
  if (!d.key) return;
  Env env;
  env.scope = &program_.scopes[0];
  env.system_paths = true;
  std::vector<std::string> sides[2];
  TypePtr types[2];
  Expr* exprs[2] = {d.key->left.get(), d.key->right.get()};
  for (int i = 0; i < 2; ++i) {
    env.systems_read = &sides[i];
    types[i] = check(exprs[i], env);
    require_handled(exprs[i], "in a key");
    sides[i] = unique(sides[i]);
    if (sides[i].size() != 1 && !is_error(types[i])) {
      report(diag::Diagnostic::error("E0308", "each side of a key must read exactly one record")
                 .at(exprs[i]->span, sides[i].empty() ? "reads no record" : "reads several records")
                 .with_help("write it as `system.record.field`, e.g. `woo.order.id`"));
    }
  }
  if (sides[0].size() == 1 && sides[1].size() == 1) {
    std::string a = sides[0][0].substr(0, sides[0][0].find('.'));
    std::string b = sides[1][0].substr(0, sides[1][0].find('.'));
    if (a == b)
      report(diag::Diagnostic::error("E0308", "both sides of the key read system `" + a + "`")
                 .at(d.key->span, "a key links records of two systems"));
    key_records_[&d] = {sides[0][0], sides[1][0]};
    key_types_[&d] = {types[0], types[1]};
  }
  if (!is_error(types[0]) && !is_error(types[1]) && comparable(*types[0], *types[1], false) != Fit::kOk)
    report(diag::Diagnostic::error("E0201", "the key's sides have different types `" + types[0]->to_string() + "` and `" +
                                                types[1]->to_string() + "`")
               .at(d.key->span, "cannot be matched"));
}

void Sema::check_duration(const Duration& d, int64_t min_ms, int64_t max_ms, std::string_view what) {
  if (d.valid && d.millis >= min_ms && d.millis <= max_ms) return;
  auto fmt = [](int64_t ms) {
    if (ms % kDay == 0) return std::to_string(ms / kDay) + "d";
    if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
  };
  report(diag::Diagnostic::error("E0401", "invalid duration `" + d.text + "` for " + std::string(what))
             .at(d.span, "must be between " + fmt(min_ms) + " and " + fmt(max_ms)));
}

void Sema::check_retry(const RetryDecl& r) {
  if (r.attempts < 1 || r.attempts > 100)
    report(diag::Diagnostic::error("E0403", "retry attempts must be between 1 and 100").at(r.attempts_span, "found " + std::to_string(r.attempts)));
  if (r.backoff_min && r.backoff_max) {
    check_duration(*r.backoff_min, 100, kDay, "the first backoff");
    check_duration(*r.backoff_max, 100, 7 * kDay, "the longest backoff");
    if (r.backoff_min->valid && r.backoff_max->valid && r.backoff_min->millis > r.backoff_max->millis)
      report(diag::Diagnostic::error("E0403", "backoff bounds are reversed")
                 .at(r.backoff_min->span, "the first wait is longer than the longest")
                 .also(r.backoff_max->span, "longest wait")
                 .with_help("write `backoff " + r.backoff_max->text + ".." + r.backoff_min->text + "`"));
  }
  if (r.then && r.then->text != "dead_letter") {
    auto d = diag::Diagnostic::error("E0403", "after the last retry a record goes to `dead_letter`, not `" + r.then->text + "`")
                 .at(r.then->span, "unknown retry outcome")
                 .note("records are never dropped: the dead-letter queue keeps them for replay");
    if (auto h = did_you_mean(r.then->text, {"dead_letter"}); !h.empty()) d.with_help(h);
    report(std::move(d));
  }
}

void Sema::check_topics(const Ident& system, const std::vector<Ident>& topics) {
  const SystemInfo* sys = find_system(system);
  if (!sys || !sys->schema || sys->schema->topics.empty()) return;
  for (auto& t : topics) {
    auto& known = sys->schema->topics;
    if (std::find(known.begin(), known.end(), t.text) != known.end()) continue;
    auto d = diag::Diagnostic::error("E0110", "`" + system.text + "` (" + sys->schema->kind + ") publishes no topic `" + t.text + "`")
                 .at(t.span, "unknown topic");
    // A suggestion only when it is a likely typo; otherwise the topics there are, for the record or the system.
    std::string resource = t.text.substr(0, t.text.find('.'));
    if (std::string close = suggest_topic(t.text, known); !close.empty()) {
      d.with_help("did you mean `" + close + "`?");
    } else if (std::string topics = topics_of(system.text + "." + resource); !topics.empty()) {
      d.note(system.text + "." + resource + " events are " + topics);
    } else {
      std::set<std::string> records;
      for (auto& k : known) records.insert(k.substr(0, k.find('.')));
      std::string list;
      for (auto& r : records) list += (list.empty() ? "" : ", ") + r;
      d.note("`" + system.text + "` publishes topics for " + list + " (`RECORD.EVENT`, e.g. `" + known.front() + "`)");
    }
    report(std::move(d));
  }
}

const schema::RecordSchema* Sema::record_for_topic(const SystemInfo& sys, std::string_view topic, std::string* name) {
  if (!sys.schema) return nullptr;
  std::string resource(topic.substr(0, topic.find('.')));
  if (const schema::RecordSchema* r = sys.schema->find_record(resource)) {
    if (name) *name = resource;
    return r;
  }
  return nullptr;
}

void Sema::check_cron(const Schedule& s) {
  std::string why;
  std::optional<CronSpec> spec = parse_cron(s.cron, why);
  if (!spec) {
    report(diag::Diagnostic::error("E0402", "invalid cron expression `" + s.cron + "`")
               .at(s.span, why)
               .note("five fields: minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\""));
  } else if (auto never = never_fires(*spec)) {
    report(diag::Diagnostic::error("E0402", "cron schedule `" + s.cron + "` never fires")
               .at(s.span, *never)
               .with_help("pick a day each listed month has (days 1-28 always exist), e.g. the 1st of the next month"));
  }
}

void Sema::check_domain(DomainDecl& d) {
  if (d.owner) find_system(*d.owner);
  std::set<std::string> flow_sources, flow_targets_records;
  std::vector<const schema::StructType*> targets;
  for (auto& f : d.flows) {
    if (program_.systems.count(f.source.system.text)) flow_sources.insert(f.source.system.text);
    if (auto* sys = find_system(f.target.system, false))
      if (auto* rec = find_record(*sys, f.target.record, false)) targets.push_back(rec->type.get());
  }
  if (!d.owner && !d.flows.empty())
    report(diag::Diagnostic::error("E0301", "domain `" + d.name.text + "` declares no owner")
               .at(d.name.span, "every domain needs a system of record")
               .with_help("add `owner SYSTEM`"));

  check_syncs(d);

  // Idempotency keys read the records flows consume.
  for (auto& e : d.idempotency) {
    Env env;
    env.scope = &program_.scopes[0];
    env.system_paths = true;
    std::vector<std::string> reads;
    env.systems_read = &reads;
    check(e.get(), env);
    require_handled(e.get(), "in an idempotency key");
    for (auto& r : reads) {
      std::string sys = r.substr(0, r.find('.'));
      if (!flow_sources.count(sys))
        report(diag::Diagnostic::error("E0308", "idempotency key reads " + r + ", which no flow of `" + d.name.text + "` consumes")
                   .at(e->span, "not a flow source"));
    }
  }
  if (d.retry) check_retry(*d.retry);

  if (d.conflict) {
    const ConflictDecl& c = *d.conflict;
    const std::vector<std::string> policies = {"owner_wins", "newest_wins", "delta_merge"};
    if (std::find(policies.begin(), policies.end(), c.policy.text) == policies.end()) {
      auto diag = diag::Diagnostic::error("E0405", "unknown conflict policy `" + c.policy.text + "`").at(c.policy.span, "not a policy")
                      .note("policies: owner_wins, newest_wins by TIMESTAMP, delta_merge on FIELDS");
      if (auto h = did_you_mean(c.policy.text, policies); !h.empty()) diag.with_help(h);
      report(std::move(diag));
    } else if (c.policy.text == "newest_wins") {
      if (!c.by) {
        report(diag::Diagnostic::error("E0405", "`newest_wins` needs `by` a timestamp").at(c.span, "which timestamp decides?")
                   .with_help("e.g. `conflict newest_wins by woo.customer.date_modified_gmt`"));
      } else {
        Env env;
        env.scope = &program_.scopes[0];
        env.system_paths = true;
        std::vector<std::string> reads;
        env.systems_read = &reads;
        TypePtr t = check(c.by.get(), env);
        if (!is_error(t) && t->kind != TypeKind::kTimestamp)
          report(diag::Diagnostic::error("E0405", "`newest_wins by` needs a timestamp, found `" + t->to_string() + "`").at(c.by->span, "not a timestamp"));
        // The timestamp must belong to a record this domain syncs, or it decides nothing.
        std::set<std::string> synced;
        for (auto& f : d.flows) {
          synced.insert(f.source.system.text + "." + f.source.record.text);
          synced.insert(f.target.system.text + "." + f.target.record.text);
        }
        for (auto& r : reads)
          if (!synced.count(r))
            report(diag::Diagnostic::error("E0405", "`newest_wins by` reads " + r + ", which no flow of `" + d.name.text + "` syncs")
                       .at(c.by->span, "not one of this domain's records"));
      }
    } else if (c.by) {
      report(diag::Diagnostic::error("E0405", "`by` only goes with `newest_wins`").at(c.by->span, "ignored by " + c.policy.text));
    }
    if (c.policy.text == "delta_merge") {
      if (c.on.empty())
        report(diag::Diagnostic::error("E0405", "`delta_merge` needs `on` the quantity fields it merges").at(c.span, "no fields")
                   .with_help("e.g. `conflict delta_merge on stock_quantity`"));
      for (auto& field : c.on) {
        const schema::FieldSchema* f = nullptr;
        for (auto* t : targets)
          if ((f = t->find(field.text))) break;
        if (!f)
          report(diag::Diagnostic::error("E0405", "`" + field.text + "` is not a field any flow of `" + d.name.text + "` writes").at(field.span, "unknown field"));
        else if (!f->type->is_numeric())
          report(diag::Diagnostic::error("E0405", "`delta_merge` adds up changes; `" + field.text + "` is a `" + f->type->to_string() + "`")
                     .at(field.span, "not a number"));
      }
    } else if (!c.on.empty()) {
      report(diag::Diagnostic::error("E0405", "`on` fields only go with `delta_merge`").at(c.on.front().span, "ignored by " + c.policy.text));
    }
    if (c.policy.text == "owner_wins" && !d.owner)
      report(diag::Diagnostic::error("E0405", "`owner_wins` in a domain without an owner").at(c.policy.span, "no owner to win"));
  }

  for (auto& r : d.reconciles) {
    if (r.schedule.kind == Schedule::Kind::kEvery) check_duration(r.schedule.every, 60 * kSecond, 31 * kDay, "a reconcile interval");
    else check_cron(r.schedule);
    for (auto& field : r.on) {
      bool found = std::any_of(targets.begin(), targets.end(), [&](auto* t) { return t->find(field.text) != nullptr; });
      if (!found) {
        std::vector<std::string> names;
        for (auto* t : targets)
          for (auto& f : t->fields) names.push_back(f.name);
        auto diag = diag::Diagnostic::error("E0104", "`" + field.text + "` is not a field of the records `" + d.name.text + "` writes")
                        .at(field.span, "cannot reconcile it");
        if (auto h = did_you_mean(field.text, names); !h.empty()) diag.with_help(h);
        report(std::move(diag));
      }
    }
  }
  for (auto& fo : d.field_owners) {
    if (const SystemInfo* sys = find_system(fo.system)) {
      if (const schema::RecordSchema* rec = find_record(*sys, fo.record)) {
        if (!rec->type->find(fo.field.text)) {
          std::vector<std::string> names;
          for (auto& f : rec->type->fields) names.push_back(f.name);
          auto diag = diag::Diagnostic::error("E0104", "unknown field `" + fo.field.text + "` on " + fo.system.text + "." + fo.record.text)
                          .at(fo.field.span, "not a field of this record");
          if (auto h = did_you_mean(fo.field.text, names); !h.empty()) diag.with_help(h);
          report(std::move(diag));
        }
      }
    }
    find_system(fo.owner);
  }
  for (auto& f : d.flows) {
    std::vector<const Expr*> filters;
    for (auto& s : d.syncs)
      if (s.when && s.record == f.source.system.text + "." + f.source.record.text) filters.push_back(s.when.get());
    check_flow(f, &d, &d.checks, filters);
  }
}

}  // namespace syncloom::frontend::detail
