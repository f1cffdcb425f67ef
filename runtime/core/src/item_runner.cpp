// Running one work item: map the record, resolve its references (fetching a missing one when its system can
// find it), write it idempotently, and record the outcome in the store (docs/runtime.md, "Work items").
#include <algorithm>
#include <cctype>

#include "conflict.hpp"
#include "item_run.hpp"
#include "syncloom/interp/fixture_refs.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::core {

namespace {

using connectors::OutcomeKind;

connectors::WriteMode connector_mode(WriteMode mode) {
  switch (mode) {
    case WriteMode::kUpsert: return connectors::WriteMode::kUpsert;
    case WriteMode::kUpdateOnly: return connectors::WriteMode::kUpdate;
    case WriteMode::kCreateOnly: return connectors::WriteMode::kCreateIfAbsent;
  }
  return connectors::WriteMode::kUpsert;
}

// The field of `side.record` a key expression reads, for a find by key: `email` of
// `email_key(woo.customer.email)`. "" when the expression reads no single plain field.
std::string key_field(const KeySide& side) {
  if (!side.field.empty()) return side.field;
  const std::string prefix = side.record + ".";
  size_t at = side.text.find(prefix);
  if (at == std::string::npos || side.text.find(prefix, at + 1) != std::string::npos) return {};
  size_t end = at + prefix.size();
  while (end < side.text.size() && (std::isalnum(static_cast<unsigned char>(side.text[end])) || side.text[end] == '_'))
    ++end;
  if (end < side.text.size() && (side.text[end] == '.' || side.text[end] == '[')) return {};  // a nested field
  return side.text.substr(at + prefix.size(), end - at - prefix.size());
}

// The id of a record as the payload carries it (the source record's `id`).
std::string payload_id(std::string_view payload) {
  auto parsed = wire::parse(payload);
  if (!parsed.value || !parsed.value->is_object()) return {};
  const wire::Value* id = parsed.value->find("id");
  return id ? id->text() : std::string();
}

}  // namespace

Verdict ItemRun::run() {
  const SyncPlan& plan = e_.router.plan();
  if (item_.domain.starts_with(kWorkflowPrefix)) return run_workflow();
  const DomainPlan* domain = plan.domain(item_.domain);
  if (item_.domain == kMalformedDomain)
    return dead("malformed", "a verified delivery that is not a record the schema knows: " + item_.topic);
  if (!domain) return dead("unknown domain", "the mapping has no domain `" + item_.domain + "`");
  std::vector<const PlanFlow*> flows;
  for (const PlanFlow& f : domain->flows)
    if (reads_system(f, item_.system)) flows.push_back(&f);
  if (flows.empty()) return dead("no flow", "domain " + domain->name + " has no flow reading " + item_.system + " records");

  auto xref = e_.store.xref(item_.domain, item_.key);
  if (!xref.ok()) return release(e_.now() + 1000);  // the store is unwell: try again shortly, at no cost

  Verdict last;
  last.kind = Verdict::kComplete;
  last.completion.outcome = "filtered";
  for (const PlanFlow* flow : flows) {
    RecordingRefs refs(e_.refs, split_record(flow->info.target).system);
    RunContext context;
    context.refs = &refs;
    RecordResult result = e_.router.pipeline(flow->index).run(item_.payload, context);
    if (result.outcome == Outcome::kFiltered) continue;
    if (result.outcome == Outcome::kRejected) {
      std::string error = (result.error_path.empty() ? "" : result.error_path + ": ") + result.error;
      if (!refs.misses.empty()) return wait_for_refs(refs.misses, error);
      return dead("rejected", error, result.error_path);
    }
    // A sweep or a reconciliation repair writes whatever was written before: repairing what changed on the
    // target's side (a stock figure edited in the store, an order that lowered it and never reached the
    // ERP) is what they are for, and they read the record as it is now, so it is never older.
    if (*xref && item_.topic != "sweep" && item_.topic != "reconcile") {
      SyncedState written = parse_synced_state((*xref)->last_state);
      std::string version = source_version(*flow);
      const bool same_source = written.source_system == item_.system;
      // The same document as last written (a change of a field no flow reads, a repeated event): nothing
      // to do. A newer version that maps to the same document still is the newest seen: a late older
      // version must compare against it.
      if (written.output_hash == content_hash(result.output)) {
        last = unchanged(**xref);
        if (same_source && version > written.source_version) {
          written.source_version = std::move(version);
          last.completion.xref->last_state = synced_state_json(written);
        }
        continue;
      }
      // An older version than the one written (versions of one source system compare as text): skipped,
      // and audited as `stale`.
      if (same_source && !version.empty() && !written.source_version.empty() && version < written.source_version) {
        e_.metrics.counter("syncloom_stale_versions_total",
                           "Work items skipped: an older version of the source record than the one written",
                           {{"domain", item_.domain}}).add();
        last = stale(**xref, version, written.source_version);
        continue;
      }
    }
    last = write(*domain, *flow, result.output, *xref);
    if (last.kind != Verdict::kComplete) return last;
  }
  return last;
}

