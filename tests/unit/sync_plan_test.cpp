// The sync plan (syncloom/sync_plan.hpp): every shipped mapping's domains and workflows with the values their
// files write, a mapping of every clause and default, topic listeners, and key sides.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "syncloom/syncloom.hpp"

namespace {

const std::string kRoot = SYNCLOOM_SOURCE_DIR;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::shared_ptr<const syncloom::Mapping> compile(const std::string& path) {
  auto r = syncloom::compile_file(path);
  INFO(r.diagnostics);
  REQUIRE(r.mapping);
  return r.mapping;
}

/// The names a file declares with `KEYWORD NAME` at the start of a line, read from its text (not the compiler).
std::vector<std::string> declared(const std::string& text, const std::string& keyword) {
  std::vector<std::string> names;
  std::regex re("^" + keyword + " ([A-Za-z_][A-Za-z0-9_]*)");
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (std::smatch m; std::regex_search(line, m, re)) names.push_back(m[1]);
  return names;
}

std::vector<std::string> names_of(const auto& list) {
  std::vector<std::string> out;
  for (const auto& x : list) out.push_back(x.name);
  return out;
}

/// The top-level `KEYWORD NAME { ... }` blocks of a file by name: their lines, up to the closing `}` line.
std::map<std::string, std::vector<std::string>> blocks(const std::string& text, const std::string& keyword) {
  std::map<std::string, std::vector<std::string>> out;
  std::regex head("^" + keyword + " ([A-Za-z_][A-Za-z0-9_]*) \\{");
  std::vector<std::string>* current = nullptr;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (std::smatch m; std::regex_search(line, m, head)) current = &out[m[1]];
    else if (line == "}") current = nullptr;
    else if (current) current->push_back(line);
  }
  return out;
}

/// The first capture of `pattern` on each line that matches it.
std::vector<std::string> captures(const std::vector<std::string>& lines, const std::string& pattern) {
  std::vector<std::string> out;
  std::regex re(pattern);
  for (const auto& line : lines)
    if (std::smatch m; std::regex_search(line, m, re)) out.push_back(m.size() > 1 ? std::string(m[1]) : std::string());
  return out;
}

using syncloom::Listener;
using syncloom::Trigger;

}  // namespace

TEST_CASE("every shipped mapping's plan has its domains, workflows, flows and topics", "[plan]") {
  size_t mappings = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kRoot + "/mappings")) {
    if (entry.path().extension() != ".loom") continue;
    ++mappings;
    INFO(entry.path().string());
    auto mapping = compile(entry.path().string());
    const syncloom::SyncPlan& plan = mapping->plan();
    std::string text = read(entry.path().string());
    CHECK(names_of(plan.domains) == declared(text, "domain"));
    CHECK(names_of(plan.workflows) == declared(text, "workflow"));
    // Every flow of the mapping appears once, at its index, under its domain or workflow step.
    std::vector<size_t> seen(mapping->flows().size(), 0);
    auto check_flows = [&](const std::vector<syncloom::PlanFlow>& flows, const std::string& owner) {
      for (const auto& f : flows) {
        REQUIRE(f.index < mapping->flows().size());
        ++seen[f.index];
        CHECK(f.info.selector() == mapping->flows()[f.index].selector());
        CHECK(f.info.domain == owner);
        CHECK(mapping->pipeline(f.info.selector()));
      }
    };
    for (const auto& d : plan.domains) check_flows(d.flows, d.name);
    for (const auto& w : plan.workflows)
      for (const auto& s : w.steps) check_flows(s.flows, w.name + "." + s.name);
    CHECK(seen == std::vector<size_t>(mapping->flows().size(), 1));
    // Mapping::systems() is the plan's, and every topic it lists has a listener that names it.
    CHECK(&mapping->systems() == &plan.systems);
    for (const auto& system : plan.systems)
      for (const auto& topic : system.topics) {
        INFO(system.name << " " << topic);
        auto listeners = plan.listeners(system.name, topic);
        CHECK(!listeners.empty());
        for (const auto& l : listeners)
          if (l.kind == Listener::Kind::kDomain) {
            const auto& t = plan.domains[l.domain].triggers[l.trigger];
            CHECK(t.system == system.name);
            CHECK(std::find(t.topics.begin(), t.topics.end(), topic) != t.topics.end());
          }
      }
    // The policies hold what the language allows (E0401, E0403): the plan never invents a wait.
    for (const auto& d : plan.domains) {
      CHECK((d.retry.attempts >= 1 && d.retry.attempts <= 100));
      CHECK(d.retry.backoff_min_ms <= d.retry.backoff_max_ms);
      for (const auto& t : d.triggers) CHECK(t.schedule.has_value() == (t.kind == Trigger::Kind::kBatch));
    }
  }
  CHECK(mappings >= 5);
}

