// Shadow replay over a store recorded through the Store API (the states a worker leaves), and the document
// diff it reports with: every verdict (changed, now rejected, newly accepted, newly written by a new
// domain, a changed key, never written) and exact decimals.
#include "engine_fixture.hpp"
#include "syncloom/core/document_diff.hpp"
#include "syncloom/core/shadow_replay.hpp"

namespace syncloom::test {
namespace {

using core::FieldChange;
using core::RecordedOutcome;
using core::ReplayedOutcome;

std::shared_ptr<const Mapping> compile_variant(const std::string& from, const std::string& to, const std::string& extra = {}) {
  std::string text = kEngineMapping;
  if (!from.empty()) {
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
  CompileResult compiled = compile_source("variant.loom", text + extra);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  return compiled.mapping;
}

// The running version's worker, by hand: claims the item and writes what the mapping's flow produces.
void complete_as_written(EngineWorld& w, const std::string& target_id) {
  auto items = w.store->claim({.owner = "test", .limit = 1});
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  const store::WorkItem& item = items->front();
  const DomainPlan* domain = w.router->plan().domain(item.domain);
  REQUIRE(domain);
  core::StoreRefs refs(*w.store, "erp");
  RecordResult result = w.router->pipeline(domain->flows.front().index).run(item.payload, &refs);
  INFO(result.error_path << ": " << result.error);
  REQUIRE(result.outcome == Outcome::kOutput);
  store::Completion done;
  done.xref = store::Xref{.target_system = "erp", .target_id = target_id};
  done.attempts.push_back({.system = "erp", .outcome = "ok", .target_id = target_id, .document = result.output});
  REQUIRE(w.store->complete(item.id, item.generation, done).ok());
}

void fail_next(EngineWorld& w, const std::string& reason, const std::string& error) {
  auto items = w.store->claim({.owner = "test", .limit = 1});
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  REQUIRE(w.store->fail(items->front().id, items->front().generation, {.error = error, .reason = reason}).ok());
}

std::map<std::string, core::ReplayedRecord> replay(EngineWorld& w, std::shared_ptr<const Mapping> mapping,
                                                   core::ReplayFilter filter = {}) {
  core::ShadowReplay shadow(std::move(mapping), *w.store);
  std::map<std::string, core::ReplayedRecord> out;
  auto read = shadow.run(filter, [&](const core::ReplayedRecord& r) { out[r.domain + "/" + r.key] = r; });
  REQUIRE(read.ok());
  return out;
}

}  // namespace

TEST_CASE("document diff: fields changed, added and removed, arrays by index, decimals exactly", "[replay]") {
  auto changes = core::document_diff(R"({"a":"12.30","n":1.50,"lines":[{"q":1},{"q":2}],"gone":true})",
                                     R"({"a":"12.3","n":1.5,"lines":[{"q":1.0},{"q":3},{"q":4}],"new":null})");
  REQUIRE(changes.size() == 5);
  CHECK(changes[0].kind == FieldChange::Kind::kChanged);  // strings compare as text: "12.30" is not "12.3"
  CHECK(changes[0].path == "a");
  CHECK(changes[0].old_value == R"("12.30")");
  CHECK(changes[0].new_value == R"("12.3")");
  CHECK(changes[1].path == "lines[1].q");
  CHECK(changes[1].old_value == "2");
  CHECK(changes[1].new_value == "3");
  CHECK(changes[2].kind == FieldChange::Kind::kAdded);
  CHECK(changes[2].path == "lines[2]");
  CHECK(changes[2].new_value == R"({"q":4})");
  CHECK(changes[3].kind == FieldChange::Kind::kRemoved);
  CHECK(changes[3].path == "gone");
  CHECK(changes[4].kind == FieldChange::Kind::kAdded);
  CHECK(changes[4].path == "new");
  CHECK(core::document_diff(R"({"x":[1,2]})", R"({"x":[1,2]})").empty());
  CHECK(core::document_diff("not json", "not json").empty());
  CHECK(core::document_diff("not json", "{}").size() == 1);
  CHECK(core::field_class("lines[12].taxes[0].id") == "lines[].taxes[].id");
  CHECK(core::same_decimal("1.50", "1.5"));
  CHECK(core::same_decimal("100", "1e2"));
  CHECK(core::same_decimal("-0.0", "0"));
  CHECK(core::same_decimal("0.10", "1.0E-1"));
  CHECK_FALSE(core::same_decimal("0.1", "0.10000000000000001"));
  CHECK_FALSE(core::same_decimal("-1", "1"));
}

TEST_CASE("replay reports every verdict against what the running version did", "[replay]") {
  EngineWorld w;
  w.deliver("woo", "customer.created", "1", customer_json(1, "ann@x.com"), "c1");
  complete_as_written(w, "1");
  w.deliver("woo", "order.created", "10", order_json(10, "ann@x.com"), "o10");
  complete_as_written(w, "10");
  w.deliver("woo", "order.created", "11", order_json(11, "ann@x.com"), "o11");
  fail_next(w, "rejected", "description: the old version refused it");
  w.deliver("woo", "order.created", "13", order_json(13, "ann@x.com"), "o13");
  fail_next(w, "permanent", "permanent: HTTP 400: bad party");
  w.deliver("woo", "order.created", "12", order_json(12, "bob@x.com"), "o12");  // still pending
  w.deliver("woo", "order.created", "14", order_json(14, "ann@x.com", "on-hold"), "o14");  // filtered

  SECTION("the running mapping: identical where it wrote, newly accepted where it rejected, unwritten ones reported") {
    auto records = replay(w, engine_mapping());
    REQUIRE(records.size() == 6);
    const core::ReplayedRecord& customer = records["customers/ann@x.com"];
    CHECK(customer.before == RecordedOutcome::kWritten);
    CHECK(customer.after == ReplayedOutcome::kOutput);
    CHECK(customer.changes.empty());
    CHECK_FALSE(customer.differs());
    CHECK_FALSE(records["orders/10"].differs());
    CHECK(records["orders/11"].before == RecordedOutcome::kRejected);
    CHECK(records["orders/11"].before_detail == "description: the old version refused it");
    CHECK(records["orders/11"].after == ReplayedOutcome::kOutput);
    CHECK(records["orders/11"].differs());
    CHECK(records["orders/12"].before == RecordedOutcome::kNotWritten);
    CHECK(records["orders/12"].before_detail == "pending");
    CHECK_FALSE(records["orders/12"].compared());
    CHECK_FALSE(records["orders/12"].differs());
    CHECK(records["orders/13"].before_detail == "dead (permanent): permanent: HTTP 400: bad party");
    CHECK_FALSE(records["orders/13"].differs());
    CHECK(records["orders/14"].before == RecordedOutcome::kFiltered);
    CHECK(records["orders/14"].after == ReplayedOutcome::kFiltered);
    CHECK_FALSE(records["orders/14"].differs());
  }

  SECTION("a new version: a rejection, a changed key and a new domain, by their records") {
    auto mapping = compile_variant(
        "    description = status\n",
        "    description = if number == \"10\" then reject \"ten is refused\" else status\n",
        R"(
domain order_notes {
  owner woo
  key woo.order.number <-> erp.salesOrder.reference
  sync event on woo "order.created"
  flow woo.order -> erp.salesOrder update {
    comment = "order " + number
  }
}
)");
    auto records = replay(w, mapping);
    CHECK(records["orders/10"].after == ReplayedOutcome::kRejected);
    CHECK(records["orders/10"].after_detail == "description: ten is refused");
    CHECK(records["orders/10"].differs());
    // The new domain: not routed by the running version; the new one writes each order it listens to,
    // ref() answered from the store (order 12's customer bob was never synced: it is no reference here).
    const core::ReplayedRecord& note = records["order_notes/10"];
    CHECK(note.before == RecordedOutcome::kNotRouted);
    CHECK(note.after == ReplayedOutcome::kOutput);
    CHECK(note.after_document.value_or("") == R"({"comment":"order 10"})");
    CHECK(note.differs());
    CHECK(records.contains("order_notes/14"));  // no filter there
    core::ShadowReplay shadow(mapping, *w.store);
    REQUIRE(shadow.run({.domain = "order_notes"}, [](const core::ReplayedRecord& r) { CHECK(r.domain == "order_notes"); }).ok());
    const core::ReplaySummary& notes = shadow.summaries().at("order_notes");
    CHECK(notes.compared == 5);
    CHECK(notes.newly_written == 5);
    CHECK(shadow.summaries().size() == 1);
  }

  SECTION("a changed key is a difference of its own") {
    auto mapping = compile_variant("  key lower(woo.customer.email) <-> erp.customer.code",
                                   "  key \"c:\" + lower(woo.customer.email) <-> erp.customer.code");
    auto records = replay(w, mapping, {.domain = "customers"});
    REQUIRE(records.size() == 1);
    const core::ReplayedRecord& customer = records.begin()->second;
    CHECK(customer.key == "ann@x.com");
    CHECK(customer.after_key == "c:ann@x.com");
    CHECK(customer.changes.empty());
    CHECK(customer.differs());
  }

  SECTION("paging keeps each delivery whole and --limit counts recorded events") {
    core::ShadowReplay shadow(engine_mapping(), *w.store);
    int seen = 0;
    auto read = shadow.run({.limit = 3, .page = 1}, [&](const core::ReplayedRecord&) { ++seen; });
    REQUIRE(read.ok());
    CHECK(*read == 3);
    CHECK(seen == 3);
  }
}

}  // namespace syncloom::test