std::string ItemRun::source_version(const PlanFlow& flow) const {
  auto it = e_.systems.find(item_.system);
  if (it == e_.systems.end() || !it->second) return {};
  return it->second->record_version(split_record(flow.info.source).record, item_.payload);
}

Verdict ItemRun::wait_for_refs(const std::vector<std::pair<std::string, std::string>>& misses, const std::string& error) {
  const store::TimeMs now = e_.now();
  // The referenced records' syncs run next, ahead of the queue this item sits in. How many are queued
  // decides whether waiting can still help.
  int queued = 0;
  for (const auto& [domain, key] : misses)
    if (auto n = e_.store.expedite(domain, key, kPriorityExpedite); n.ok()) queued += *n;
  // The wait counts from the first miss, not from the item's arrival: time spent queued behind other
  // work is not time spent waiting for the reference. The store keeps the first miss (ref_wait_since),
  // so a restart, or another worker claiming the item, goes on with the same wait.
  const store::TimeMs first = item_.ref_wait_since > 0 ? std::min(item_.ref_wait_since, now) : now;
  const store::TimeMs waited = now - first, limit = e_.options.ref_wait.count();
  // The referenced record's own event usually arrives within seconds (a customer's webhook before the
  // order's); fetch it from its system only when it has not.
  if (waited >= std::min<int64_t>(5000, limit / 4))
    for (const auto& [domain, key] : misses) derive(domain, key);
  if ((waited >= limit && queued == 0) || waited >= 3 * limit)
    return dead("unresolved reference",
                error + " (waited " + std::to_string(waited / 1000) + " s, ref_wait is " + std::to_string(limit / 1000) +
                    " s" + (queued ? ", the referenced record is queued but did not sync" : "") + ")");
  e_.metrics.counter("syncloom_ref_waits_total", "Work items that waited for a reference to another domain",
                     {{"domain", item_.domain}}).add();
  store::TimeMs delay = std::clamp<store::TimeMs>(waited / 4, 250, 10'000);
  Verdict v = release(now + delay);
  v.ref_wait_since = first;
  return v;
}

// A reference to a record not synced yet: when the referenced domain's owner can find the record by the
// domain key (a registered customer whose webhook was lost), fetch it and queue its sync ahead of this item.
void ItemRun::derive(const std::string& domain_name, const std::string& key) {
  const DomainPlan* domain = e_.router.plan().domain(domain_name);
  if (!domain || !domain->key) return;
  const KeySide& side = domain->key->source;
  auto it = e_.systems.find(side.system);
  std::string field = key_field(side);
  if (it == e_.systems.end() || field.empty()) return;
  {
    std::lock_guard lock(e_.mutex);
    if (!e_.derived.insert(domain_name + '\x1f' + key).second) return;
  }
  auto [system, record] = split_record(side.record);
  connectors::Fetched found = it->second->find(record, {field, key});
  if (!found.outcome.ok() || !found.found) {
    e_.log.info("reference not found at its source", {{"domain", domain_name}, {"key", key}, {"record", side.record}},
                item_.correlation_id);
    return;
  }
  auto routed = e_.router.route_to(domain_name, system, record, found.id, found.json,
                                   {"derived", "derived:" + found.id + ":" + content_hash(found.json), kPriorityExpedite},
                                   item_.correlation_id);
  if (!routed) return;
  for (const store::Event& event : routed->events) {
    auto accepted = e_.store.accept(event);
    if (accepted.ok())
      e_.log.info("queued the sync of a referenced record", {{"domain", domain_name}, {"key", key}, {"id", found.id}},
                  item_.correlation_id);
  }
  // As SyncEngine::wake(): an idle worker waits for the generation to move, so a bare notify would not wake it.
  std::lock_guard lock(e_.mutex);
  ++e_.wake_generation;
  e_.wakeup.notify_all();
}

// An update whose target key is no plain field (a shipment's sale reference names the order only through
// order_ref(woo.order.id)): the domain keyed the other way round knows the record's id in the target system.
std::string ItemRun::peer_target_id(const DomainPlan& domain, std::string_view target_system) {
  if (!domain.key) return {};
  for (const DomainPlan& peer : e_.router.plan().domains) {
    if (&peer == &domain || !peer.key || peer.owner != target_system) continue;
    if (peer.key->source.text != domain.key->target.text || peer.key->target.text != domain.key->source.text) continue;
    auto x = e_.store.xref(peer.name, item_.key);
    if (!x.ok() || !*x) continue;
    std::string id = parse_synced_state((*x)->last_state).source_id;
    if (!id.empty()) return id;
  }
  return {};
}

Verdict ItemRun::write(const DomainPlan& domain, const PlanFlow& flow, const std::string& output,
                       const std::optional<store::Xref>& xref) {
  auto [target_system, target_record] = split_record(flow.info.target);
  auto it = e_.systems.find(target_system);
  if (it == e_.systems.end()) return dead("no connector", "no system `" + target_system + "` is configured");
  connectors::Connector& connector = *it->second;

  connectors::WriteRequest request;
  request.record = target_record;
  request.mode = connector_mode(flow.write);
  request.json = output;
  request.correlation_id = item_.correlation_id;
  request.idempotency_key = item_.domain + ":" + item_.key + ":" + std::to_string(item_.event_id);
  bool keyed = !item_.key.empty() && !item_.key.starts_with(kUnkeyedPrefix);
  if (!flow.target_key.empty() && keyed) request.key = {flow.target_key, item_.key};
  if (xref && xref->target_system == target_system) {
    // Created once already: a `create` flow never changes it; the others update that record.
    if (flow.write == WriteMode::kCreateOnly) return unchanged(*xref);
    request.id = xref->target_id;
  }
  if (request.mode == connectors::WriteMode::kUpdate && request.id.empty() && request.key.field.empty()) {
    request.id = peer_target_id(domain, target_system);
    if (request.id.empty())
      return wait_for_refs({}, "no " + flow.info.target + " is known for key " + item_.key + " (not synced yet)");
  }

  std::string detail;
  if (xref && !request.id.empty())
    if (auto decided = apply_conflict_policy(domain, flow, connector, *xref, output, request, detail)) return *decided;

  CircuitBreaker* breaker = e_.breaker(target_system);
  if (breaker && !breaker->allow(CircuitBreaker::Clock::now())) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(breaker->retry_at() - CircuitBreaker::Clock::now());
    return release(e_.now() + std::max<int64_t>(wait.count(), 200));
  }
  connectors::Written written = connector.write(request);
  const connectors::Outcome& o = written.outcome;
  store::OutboxAttempt attempt{.system = target_system, .outcome = connectors::outcome_kind_name(o.kind),
                               .message = o.ok() ? (written.created ? "created" : "updated") : connectors::describe(o),
                               .target_id = written.id, .document = output};
  if (auto down = report_to_breaker(breaker, o, target_system)) return *down;
  if (!o.ok()) return failed(o, target_system, request.mode == connectors::WriteMode::kUpdate, {attempt});
  Verdict v;
  v.attempts.push_back(attempt);
  v.kind = Verdict::kComplete;
  store::Xref x;
  x.target_system = target_system;
  x.target_id = written.id;
  // The hash is of the document as mapped, not as merged: the same source version is "unchanged" next time.
  x.last_state = synced_state_json({item_.system, payload_id(item_.payload), content_hash(output), written.version,
                                    merge_base_of(domain.conflict, output), source_version(flow)});
  v.completion.xref = std::move(x);
  v.completion.target_id = written.id;
  v.completion.attempts = v.attempts;
  v.completion.detail = std::move(detail);
  return v;
}