TEST_CASE("every shipped mapping's policies are the ones its text writes", "[plan]") {
  for (const auto& entry : std::filesystem::directory_iterator(kRoot + "/mappings")) {
    if (entry.path().extension() != ".loom") continue;
    auto mapping = compile(entry.path().string());
    const syncloom::SyncPlan& plan = mapping->plan();
    std::string text = read(entry.path().string());
    // Read from the text with patterns, not through the compiler: the lines each statement starts.
    CHECK(blocks(text, "domain").size() == plan.domains.size());
    for (const auto& [name, lines] : blocks(text, "domain")) {
      INFO(entry.path().filename().string() << " domain " << name);
      const syncloom::DomainPlan* d = plan.domain(name);
      REQUIRE(d);
      auto owner = captures(lines, "^  owner ([a-z_]+)");
      CHECK(d->owner == (owner.empty() ? "" : owner[0]));
      size_t statements = d->triggers.empty() ? 0 : d->triggers.back().statement + 1;
      CHECK(statements == captures(lines, "^  sync ").size());
      CHECK(d->reconciles.size() == captures(lines, "^  reconcile ").size());
      CHECK(d->field_owners.size() == captures(lines, "^  field ").size());
      CHECK(d->flows.size() == captures(lines, "^  flow ").size());
      CHECK(d->checks == captures(lines, "^  check ").size());
      auto retry = captures(lines, "^  retry ([0-9]+)");
      CHECK(d->retry.declared == !retry.empty());
      if (!retry.empty()) CHECK(d->retry.attempts == std::stoll(retry[0]));
      CHECK(d->retry.backoff_declared == !captures(lines, "^  retry [0-9]+ backoff ").empty());
      auto conflict = captures(lines, "^  conflict ([a-z_]+)");
      CHECK(conflict_kind_name(d->conflict.kind) == (conflict.empty() ? std::string("owner_wins") : conflict[0]));
      CHECK(d->idempotency.empty() == captures(lines, "^  idempotency ").empty());
    }
    for (const auto& [name, lines] : blocks(text, "workflow")) {
      INFO(entry.path().filename().string() << " workflow " << name);
      const syncloom::WorkflowPlan* w = plan.workflow(name);
      REQUIRE(w);
      std::vector<std::string> steps;
      size_t awaits = 0;
      for (const auto& s : w->steps) {
        steps.push_back(s.name);
        awaits += s.awaits.size();
      }
      CHECK(steps == captures(lines, "^  step ([a-z_]+)"));
      CHECK(awaits == captures(lines, "^    await ").size());
      CHECK(w->retry.declared == !captures(lines, "^  retry ").empty());
    }
  }
}

