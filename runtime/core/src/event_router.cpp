// Routing a reported change to the domains and workflows that listen to it (docs/runtime.md, "Intake").
#include "syncloom/core/event_router.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "syncloom/core/store_refs.hpp"

namespace syncloom::core {

namespace {

// Every ref() resolves, so a filter check at intake never fails on a reference that is not synced yet
// (the worker resolves the real ones). Ids come back as text; ref() converts them to its static type.
class PlaceholderRefs : public RefResolver {
 public:
  std::optional<interp::Value> resolve(std::string_view, const interp::Value&) const override {
    interp::Value id;
    id.v = std::string("1");
    return id;
  }
};

int priority_of(Trigger::Kind kind) {
  switch (kind) {
    case Trigger::Kind::kRealtime: return kPriorityRealtime;
    case Trigger::Kind::kEvent: return kPriorityEvent;
    case Trigger::Kind::kBatch: return kPriorityBatch;
  }
  return kPriorityEvent;
}

}  // namespace

// A JSON string `"2026-12-01T10:00:00"` (with `Z` or an offset, or none), without fractions of a second.
static bool is_whole_second_stamp(const std::string& json_text) {
  std::string_view t = json_text;
  if (t.size() < 21 || t.front() != '"' || t.back() != '"') return false;
  t = t.substr(1, t.size() - 2);
  static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd";
  if (t.size() < shape.size()) return false;
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != shape[i] && !(i == 10 && t[i] == ' '))
      return false;
  std::string_view zone = t.substr(shape.size());
  return zone.empty() || zone == "Z" || ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6);
}