// A conflict policy other than owner_wins reads the target's record as it is now and decides: keep the
// target's newer change (done, "kept"), or write, with delta_merge fields merged into `request.json`.
// Nullopt: go on and write.
std::optional<Verdict> ItemRun::apply_conflict_policy(const DomainPlan& domain, const PlanFlow& flow,
                                                      connectors::Connector& connector, const store::Xref& xref,
                                                      const std::string& output, connectors::WriteRequest& request,
                                                      std::string& detail) {
  if (domain.conflict.kind == ConflictPolicy::Kind::kOwnerWins) return std::nullopt;
  const std::string target_system = split_record(flow.info.target).system;
  connectors::Fetched current = connector.get(request.record, request.id);
  if (!current.outcome.ok()) return failed(current.outcome, target_system, false, {});
  if (!current.found) return std::nullopt;  // gone: the write decides (an update fails, an upsert creates)
  const SyncedState last = parse_synced_state(xref.last_state);
  ConflictResolution r = resolve_conflict({.policy = domain.conflict, .last = last, .source_record = flow.info.source,
                                           .source_payload = item_.payload, .output = output, .target = current,
                                           .source_changed_ms = item_.created_at});
  switch (r.kind) {
    case ConflictResolution::Kind::kInvalid:
      return dead("conflict", std::string(conflict_kind_name(domain.conflict.kind)) + ": " + r.detail);
    case ConflictResolution::Kind::kKeepTarget: {
      Verdict v;
      v.kind = Verdict::kComplete;
      store::Xref kept = xref;
      // The target's version is recorded as seen: the source's next change is newer than it, and wins.
      kept.last_state = synced_state_json({last.source_system.empty() ? item_.system : last.source_system,
                                           payload_id(item_.payload), content_hash(output), current.version,
                                           last.merge_base, last.source_version});
      v.completion.xref = std::move(kept);
      v.completion.target_id = xref.target_id;
      v.completion.outcome = "kept";
      v.completion.detail = std::move(r.detail);
      e_.log.info("conflict: kept the target's newer change", {{"domain", item_.domain}, {"key", item_.key},
                                                                {"target_id", xref.target_id}}, item_.correlation_id);
      return v;
    }
    case ConflictResolution::Kind::kWrite:
      request.json = std::move(r.document);
      detail = std::move(r.detail);
      return std::nullopt;
  }
  return std::nullopt;
}