TEST_CASE("woocommerce-tryton's orders domain and returns workflow carry what the file writes", "[plan]") {
  auto mapping = compile(kRoot + "/mappings/woocommerce-tryton.loom");
  const syncloom::SyncPlan& plan = mapping->plan();
  CHECK(plan.mapping == "woocommerce_tryton");
  const syncloom::DomainPlan* orders = plan.domain("orders");
  REQUIRE(orders);
  CHECK(orders->owner == "woo");
  REQUIRE(orders->key);
  CHECK(orders->key->source.record == "woo.order");
  CHECK(orders->key->source.text == "order_ref(woo.order.id)");
  CHECK(orders->key->source.field.empty());  // a function of the id, not a plain field
  CHECK(orders->key->target.record == "erp.salesOrder");
  CHECK(orders->key->target.field == "reference");
  REQUIRE(orders->triggers.size() == 1);
  const Trigger& t = orders->triggers[0];
  CHECK(t.kind == Trigger::Kind::kRealtime);
  CHECK(t.system == "woo");
  CHECK(t.topics == std::vector<std::string>{"order.created", "order.updated"});
  CHECK(t.has_filter);
  CHECK(t.filter_text == R"(status in ["processing", "on-hold"])");
  CHECK(t.filter_record == "woo.order");
  CHECK(orders->idempotency == std::vector<std::string>{"woo.order.id", "woo.order.date_modified_gmt"});
  CHECK(orders->retry.declared);
  CHECK(orders->retry.attempts == 6);
  CHECK(orders->retry.backoff_min_ms == 2'000);
  CHECK(orders->retry.backoff_max_ms == 600'000);
  CHECK(orders->retry.text == "retry 6 backoff 2s..10m then dead_letter");
  CHECK(!orders->conflict.declared);
  CHECK(orders->conflict.kind == syncloom::ConflictPolicy::Kind::kOwnerWins);
  CHECK(orders->checks == 1);
  REQUIRE(orders->flows.size() == 1);
  const syncloom::PlanFlow& f = orders->flows[0];
  CHECK(f.info.selector() == "orders:woo.order->erp.salesOrder");
  CHECK(f.write == syncloom::WriteMode::kUpsert);
  CHECK(f.target_key == "reference");
  CHECK(f.has_key);
  CHECK(f.idempotency_parts == 2);
  CHECK(f.has_filter);

  const syncloom::WorkflowPlan* returns = plan.workflow("returns");
  REQUIRE(returns);
  CHECK(returns->start.system == "woo");
  CHECK(returns->start.topics == std::vector<std::string>{"order.updated"});
  CHECK(returns->start.record == "woo.order");
  CHECK(returns->start.filter_text == R"(changed(refunds) and len(refunds) > 0)");
  CHECK(returns->key.text == "id");
  CHECK(returns->key.declared);
  CHECK(returns->key.type == "int");
  CHECK(returns->retry.text == "retry 8 backoff 5s..30m then dead_letter");
  std::vector<std::string> steps;
  for (const auto& s : returns->steps) steps.push_back(s.name);
  CHECK(steps == std::vector<std::string>{"refund", "receive"});
  REQUIRE(returns->steps.size() == 2);
  REQUIRE(returns->steps[0].checks.size() == 1);
  CHECK(returns->steps[0].checks[0].message == "the order never reached Tryton: there is no sale to return");
  REQUIRE(returns->steps[0].awaits.size() == 1);
  const syncloom::Await& refund = returns->steps[0].awaits[0];
  CHECK(refund.event.record == "woo.refund");
  CHECK(refund.by_text == "parent_id");
  CHECK(refund.event.filter_text == "id in start.refunds.id");
  CHECK(refund.event.filter_reads_start);
  CHECK(refund.timeout_ms == 3'600'000);
  REQUIRE(returns->steps[0].flows.size() == 1);
  CHECK(returns->steps[0].flows[0].info.selector() == "returns.refund:woo.refund->erp.salesOrder");
  CHECK(!returns->steps[0].flows[0].has_key);  // a workflow flow has no domain key
  CHECK(returns->steps[0].flows[0].reads_start);
  REQUIRE(returns->steps[1].awaits.size() == 1);
  const syncloom::Await& receive = returns->steps[1].awaits[0];
  CHECK(receive.event.system == "erp");
  CHECK(receive.event.topics == std::vector<std::string>{"returnOrder.done"});
  CHECK(receive.by_text == R"(regex_capture(sale_reference ?? "", "^WOO-R-(?<order>[0-9]+)-[0-9]+$").order)");
  CHECK(!receive.event.filter_reads_start);
  CHECK(receive.timeout_ms == 14LL * 86'400'000);
  for (const auto& s : returns->steps) CHECK(s.retry.text == returns->retry.text);  // no step declares its own

  // "order.updated" on woo: the domains of order records and the returns workflow's start.
  std::set<std::string> domains;
  bool starts_returns = false;
  for (const auto& l : plan.listeners("woo", "order.updated")) {
    if (l.kind == Listener::Kind::kDomain) {
      domains.insert(plan.domains[l.domain].name);
      for (size_t i : l.flows) CHECK(plan.domains[l.domain].flows[i].info.source == "woo.order");
    }
    if (l.kind == Listener::Kind::kWorkflowStart) starts_returns = plan.workflows[l.workflow].name == "returns";
  }
  CHECK(domains.count("orders") == 1);
  CHECK(starts_returns);
  CHECK(plan.listeners("woo", "coupon.created").empty());
  CHECK(plan.listeners("erp", "order.updated").empty());  // the topic of another system
}

TEST_CASE("a mapping of every clause: triggers, schedules, policies, defaults and steps", "[plan]") {
  auto mapping = compile(kRoot + "/tests/data/sync_plan/every_clause.loom");
  const syncloom::SyncPlan& plan = mapping->plan();
  CHECK(plan.version == 7);

  const auto* customers = plan.domain("customers");
  REQUIRE(customers);
  CHECK(customers->key->source.text == "lower(woo.customer.email)");
  CHECK(customers->key->target.field == "code");
  CHECK(customers->triggers[0].kind == Trigger::Kind::kEvent);
  // `retry 3` alone: three attempts with the default backoff.
  CHECK(customers->retry.declared);
  CHECK(!customers->retry.backoff_declared);
  CHECK(customers->retry.attempts == 3);
  CHECK(customers->retry.backoff_min_ms == 1'000);
  CHECK(customers->retry.backoff_max_ms == 300'000);
  CHECK(customers->conflict.kind == syncloom::ConflictPolicy::Kind::kNewestWins);
  CHECK(customers->conflict.by_record == "woo.customer");
  CHECK(customers->conflict.by_path == "date_modified_gmt");

  const auto* guests = plan.domain("guests");
  REQUIRE(guests);
  CHECK(guests->flows[0].write == syncloom::WriteMode::kCreateOnly);
  CHECK(guests->flows[0].target_key == "code");
  // No retry, no conflict: the documented defaults.
  CHECK(!guests->retry.declared);
  CHECK(guests->retry.text == "retry 5 backoff 1s..5m then dead_letter");
  CHECK(!guests->conflict.declared);
  CHECK(guests->conflict.kind == syncloom::ConflictPolicy::Kind::kOwnerWins);

  const auto* orders = plan.domain("orders");
  REQUIRE(orders);
  REQUIRE(orders->triggers.size() == 3);
  // One statement's clauses share its filter (the comment after it is not part of it); the next has none.
  CHECK(orders->triggers[0].kind == Trigger::Kind::kRealtime);
  CHECK(orders->triggers[1].kind == Trigger::Kind::kBatch);
  CHECK(orders->triggers[1].schedule->kind == syncloom::Schedule::Kind::kEvery);
  CHECK(orders->triggers[1].schedule->every_ms == 15 * 60'000);
  CHECK(orders->triggers[1].schedule->text == "15m");
  for (int i : {0, 1}) {
    CHECK(orders->triggers[size_t(i)].statement == 0);
    CHECK(orders->triggers[size_t(i)].filter_text == R"(status in ["processing", "completed"] and changed(status))");
  }
  CHECK(orders->triggers[2].statement == 1);
  CHECK(orders->triggers[2].system == "erp");
  CHECK(!orders->triggers[2].has_filter);
  REQUIRE(orders->field_owners.size() == 1);
  CHECK(orders->field_owners[0].record == "woo.order");
  CHECK(orders->field_owners[0].field == "status");
  CHECK(orders->field_owners[0].owner == "erp");
  CHECK(orders->conflict.declared);
  REQUIRE(orders->reconciles.size() == 1);
  CHECK(orders->reconciles[0].schedule.cron == "30 3 * * *");
  CHECK(orders->reconciles[0].fields.empty());
  REQUIRE(orders->flows.size() == 2);
  CHECK(orders->flows[1].write == syncloom::WriteMode::kUpdateOnly);
  CHECK(!orders->flows[1].has_key);  // erp.shipment is on neither side of the key
  CHECK(orders->flows[1].idempotency_parts == 0);
  // Shipments run the update flow only; order events run the order flow only.
  auto shipment = plan.listeners("erp", "shipment.done");
  REQUIRE(shipment.size() == 1);
  CHECK(shipment[0].flows == std::vector<size_t>{1});

  const auto* inventory = plan.domain("inventory");
  REQUIRE(inventory);
  CHECK(inventory->key->source.record == "erp.inventoryItem");  // the owner's side
  CHECK(inventory->triggers[1].schedule->kind == syncloom::Schedule::Kind::kCron);
  CHECK(inventory->triggers[1].schedule->cron == "*/30 * * * *");
  CHECK(inventory->conflict.kind == syncloom::ConflictPolicy::Kind::kDeltaMerge);
  CHECK(inventory->conflict.fields == std::vector<std::string>{"stock_quantity"});
  REQUIRE(inventory->reconciles.size() == 2);
  CHECK(inventory->reconciles[0].schedule.every_ms == 3'600'000);
  CHECK(inventory->reconciles[0].fields == std::vector<std::string>{"stock_quantity"});
  CHECK(inventory->flows[0].has_filter);  // the flow's own `when`

  const auto* pricing = plan.domain("pricing");
  REQUIRE(pricing);
  // A batch-only statement's filter reads the owner's flows' source record.
  CHECK(pricing->triggers[0].filter_record == "erp.inventoryItem");
  CHECK(pricing->flows[0].has_filter);

  // order.created: orders and guests, then the approvals workflow's start, in declaration order.
  auto created = plan.listeners("woo", "order.created");
  REQUIRE(created.size() == 3);
  CHECK(plan.domains[created[0].domain].name == "guests");
  CHECK(plan.domains[created[1].domain].name == "orders");
  CHECK(created[1].flows == std::vector<size_t>{0});
  CHECK(created[2].kind == Listener::Kind::kWorkflowStart);
  CHECK(plan.workflows[created[2].workflow].name == "approvals");

  const auto* returns = plan.workflow("returns");
  REQUIRE(returns);
  CHECK(returns->start.has_filter);
  REQUIRE(returns->steps.size() == 3);
  const syncloom::Await& receive = returns->steps[1].awaits.at(0);
  CHECK(receive.event.record == "erp.returnOrder");
  CHECK(receive.event.filter_text == R"(state == "done")");
  CHECK(receive.timeout_ms == 30LL * 86'400'000);
  CHECK(returns->steps[0].retry.text == "retry 5 backoff 1s..1h then dead_letter");  // the workflow's
  CHECK(returns->steps[2].retry.attempts == 3);                                    // the step's own
  CHECK(returns->steps[2].retry.backoff_max_ms == 3'600'000);                      // with the workflow's backoff
  CHECK(returns->steps[2].retry.text == "retry 3 backoff 1s..1h then dead_letter");
  auto done = plan.listeners("erp", "returnOrder.done");
  REQUIRE(done.size() == 1);
  CHECK(done[0].kind == Listener::Kind::kAwait);
  CHECK((done[0].step == 1 && done[0].await == 0));

  const auto* approvals = plan.workflow("approvals");
  REQUIRE(approvals);
  CHECK(!approvals->retry.declared);
  CHECK(!approvals->steps[0].awaits[0].timeout_ms);  // no timeout: waits without a bound

  // The systems list the topics of every trigger, start and await, sorted.
  REQUIRE(plan.systems.size() == 2);
  CHECK(plan.systems[0].name == "erp");
  CHECK(plan.systems[0].topics ==
        std::vector<std::string>{"inventoryItem.changed", "returnOrder.done", "salesOrder.changed", "shipment.done"});
}

TEST_CASE("the plan's JSON is the approved shape", "[plan]") {
  auto mapping = compile(kRoot + "/tests/data/sync_plan/every_clause.loom");
  const std::string expected_path = kRoot + "/tests/data/sync_plan/every_clause.plan.json";
  std::string json = mapping->plan().to_json();
  if (std::getenv("SYNCLOOM_APPROVE")) std::ofstream(expected_path, std::ios::binary) << json;
  CHECK(json == read(expected_path));
}

TEST_CASE("a key side that is a nested path is no target field to search by", "[plan]") {
  auto mapping = compile(kRoot + "/tests/data/sync_plan/nested_key.loom");
  const auto* orders = mapping->plan().domain("orders");
  REQUIRE(orders);
  CHECK(orders->key->source.field == "reference");
  CHECK(orders->key->target.record == "woo.order");
  CHECK(orders->key->target.field.empty());
  CHECK(orders->key->target.text == "woo.order.billing.email");
  // Not "email": the runtime would search orders by a field they do not have.
  CHECK(orders->flows.at(0).target_key.empty());
  CHECK(orders->flows.at(0).has_key);
}
