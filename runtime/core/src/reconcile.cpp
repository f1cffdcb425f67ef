// One reconciliation pass over a domain (reconcile.hpp): list the owner, map, find, compare, maybe repair.
#include "syncloom/core/reconcile.hpp"

#include <chrono>
#include <set>

#include "syncloom/core/store_refs.hpp"
#include "syncloom/stdlib/decimal.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::core {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A JSON number or a string holding one, as an exact decimal.
std::optional<sl_decimal> decimal_of(const wire::Value& v) {
  if (!v.is_number() && !v.is_string()) return std::nullopt;
  const std::string& t = v.text();
  if (t.empty()) return std::nullopt;
  sl_decimal d;
  if (sl_decimal_parse(t.c_str(), t.size(), &d) != SL_OK) return std::nullopt;
  return d;
}

std::string decimal_text(sl_decimal d) {
  char out[SL_DECIMAL_TEXT_MAX];
  size_t len = sizeof out;
  if (sl_decimal_format(d, out, &len) != SL_OK) return "?";
  return std::string(out, len);
}

// Whether the target's value is the value the flow writes: numbers (or numeric strings) as decimals,
// objects member by member over the members the flow writes, arrays element by element, the rest by text.
bool same_value(const wire::Value& wrote, const wire::Value& held) {
  if (auto a = decimal_of(wrote)) {
    auto b = decimal_of(held);
    if (!b) return false;
    sl_decimal diff;
    return sl_decimal_sub(*a, *b, &diff) == SL_OK && diff.coeff == 0;
  }
  if (wrote.is_object()) {
    if (!held.is_object()) return false;
    for (const auto& m : wrote.members()) {
      const wire::Value* h = held.find(m.first);
      if (!h ? !m.second.is_null() : !same_value(m.second, *h)) return false;
    }
    return true;
  }
  if (wrote.is_array()) {
    if (!held.is_array() || wrote.size() != held.size()) return false;
    for (size_t i = 0; i < wrote.size(); ++i)
      if (!same_value(wrote[i], held[i])) return false;
    return true;
  }
  if (wrote.is_bool()) return held.is_bool() && wrote.as_bool() == held.as_bool();
  if (wrote.is_null()) return held.is_null();
  return held.kind() == wrote.kind() && held.text() == wrote.text();
}

struct Pass {
  const ReconcileOptions& options;
  ReconcileReport& report;
  sl_decimal money{0, 0};
  void example(DriftExample e) {
    if (static_cast<int>(report.examples.size()) < options.limit_examples) report.examples.push_back(std::move(e));
  }
};

}  // namespace