// Nothing reached the system (refused, reset, unresolved, timed out: no HTTP answer). Such a failure costs
// an item an attempt only when the system had answered since its previous failure, so that a payload which
// itself brings the server down still runs out of attempts. During an outage, and after a restart into one
// (a new breaker has seen no answer), the item is released at no cost: an outage of any length spends no
// retry policy, and the breaker, opening after a few of these, keeps the group from claiming meanwhile.
std::optional<Verdict> ItemRun::report_to_breaker(CircuitBreaker* breaker, const connectors::Outcome& o,
                                                  const std::string& target_system) {
  if (!breaker) return std::nullopt;
  const auto now = CircuitBreaker::Clock::now();
  if (o.kind != OutcomeKind::kRetryable || o.throttled) {
    breaker->success(now);  // the system answered: it is up
    return std::nullopt;
  }
  const bool was_up = breaker->failure(now);
  const bool unreachable = o.http_status == 0 && (o.code == "connect" || o.code == "resolve" || o.code == "timeout");
  if (was_up || !unreachable) return std::nullopt;
  e_.metrics.counter("syncloom_connector_unreachable_total",
                     "Writes that found the system unreachable during an outage (no attempt charged)",
                     {{"system", target_system}}).add();
  e_.log.warn("system unreachable, waiting", {{"system", target_system}, {"domain", item_.domain},
                                              {"key", item_.key}, {"error", connectors::describe(o)}},
              item_.correlation_id);
  // Open: until its probe. Not yet open: a second, jittered so the workers do not come back together.
  int64_t wait = 1000 + static_cast<int64_t>(e_.next_random() % 1000);
  if (breaker->state(now) == CircuitState::kOpen)
    wait = std::max<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(breaker->retry_at() - now).count(), 200);
  return release(e_.now() + wait);
}

// A write (or the read before it) that did not succeed: throttled, retryable, refused.
Verdict ItemRun::failed(const connectors::Outcome& o, const std::string& target_system, bool update,
                        std::vector<store::OutboxAttempt> attempts) {
  Verdict v;
  v.attempts = std::move(attempts);
  v.field = o.field;
  switch (o.kind) {
    case OutcomeKind::kOk: break;
    case OutcomeKind::kRetryable:
      if (o.throttled) {
        e_.metrics.counter("syncloom_connector_throttled_total", "Answers asking syncloom to slow down",
                           {{"system", target_system}}).add();
        // The whole connector slows down: its group claims nothing until the wait is over.
        std::chrono::milliseconds wait = o.retry_after ? *o.retry_after : std::chrono::milliseconds(1000);
        e_.pause(target_system, wait);
        v.kind = Verdict::kRelease;
        v.not_before = e_.now() + wait.count();
        return v;
      }
      [[fallthrough]];
    case OutcomeKind::kAuth:
      v.kind = Verdict::kRetry;
      v.reason = o.kind == OutcomeKind::kAuth ? "auth" : "retryable";
      v.error = connectors::describe(o);
      return v;
    case OutcomeKind::kPermanent:
      // An update whose record does not exist yet: the domain that creates it has not synced it (stock
      // for a product the products domain is still creating). Waits like a reference, then dead-letters.
      if (o.code == "not_found" && update) {
        Verdict wait = wait_for_refs({}, connectors::describe(o));
        wait.attempts = v.attempts;
        return wait;
      }
      v.kind = Verdict::kDead;
      v.reason = "permanent";
      v.error = connectors::describe(o);
      return v;
  }
  return v;
}