std::string content_hash(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

QualifiedRecord split_record(std::string_view qualified) {
  size_t dot = qualified.find('.');
  if (dot == std::string_view::npos) return {std::string(qualified), {}};
  return {std::string(qualified.substr(0, dot)), std::string(qualified.substr(dot + 1))};
}

void Routed::append(Routed&& other) {
  for (auto& e : other.events) events.push_back(std::move(e));
  for (auto& f : other.filtered) filtered.push_back(std::move(f));
  listeners += other.listeners;
}

bool reads_system(const PlanFlow& flow, std::string_view system) {
  const std::string& source = flow.info.source;
  return source.size() > system.size() && source.compare(0, system.size(), system) == 0 && source[system.size()] == '.';
}

EventRouter::EventRouter(std::shared_ptr<const Mapping> mapping) : mapping_(std::move(mapping)) {
  for (const FlowInfo& info : mapping_->flows()) {
    std::string error;
    auto pipeline = mapping_->pipeline(info.selector(), &error);
    // Every flow of a compiled mapping has a pipeline; the selector is the mapping's own.
    pipelines_.push_back(*pipeline);
  }
}

std::string EventRouter::key_of(const PlanFlow& flow, std::string_view json) const {
  if (!flow.has_key) return {};
  Identity id = pipelines_.at(flow.index).identity(json);
  if (!id.ok || !id.key) return {};
  return store_key(*id.key);
}

std::optional<store::Event> EventRouter::domain_event(const DomainPlan& domain, const std::vector<size_t>& flows,
                                                      std::string_view system, std::string_view record,
                                                      std::string_view id, std::string_view json, const Origin& origin,
                                                      std::string_view correlation_id, bool keep_filtered,
                                                      Routed& out) const {
  if (flows.empty()) return std::nullopt;
  const PlanFlow& first = domain.flows.at(flows.front());
  const Pipeline& pipeline = pipelines_.at(first.index);

  // A record every flow filters out creates no work. Checked here, before deduplication, because a
  // domain deduplicating on the record's id alone (one completion per sale) must not spend its one
  // delivery on a version that was not eligible yet.
  bool eligible = false;
  PlaceholderRefs placeholders;
  for (size_t f : flows) {
    const PlanFlow& flow = domain.flows.at(f);
    if (!flow.has_filter || pipelines_.at(flow.index).run(json, &placeholders).outcome != Outcome::kFiltered) {
      eligible = true;
      break;
    }
  }

  store::Event event;
  event.system = std::string(system);
  event.topic = origin.topic;
  event.record = std::string(record);
  event.source_id = std::string(id);
  event.payload = std::string(json);
  event.correlation_id = std::string(correlation_id);
  if (!eligible) {
    out.filtered.push_back(domain.name);
    if (!keep_filtered) return std::nullopt;
    event.dedupe_scope = domain.name + "/filtered";
    event.dedupe_key = origin.dedupe_key;
    return event;
  }

  Identity identity = pipeline.identity(json);
  std::string key;
  if (identity.ok && identity.key) key = store_key(*identity.key);
  // A record whose key cannot be computed still gets its work item, which fails with the reason and goes
  // to the dead-letter queue; it is ordered on its own id so it holds up no other record.
  if (key.empty()) key = std::string(kUnkeyedPrefix) + std::string(system) + ":" + std::string(id);

  event.dedupe_scope = domain.name;
  event.dedupe_key = origin.dedupe_key;
  // A sweep or a reconcile repair brings a version already delivered once, on purpose: its own dedupe key
  // (the run, or what both sides hold) stands, or the mapping's idempotency key would drop it as a copy.
  if (identity.ok && !identity.idempotency.empty() && origin.topic != "sweep" && origin.topic != "reconcile") {
    std::string parts;
    for (const std::string& part : identity.idempotency) parts += (parts.empty() ? "" : "|") + part;
    event.dedupe_key = "idem:" + parts;
    // A modification stamp in whole seconds (WooCommerce's date_modified_gmt) names one version per
    // second, and two edits within a second would be one: the second dropped as a duplicate of the first.
    // With such a part, the body's hash is part of the key: copies of one delivery still deduplicate,
    // a second edit in the same second does not.
    if (std::any_of(identity.idempotency.begin(), identity.idempotency.end(), is_whole_second_stamp))
      event.dedupe_key += "#" + content_hash(json);
  }
  event.work.push_back({.domain = domain.name, .key = key, .full_state = true, .priority = origin.priority});
  return event;
}

Routed EventRouter::route(std::string_view system, const connectors::Event& event,
                          std::string_view correlation_id) const {
  Routed out;
  const SyncPlan& plan = mapping_->plan();
  for (const Listener& listener : plan.listeners(system, event.topic)) {
    ++out.listeners;
    if (listener.kind == Listener::Kind::kDomain) {
      const DomainPlan& domain = plan.domains.at(listener.domain);
      Origin origin{event.topic, event.dedupe_key, priority_of(domain.triggers.at(listener.trigger).kind)};
      if (auto e = domain_event(domain, listener.flows, system, event.record, event.id, event.json, origin,
                                correlation_id, true, out))
        out.events.push_back(std::move(*e));
      continue;
    }
    // A workflow start or await: one event per workflow, with a work item per instance key it concerns (a
    // key that cannot be computed is dead-lettered by the worker, with the reason).
    const WorkflowPlan& workflow = plan.workflows.at(listener.workflow);
    CorrelationKey key = listener.kind == Listener::Kind::kAwait
                             ? mapping_->await_key(listener.workflow, listener.step, listener.await, event.json)
                             : mapping_->instance_key(listener.workflow, event.json);
    store::WorkSpec work{.domain = std::string(kWorkflowPrefix) + workflow.name,
                         .key = key.ok ? key.text : std::string(kUnkeyedPrefix) + event.id,
                         .priority = kPriorityEvent};
    auto same = std::find_if(out.events.begin(), out.events.end(),
                             [&](const store::Event& e) { return e.dedupe_scope == work.domain; });
    if (same != out.events.end()) {
      bool known = std::any_of(same->work.begin(), same->work.end(), [&](const store::WorkSpec& w) { return w.key == work.key; });
      if (!known) same->work.push_back(std::move(work));
      continue;
    }
    store::Event e;
    e.system = std::string(system);
    e.topic = event.topic;
    e.record = event.record;
    e.source_id = event.id;
    e.payload = event.json;
    e.correlation_id = std::string(correlation_id);
    e.dedupe_scope = work.domain;
    e.dedupe_key = event.dedupe_key;
    e.work.push_back(std::move(work));
    out.events.push_back(std::move(e));
  }
  return out;
}

std::optional<Routed> EventRouter::route_to(std::string_view domain_name, std::string_view system,
                                            std::string_view record, std::string_view id, std::string_view json,
                                            const Origin& origin, std::string_view correlation_id) const {
  const DomainPlan* domain = mapping_->plan().domain(domain_name);
  if (!domain) return std::nullopt;
  std::vector<size_t> flows;
  for (size_t i = 0; i < domain->flows.size(); ++i)
    if (reads_system(domain->flows[i], system)) flows.push_back(i);
  if (flows.empty()) return std::nullopt;
  Routed out;
  out.listeners = 1;
  if (auto e = domain_event(*domain, flows, system, record, id, json, origin, correlation_id, false, out))
    out.events.push_back(std::move(*e));
  return out;
}

}  // namespace syncloom::core