std::variant<ReconcileReport, ReconcileError> Reconciler::run(const ReconcileOptions& options) const {
  const auto started = Clock::now();
  const SyncPlan& plan = router_.plan();
  const DomainPlan* domain = plan.domain(options.domain);
  if (!domain) return ReconcileError{ReconcileFailure::kUsage, "the mapping has no domain `" + options.domain + "`"};
  const PlanFlow* flow = nullptr;
  for (const PlanFlow& f : domain->flows)
    if (reads_system(f, domain->owner)) { flow = &f; break; }
  if (!flow) return ReconcileError{ReconcileFailure::kUsage, "domain " + domain->name + " has no flow from its owner"};
  auto [owner_system, owner_record] = split_record(flow->info.source);
  auto [target_system, target_record] = split_record(flow->info.target);
  auto owner_it = systems_.find(owner_system);
  auto target_it = systems_.find(target_system);
  if (owner_it == systems_.end() || target_it == systems_.end())
    return ReconcileError{ReconcileFailure::kUsage, "no connector for `" + owner_system + "` or `" + target_system + "`"};
  connectors::Connector& owner = *owner_it->second;
  connectors::Connector& target = *target_it->second;
  // Only the fields `reconcile ... on FIELDS` names, when any does.
  std::set<std::string> only;
  if (options.fields) {
    only.insert(options.fields->begin(), options.fields->end());
  } else {
    for (const Reconcile& r : domain->reconciles) {
      if (r.fields.empty()) { only.clear(); break; }  // a clause without `on`: every field
      only.insert(r.fields.begin(), r.fields.end());
    }
  }

  ReconcileReport report;
  report.domain = domain->name;
  report.owner_system = owner_system;
  report.target_system = target_system;
  Pass pass{options, report};
  double api = 0;
  auto timed = [&api](auto&& call) {
    const auto t = Clock::now();
    auto result = call();
    api += seconds_since(t);
    return result;
  };
  StoreRefs refs = StoreRefs(store_).for_system(target_system);
  std::set<std::string> owner_keys, target_ids;

  // The other side, listed once and matched in memory: a page of 100 per request instead of a request per
  // record (100,000 products: 1,000 listings, not 100,000 finds). A target that cannot list (Tryton's
  // update-only records) is read record by record; a key the listing does not show is looked up too.
  std::map<std::string, connectors::Fetched> by_id;
  std::map<std::string, std::string> id_by_key;  // the target key field's value -> id
  {
    std::string page;
    do {
      connectors::ListQuery query{.record = target_record, .page = page, .page_size = options.page_size};
      connectors::Page listed = timed([&] { return target.list(query); });
      if (!listed.outcome.ok()) {
        by_id.clear();
        id_by_key.clear();
        break;
      }
      for (connectors::Fetched& record : listed.records) {
        if (!flow->target_key.empty())
          if (auto doc = wire::parse(record.json); doc.value && doc.value->is_object())
            if (const wire::Value* k = doc.value->find(flow->target_key); k && (k->is_string() || k->is_number()))
              id_by_key.emplace(k->text(), record.id);
        record.found = true;
        std::string id = record.id;
        by_id.emplace(std::move(id), std::move(record));
      }
      page = listed.next_page;
    } while (!page.empty());
  }
  auto held_of = [&](const std::string& key, const std::optional<store::Xref>& xref) -> connectors::Fetched {
    if (xref && xref->target_system == target_system) {
      if (auto it = by_id.find(xref->target_id); it != by_id.end()) return it->second;
      // Not listed (or not listable): a get says whether it is gone.
      return timed([&] { return target.get(target_record, xref->target_id); });
    }
    if (flow->target_key.empty() || key.empty()) return {};
    if (auto it = id_by_key.find(key); it != id_by_key.end())
      if (auto rec = by_id.find(it->second); rec != by_id.end()) return rec->second;
    return timed([&] { return target.find(target_record, {flow->target_key, key}); });
  };

  std::string page;
  do {
    connectors::ListQuery query{.record = owner_record, .page = page, .page_size = options.page_size};
    connectors::Page listed = timed([&] { return owner.list(query); });
    if (!listed.outcome.ok())
      return ReconcileError{ReconcileFailure::kUnreachable, owner_system + ": listing " + owner_record + ": " +
                                                                connectors::describe(listed.outcome)};
    for (const connectors::Fetched& record : listed.records) {
      ++report.owner_records;
      RunContext context;
      context.refs = &refs;
      RecordResult mapped = router_.pipeline(flow->index).run(record.json, context);
      // The record exists on the owner's side even when the flow no longer takes it (an order completed
      // since its sync): its copy on the other side is not missing its owner.
      const std::string key = router_.key_of(*flow, record.json);
      owner_keys.insert(key);
      if (mapped.outcome == Outcome::kFiltered) { ++report.filtered; continue; }
      if (mapped.outcome == Outcome::kRejected) { ++report.rejected; continue; }
      // The other side's record: the cross-reference's, else the one whose key field holds the key.
      auto xref = store_.xref(domain->name, key);
      if (!xref.ok()) return ReconcileError{ReconcileFailure::kStore, xref.error().message};
      connectors::Fetched held = held_of(key, *xref);
      if (!held.outcome.ok())
        return ReconcileError{ReconcileFailure::kUnreachable, target_system + ": reading " + target_record + ": " +
                                                                  connectors::describe(held.outcome)};
      bool drift = false;
      if (!held.found) {
        // Nothing to compare with: a create-only or upsert flow would make it; an update flow's record
        // belongs to another domain's create, still drift to report.
        ++report.missing_in_target;
        pass.example({.key = key, .kind = "missing_in_target", .owner_id = record.id});
        drift = true;
      } else {
        target_ids.insert(held.id);
        ++report.compared;
        auto wrote = wire::parse(mapped.output);
        auto has = wire::parse(held.json);
        if (!wrote.value || !has.value || !wrote.value->is_object()) continue;
        DriftExample e{.key = key, .kind = "changed", .owner_id = record.id, .target_id = held.id};
        for (const auto& m : wrote.value->members()) {
          if (!only.empty() && !only.contains(m.first)) continue;
          static const wire::Value null_value;
          const wire::Value* h = has.value->find(m.first);
          const wire::Value& other = h ? *h : null_value;
          if (same_value(m.second, other)) continue;
          ++report.by_field[m.first];
          e.fields.push_back({.kind = FieldChange::Kind::kChanged, .path = m.first, .old_value = wire::dump(other),
                              .new_value = wire::dump(m.second)});
          // Money is what is written with a fractional part (prices, amounts: "12.30", 12.30), never a count
          // (stock 7): the owner's value less the target's, summed exactly.
          if (m.second.text().find('.') != std::string::npos || other.text().find('.') != std::string::npos)
            if (auto a = decimal_of(m.second))
              if (auto b = decimal_of(other)) {
                sl_decimal d, sum;
                if (sl_decimal_sub(*a, *b, &d) == SL_OK && sl_decimal_add(pass.money, d, &sum) == SL_OK) pass.money = sum;
              }
        }
        if (!e.fields.empty()) {
          ++report.drifted;
          pass.example(std::move(e));
          drift = true;
        }
      }
      if (drift && options.repair) {
        // Queued as the owner's record, deduplicated by what both sides hold: a second repair of the same
        // drift is a duplicate, and one after a successful repair finds no drift at all.
        auto routed = router_.route_to(domain->name, owner_system, owner_record, record.id, record.json,
                                       {"reconcile", "reconcile:" + record.id + ":" + content_hash(record.json) + ":" +
                                                         content_hash(held.json), kPriorityBatch},
                                       "reconcile-" + domain->name + "-" + record.id);
        if (routed)
          for (const store::Event& event : routed->events) {
            auto accepted = store_.accept(event);
            if (!accepted.ok()) return ReconcileError{ReconcileFailure::kStore, accepted.error().message};
            report.repairs_queued += static_cast<std::int64_t>(accepted->work_ids.size());
          }
      }
    }
    page = listed.next_page;
  } while (!page.empty());

  // The other direction: records of the target that a cross-reference of this domain names, whose owner
  // record is gone (deleted, or no longer listed). Only when the target could be listed.
  for (const auto& [id, record] : by_id) {
    if (target_ids.contains(id)) continue;
    auto x = store_.xref_by_target(target_system, id);
    if (!x.ok()) return ReconcileError{ReconcileFailure::kStore, x.error().message};
    if (!*x || (*x)->domain != domain->name || owner_keys.contains((*x)->key)) continue;
    ++report.missing_in_owner;
    pass.example({.key = (*x)->key, .kind = "missing_in_owner", .target_id = id});
  }

  report.money_difference = decimal_text(pass.money);
  report.api_seconds = api;
  report.total_seconds = seconds_since(started);
  return report;
}

