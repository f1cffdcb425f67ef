// Domain sync statements: the records their topics carry, which flows they feed, schedules and filters.
#include <algorithm>
#include <set>

#include "types.hpp"

namespace syncloom::frontend::detail {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kDay = 86'400'000;

std::string flow_source(const FlowDecl& f) { return f.source.system.text + "." + f.source.record.text; }

}  // namespace

std::string Sema::topic_record(const Ident& system, const Ident& topic) {
  const SystemInfo* sys = find_system(system, false);
  if (!sys || !sys->schema) return "";
  auto& known = sys->schema->topics;
  if (std::find(known.begin(), known.end(), topic.text) == known.end()) return "";
  std::string name;
  return record_for_topic(*sys, topic.text, &name) ? system.text + "." + name : "";
}

std::string Sema::topics_of(const std::string& record) {
  auto dot = record.find('.');
  const SystemInfo* sys = find_system(Ident{record.substr(0, dot), {}}, false);
  std::string list;
  if (!sys || !sys->schema) return list;
  for (auto& t : sys->schema->topics)
    if (t.substr(0, t.find('.')) == record.substr(dot + 1)) list += (list.empty() ? "\"" : "\", \"") + t;
  return list.empty() ? list : list + "\"";
}

void Sema::check_syncs(DomainDecl& d) {
  std::set<std::string> source_systems, sources;
  for (auto& f : d.flows) {
    if (program_.systems.count(f.source.system.text)) source_systems.insert(f.source.system.text);
    sources.insert(flow_source(f));
  }
  std::set<std::string> owner_sources;
  for (auto& f : d.flows)
    if (d.owner && f.source.system.text == d.owner->text) owner_sources.insert(flow_source(f));

  std::map<std::string, Span> topics_seen;
  std::set<std::string> delivered;  // records some topic of the domain carries
  int batches = 0;
  bool unknown_topic = false;
  std::set<std::string> mismatched_systems;  // a topic of another record was reported: its flows' silence follows
  for (auto& s : d.syncs) {
    std::set<std::string> carried;  // records this statement's topics carry
    for (auto& c : s.clauses) {
      if (c.kind == SyncClause::Kind::kBatch) {
        if (++batches > 1)
          report(diag::Diagnostic::error("E0404", "domain `" + d.name.text + "` has two batch schedules").at(c.span, "second schedule")
                     .with_help("keep one `batch` schedule per domain"));
        if (c.schedule.kind == Schedule::Kind::kEvery) check_duration(c.schedule.every, kSecond, 31 * kDay, "a batch interval");
        else check_cron(c.schedule);
        continue;
      }
      check_topics(c.system, c.topics);
      bool system_read = !program_.systems.count(c.system.text) || source_systems.count(c.system.text);
      if (!system_read)
        report(diag::Diagnostic::error("E0404", "sync on " + c.system.text + " events, but no flow in `" + d.name.text + "` reads from " +
                                                    c.system.text)
                   .at(c.system.span, "these events would trigger nothing"));
      for (auto& t : c.topics) {
        auto [it, inserted] = topics_seen.emplace(c.system.text + ":" + t.text, t.span);
        if (!inserted)
          report(diag::Diagnostic::error("E0404", "topic `" + t.text + "` is subscribed twice").at(t.span, "again here").also(it->second, "first here"));
        std::string record = topic_record(c.system, t);
        if (record.empty()) {
          unknown_topic = true;  // reported by check_topics; what it would have delivered is unknown
          continue;
        }
        carried.insert(record);
        delivered.insert(record);
        // A topic carries one record; a flow of another record of the same system never sees it.
        if (system_read && !sources.count(record)) {
          mismatched_systems.insert(c.system.text);
          std::string read;
          for (auto& src : sources)
            if (src.rfind(c.system.text + ".", 0) == 0) read += (read.empty() ? "" : ", ") + src;
          auto diag = diag::Diagnostic::error("E0404", "topic `" + t.text + "` carries " + record + ", but no flow of `" + d.name.text +
                                                           "` reads " + record)
                          .at(t.span, "delivers " + record)
                          .note("the flows of `" + d.name.text + "` read " + read);
          std::string first = read.substr(0, read.find(','));
          if (std::string topics = topics_of(first); !topics.empty()) diag.with_help(first + " events are " + topics);
          report(std::move(diag));
        }
      }
    }
    // The record the statement's filter reads: the one its topics carry, else the owner flows' source.
    std::string record;
    if (!carried.empty()) record = *carried.begin();  // with several (an error below), the first reads on
    if (carried.empty() && owner_sources.size() == 1) record = *owner_sources.begin();
    if (s.when && carried.size() > 1) {
      std::string list;
      for (auto& r : carried) list += (list.empty() ? "" : " and ") + r;
      report(diag::Diagnostic::error("E0404", "one `sync ... when` filters events of two records, " + list)
                 .at(s.when->span, "which record does this read?")
                 .with_help("write one `sync` statement per record, each with its own `when`"));
    } else if (s.when && record.empty() && !d.flows.empty() && owner_sources.size() > 1) {
      report(diag::Diagnostic::error("E0404", "a batch `sync ... when` in a domain whose owner's flows read several records")
                 .at(s.when->span, "which record does this read?")
                 .with_help("filter in each flow with `flow ... when ...` instead"));
    }
    s.record = carried.size() > 1 ? "" : record;
    if (s.when) {
      Env env;
      env.scope = &program_.scopes[0];
      for (auto& f : d.flows) {
        if (flow_source(f) == record) {
          env = record_env(f.source.system, f.source.record, &program_.scopes[0]);
          break;
        }
      }
      env.allow_changed = true;
      TypePtr c = check(s.when.get(), env);
      require_handled(s.when.get(), "in a filter");
      if (!is_error(c) && c->kind != TypeKind::kBool)
        report(diag::Diagnostic::error("E0201", "`when` needs a bool, found `" + c->to_string() + "`").at(s.when->span, "not a bool"));
    }
  }
  if (lint_ && d.syncs.empty() && !d.flows.empty())
    report(diag::Diagnostic::warning("L0006", "domain `" + d.name.text + "` has flows but no `sync`; it never runs")
               .at(d.name.span, "no sync mode")
               .with_help("add e.g. `sync event on woo \"order.created\"` or `sync batch every 15m`"));
  // Events run only the flows of the record they carry; a batch sweep runs every flow.
  if (batches > 0 || d.syncs.empty() || unknown_topic) return;
  for (auto& f : d.flows) {
    std::string src = flow_source(f);
    if (!program_.systems.count(f.source.system.text) || delivered.count(src) || mismatched_systems.count(f.source.system.text)) continue;
    auto diag = diag::Diagnostic::error("E0404", "flow " + src + " -> " + f.target.system.text + "." + f.target.record.text +
                                                     " never runs: no `sync` of `" + d.name.text + "` delivers " + src)
                    .at(f.source.span, "nothing delivers this record");
    if (std::string topics = topics_of(src); !topics.empty())
      diag.with_help("subscribe to one of " + topics + " with `event on " + f.source.system.text + "`, or add a `batch` schedule");
    else
      diag.with_help("add a `batch` schedule: " + f.source.system.text + " publishes no topic for this record");
    report(std::move(diag));
  }
}

}  // namespace syncloom::frontend::detail
