// Shadow replay (shadow_replay.hpp): regroup the inbox rows of each delivery, route it with the mapping under
// test, run each domain's flows as a worker would (without writing), and compare with what was written.
#include "syncloom/core/shadow_replay.hpp"

#include <set>
#include <unordered_map>

#include <algorithm>

namespace syncloom::core {
namespace {

constexpr std::string_view kFilteredSuffix = "/filtered";

// ref() through the store, noting whether any reference was not synced (the service would wait for it).
class CountingRefs : public RefResolver {
 public:
  explicit CountingRefs(StoreRefs inner) : inner_(std::move(inner)) {}
  std::optional<interp::Value> resolve(std::string_view domain, const interp::Value& key) const override {
    auto id = inner_.resolve(domain, key);
    if (!id) ++misses;
    return id;
  }
  mutable int misses = 0;

 private:
  StoreRefs inner_;
};

// The domain an inbox row was stored for ("" for a workflow event).
std::string row_domain(const std::string& scope) {
  if (scope.starts_with("workflow/")) return {};
  if (scope.ends_with(kFilteredSuffix)) return scope.substr(0, scope.size() - kFilteredSuffix.size());
  return scope;
}

// The topics a sweep, a derived fetch and the realtime API store under: routed to one domain (route_to).
bool single_domain_origin(const std::string& topic) {
  return topic == "sweep" || topic == "derived" || topic == "realtime";
}

// What tells a delivery's rows from another's: one correlation id per delivery (one per swept or polled
// record), the record, and its payload (a hash: equal keys are then compared row by row in replay order).
std::string delivery_key(const store::RecordedEvent& e) {
  return e.correlation_id + '\x1f' + e.system + '\x1f' + e.topic + '\x1f' + e.source_id + '\x1f' +
         std::to_string(std::hash<std::string_view>{}(e.payload));
}

// What the running version did with the row's record in `domain`.
void describe_before(const store::RecordedEvent& row, const std::string& domain, ReplayedRecord& r) {
  if (row.dedupe_scope.ends_with(kFilteredSuffix)) {
    r.before = RecordedOutcome::kFiltered;
    r.before_detail = "filtered at intake";
    return;
  }
  const store::RecordedWork* last = nullptr;
  for (const store::RecordedWork& w : row.work)
    if (w.domain == domain) last = &w;  // a dead letter's replay is a later item of the same event
  r.before = RecordedOutcome::kNotWritten;
  if (!last) {
    r.before_detail = "no work item";
    return;
  }
  r.key = last->key;
  switch (last->state) {
    case store::WorkState::kPending:
    case store::WorkState::kRunning:
    case store::WorkState::kWaiting:
      r.before_detail = store::work_state_name(last->state);
      if (!last->last_error.empty()) r.before_detail += ": " + last->last_error;
      return;
    case store::WorkState::kDead:
      if (last->dead_reason == "rejected") {
        r.before = RecordedOutcome::kRejected;
        r.before_detail = last->last_error;
      } else {
        r.before_detail = "dead (" + last->dead_reason + "): " + last->last_error;
      }
      return;
    case store::WorkState::kDone:
      break;
  }
  if (last->outcome == "filtered") {
    r.before = RecordedOutcome::kFiltered;
    r.before_detail = "filtered by the worker";
  } else if (last->outcome == "synced" || last->outcome == "unchanged") {
    if (last->document) {
      r.before = RecordedOutcome::kWritten;
      r.before_document = last->document;
      if (last->outcome == "unchanged") r.before_detail = "unchanged since work item " + std::to_string(last->document_work_id);
    } else {
      r.before_detail = "written before documents were recorded";
    }
  } else if (last->outcome == "coalesced") {
    r.before_detail = "coalesced into a newer event of the key";
  } else {
    r.before_detail = last->outcome;
  }
}

}  // namespace

const char* recorded_outcome_name(RecordedOutcome outcome) {
  switch (outcome) {
    case RecordedOutcome::kWritten: return "written";
    case RecordedOutcome::kFiltered: return "filtered";
    case RecordedOutcome::kRejected: return "rejected";
    case RecordedOutcome::kNotRouted: return "not routed";
    case RecordedOutcome::kNotWritten: return "not written";
  }
  return "unknown";
}

const char* replayed_outcome_name(ReplayedOutcome outcome) {
  switch (outcome) {
    case ReplayedOutcome::kOutput: return "output";
    case ReplayedOutcome::kFiltered: return "filtered";
    case ReplayedOutcome::kRejected: return "rejected";
    case ReplayedOutcome::kNotRouted: return "not routed";
  }
  return "unknown";
}

bool ReplayedRecord::differs() const {
  if (!compared()) return false;
  if (!after_key.empty()) return true;
  switch (before) {
    case RecordedOutcome::kWritten: return after != ReplayedOutcome::kOutput || !changes.empty();
    case RecordedOutcome::kFiltered:
    case RecordedOutcome::kNotRouted: return after == ReplayedOutcome::kOutput || after == ReplayedOutcome::kRejected;
    case RecordedOutcome::kRejected: return after != ReplayedOutcome::kRejected;
    case RecordedOutcome::kNotWritten: return false;
  }
  return false;
}

ShadowReplay::ShadowReplay(std::shared_ptr<const Mapping> mapping, store::Store& store)
    : mapping_(mapping), router_(std::move(mapping)), store_(store), refs_(store) {}

store::Result<std::int64_t> ShadowReplay::run(const ReplayFilter& filter,
                                              const std::function<void(const ReplayedRecord&)>& each) {
  std::int64_t read = 0, after = 0;
  std::vector<store::RecordedEvent> pending;  // rows read, not replayed yet
  for (;;) {
    int want = filter.page;
    if (filter.limit > 0) want = static_cast<int>(std::min<std::int64_t>(want, filter.limit - read));
    std::vector<store::RecordedEvent> page;
    if (want > 0) {
      auto got = store_.recorded_events({.since = filter.since, .after_id = after, .limit = want});
      if (!got.ok()) return got.error();
      page = std::move(*got);
    }
    const bool last_page = static_cast<int>(page.size()) < want || want <= 0;
    if (!page.empty()) after = page.back().id;
    read += static_cast<std::int64_t>(page.size());
    for (auto& row : page) pending.push_back(std::move(row));
    if (pending.empty()) break;
    // A delivery's rows (one per domain) are stored together, so only the delivery of the page's last row
    // may continue on the next page: it waits for it.
    std::vector<std::string> keys, order;
    keys.reserve(pending.size());
    std::unordered_map<std::string, std::vector<const store::RecordedEvent*>> deliveries;
    for (const store::RecordedEvent& row : pending) {
      keys.push_back(delivery_key(row));
      auto [it, fresh] = deliveries.try_emplace(keys.back());
      if (fresh) order.push_back(it->first);
      it->second.push_back(&row);
    }
    const std::string held = last_page ? std::string() : keys.back();
    for (const std::string& key : order)
      if (key != held || last_page) replay_delivery(deliveries[key], filter, each);
    std::vector<store::RecordedEvent> carried;
    if (!last_page)
      for (size_t i = 0; i < pending.size(); ++i)
        if (keys[i] == held) carried.push_back(std::move(pending[i]));
    pending = std::move(carried);
    if (last_page) break;
  }
  return read;
}

void ShadowReplay::replay_delivery(const std::vector<const store::RecordedEvent*>& rows, const ReplayFilter& filter,
                                   const std::function<void(const ReplayedRecord&)>& each) {
  const store::RecordedEvent& first = *rows.front();
  // Where the version under test routes the delivery: domain -> its inbox event (with work, or filtered).
  std::map<std::string, store::Event> routed;
  std::set<std::string> filtered_new;
  auto take = [&](Routed&& r) {
    for (store::Event& e : r.events) {
      std::string domain = row_domain(e.dedupe_scope);
      if (domain.empty()) continue;
      if (e.dedupe_scope.ends_with(kFilteredSuffix)) filtered_new.insert(domain);
      routed.emplace(domain, std::move(e));
    }
    for (const std::string& d : r.filtered) filtered_new.insert(d);
  };
  std::vector<std::string> domains;  // in the order the rows name them, then the new ones
  for (const store::RecordedEvent* row : rows) {
    std::string d = row_domain(row->dedupe_scope);
    if (!d.empty() && std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
  }
  if (single_domain_origin(first.topic)) {
    for (const std::string& d : domains)
      if (auto r = router_.route_to(d, first.system, first.record, first.source_id, first.payload,
                                    {first.topic, first.dedupe_key, kPriorityBatch}, first.correlation_id))
        take(std::move(*r));
  } else {
    connectors::Event event{.topic = first.topic, .record = first.record, .id = first.source_id,
                            .dedupe_key = first.dedupe_key, .json = first.payload};
    take(router_.route(first.system, event, first.correlation_id));
  }
  for (const auto& [d, e] : routed)
    if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
  for (const std::string& d : filtered_new)
    if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);

  for (const std::string& domain : domains) {
    if (filter.domain && *filter.domain != domain) continue;
    ReplayedRecord r;
    r.event_id = first.id;
    r.received_at = first.received_at;
    r.domain = domain;
    r.source = first.system + " " + first.record + " " + first.source_id;
    const store::RecordedEvent* row = nullptr;
    for (const store::RecordedEvent* candidate : rows)
      if (row_domain(candidate->dedupe_scope) == domain) row = candidate;
    if (row) {
      r.event_id = row->id;
      describe_before(*row, domain, r);
    }
    auto it = routed.find(domain);
    const DomainPlan* plan = mapping_->plan().domain(domain);
    if (it != routed.end() && !it->second.work.empty() && plan) {
      const std::string& new_key = it->second.work.front().key;
      if (r.key.empty()) r.key = new_key;
      else if (new_key != r.key) r.after_key = new_key;
      run_domain(*plan, it->second, r);
    } else if (filtered_new.contains(domain)) {
      r.after = ReplayedOutcome::kFiltered;
    }
    if (r.key.empty() && plan) {  // filtered both times: no work item carries the key, the flow computes it
      for (const PlanFlow& flow : plan->flows)
        if (r.key.empty() && reads_system(flow, first.system)) r.key = router_.key_of(flow, first.payload);
    }
    if (r.before == RecordedOutcome::kWritten && r.after == ReplayedOutcome::kOutput)
      r.changes = document_diff(*r.before_document, *r.after_document);
    count(r);
    each(r);
  }
}

void ShadowReplay::run_domain(const DomainPlan& domain, const store::Event& routed, ReplayedRecord& r) const {
  r.after = ReplayedOutcome::kFiltered;
  for (const PlanFlow& flow : domain.flows) {
    if (!reads_system(flow, routed.system)) continue;
    CountingRefs refs(refs_.for_system(split_record(flow.info.target).system));
    RunContext context;
    context.refs = &refs;
    RecordResult result = router_.pipeline(flow.index).run(routed.payload, context);
    if (result.outcome == Outcome::kFiltered) continue;
    if (result.outcome == Outcome::kRejected) {
      r.after = ReplayedOutcome::kRejected;
      r.after_detail = (result.error_path.empty() ? "" : result.error_path + ": ") + result.error;
      if (refs.misses > 0) r.after_detail += " (a ref() not synced yet: the service would wait for it)";
      r.after_document.reset();
      return;
    }
    r.after = ReplayedOutcome::kOutput;
    r.after_document = std::move(result.output);  // the last flow's document, as the worker records it
  }
}

void ShadowReplay::count(const ReplayedRecord& r) {
  ReplaySummary& s = summaries_[r.domain];
  if (!r.compared()) {
    ++s.not_written;
    return;
  }
  ++s.compared;
  if (!r.differs()) {
    ++s.identical;
    return;
  }
  ++s.differing;
  const bool wrote_before = r.before == RecordedOutcome::kWritten;
  const bool writes_now = r.after == ReplayedOutcome::kOutput;
  if (wrote_before && !writes_now) ++(r.after == ReplayedOutcome::kRejected ? s.now_rejected : s.now_filtered);
  if (!wrote_before && writes_now) ++(r.before == RecordedOutcome::kRejected ? s.newly_accepted : s.newly_written);
  if (r.before != RecordedOutcome::kRejected && !wrote_before && r.after == ReplayedOutcome::kRejected) ++s.now_rejected;
  if (r.before == RecordedOutcome::kRejected && r.after == ReplayedOutcome::kFiltered) ++s.now_filtered;
  std::set<std::string> fields;
  for (const FieldChange& c : r.changes) fields.insert(field_class(c.path));
  if (!r.after_key.empty()) fields.insert("(key)");
  for (const std::string& f : fields) ++s.by_field[f];
}

}  // namespace syncloom::core