void SyncEngine::Impl::run_item(const store::WorkItem& item) {
  Verdict v = ItemRun(*this, item).run();
  const DomainPlan* domain = router.plan().domain(item.domain);
  const RetryPolicy policy = v.policy ? *v.policy : domain ? domain->retry : RetryPolicy{};
  const Labels labels{{"domain", item.domain}};
  ItemOutcome outcome;
  outcome.error = v.error;
  outcome.error_field = v.field;
  store::Result<store::Transition> t = store::Transition::kApplied;
  {
    std::lock_guard lock(mutex);  // no heartbeat for an item about to leave the running state
    in_flight.erase(item.id);
  }

  if (v.kind == Verdict::kRetry && item.attempt >= policy.attempts) {
    v.kind = Verdict::kDead;
    v.reason = "retries exhausted";
    v.error = "after " + std::to_string(item.attempt) + " attempts: " + v.error;
  }
  switch (v.kind) {
    case Verdict::kComplete: {
      v.completion.mapping = router.plan().mapping;
      v.completion.mapping_version = std::to_string(router.plan().version);
      if (item.topic == "reconcile") v.completion.actor = "reconcile";  // a repair: audited as the reconciler's
      t = store.complete(item.id, item.generation, v.completion);
      outcome.state = "done";
      outcome.outcome = v.completion.outcome;
      if (v.completion.xref) outcome.target_id = v.completion.xref->target_id;
      if (t.ok() && *t == store::Transition::kApplied) {
        metrics.counter("syncloom_records_" + v.completion.outcome + "_total", "Work items done, by outcome", labels).add();
        if (v.completion.outcome == "synced") {
          metrics.histogram("syncloom_event_to_document_seconds", "From an event's arrival to its document written",
                            Metrics::latency_buckets(), labels)
              .observe(static_cast<double>(now() - item.created_at) / 1000.0);
          log.info("synced", {{"domain", item.domain}, {"key", item.key}, {"target_id", outcome.target_id},
                              Field::number("attempt", item.attempt)}, item.correlation_id);
        }
      }
      break;
    }
    case Verdict::kRetry: {
      auto delay = retry_delay_ms(policy, item.attempt, next_random());
      t = store.fail(item.id, item.generation, {.error = v.error, .reason = v.reason, .retry_at = now() + delay,
                                                  .attempts = v.attempts});
      metrics.counter("syncloom_records_retried_total", "Failed attempts that will be retried", labels).add();
      log.warn("retrying", {{"domain", item.domain}, {"key", item.key}, {"error", v.error},
                            Field::number("attempt", item.attempt), Field::number("delay_ms", delay)},
               item.correlation_id);
      return;  // not finished: the realtime caller keeps waiting (or times out)
    }
    case Verdict::kRelease:
      t = store.release(item.id, item.generation, v.not_before, v.counts_attempt, v.ref_wait_since);
      return;
    case Verdict::kDead: {
      t = store.fail(item.id, item.generation, {.error = v.error, .reason = v.reason, .attempts = v.attempts});
      outcome.state = "dead";
      outcome.outcome = v.reason;
      if (t.ok() && *t == store::Transition::kApplied) {
        metrics.counter("syncloom_records_dead_lettered_total", "Work items sent to the dead-letter queue",
                        {{"domain", item.domain}, {"reason", v.reason}}).add();
        if (v.reason == "rejected" || v.reason == "permanent")
          metrics.counter("syncloom_records_rejected_total", "Records the mapping or the target refused", labels).add();
        log.error("dead-lettered", {{"domain", item.domain}, {"key", item.key}, {"reason", v.reason}, {"error", v.error}},
                  item.correlation_id);
      }
      break;
    }
  }
  if (!t.ok()) {
    log.error("store transition failed", {{"domain", item.domain}, {"key", item.key}, {"error", t.error().message}},
              item.correlation_id);
    return;
  }
  if (*t == store::Transition::kLost) {
    log.warn("lost the lease before finishing; another worker has the item", {Field::number("work_id", item.id)},
             item.correlation_id);
    return;
  }
  finished(item, outcome);
}

}  // namespace syncloom::core