std::string reconcile_report_json(const ReconcileReport& r) {
  using wire::Value;
  Value o = Value::object();
  auto set = [&o](const char* k, Value v) { o.members().push_back({k, std::move(v)}); };
  set("domain", Value::string(r.domain));
  set("owner", Value::string(r.owner_system));
  set("target", Value::string(r.target_system));
  set("owner_records", Value::integer(r.owner_records));
  set("compared", Value::integer(r.compared));
  set("filtered", Value::integer(r.filtered));
  set("rejected", Value::integer(r.rejected));
  set("drifted", Value::integer(r.drifted));
  set("missing_in_target", Value::integer(r.missing_in_target));
  set("missing_in_owner", Value::integer(r.missing_in_owner));
  set("drift_total", Value::integer(r.drift_total()));
  Value fields = Value::object();
  for (const auto& [f, n] : r.by_field) fields.members().push_back({f, Value::integer(n)});
  set("by_field", std::move(fields));
  set("money_difference", Value::number(r.money_difference));
  set("repairs_queued", Value::integer(r.repairs_queued));
  Value examples = Value::array();
  for (const DriftExample& e : r.examples) {
    Value x = Value::object();
    x.members().push_back({"key", Value::string(e.key)});
    x.members().push_back({"kind", Value::string(e.kind)});
    x.members().push_back({"owner_id", Value::string(e.owner_id)});
    x.members().push_back({"target_id", Value::string(e.target_id)});
    Value fs = Value::array();
    for (const FieldChange& c : e.fields) {
      Value f = Value::object();
      f.members().push_back({"field", Value::string(c.path)});
      f.members().push_back({"owner", Value::string(c.new_value)});
      f.members().push_back({"target", Value::string(c.old_value)});
      fs.push_back(std::move(f));
    }
    x.members().push_back({"fields", std::move(fs)});
    examples.push_back(std::move(x));
  }
  set("examples", std::move(examples));
  set("api_seconds", Value::number(std::to_string(r.api_seconds)));
  set("total_seconds", Value::number(std::to_string(r.total_seconds)));
  return wire::dump(o);
}

}  // namespace syncloom::core
