// The embedding API's workflow calls (start filter, await filters, step checks, instance key, `by`) and a
// step's flow reading `start`: what each answers, the same on the interpreter and the JIT.
#include <catch2/catch.hpp>
#include <string>

#include "syncloom/syncloom.hpp"

namespace {

using syncloom::Verdict;

const char* kMapping = R"loom(mapping workflow_golden version 1

system woo: woocommerce
system erp: tryton

# A partial refund read with the order that started the workflow: `start` is the order.
workflow returns {
  start on woo "order.updated" when changed(refunds) and len(refunds) > 0
  key id
  step refund {
    check start.status != "failed" and len(line_items) > 0 else "nothing to return"
    await woo "refund.created" by parent_id when id in start.refunds.id and amount <= start.total timeout 1h
    flow woo.refund -> erp.salesOrder {
      reference      = "WOO-R-" + string(start.id) + "-" + string(id)
      description    = "Refund #" + string(id) + " of order #" + start.number + " (" + start.billing.first_name + ")"
      comment        = reason + " / order total " + string(start.total) + " / skus " + join(start.line_items.sku, ",")
      party          = start.customer_id
      invoice_method = "order"
      lines = for line in line_items {
        type       = "line"
        quantity   = float(line.quantity)
        unit       = 1
        unit_price = round((line.total ?? 0) / line.quantity, 4, half_even)
      }
    }
  }
  # A flow of the start record reads `start` from the record itself.
  step note {
    flow woo.order -> erp.customer update {
      name = start.billing.first_name + " " + billing.last_name + " (order " + start.number + ")"
    }
  }
  step receive {
    await erp "returnOrder.done" by regex_capture(sale_reference ?? "", "^WOO-R-(?<order>[0-9]+)-").order
        timeout 14d
  }
}
)loom";

const char* kOrder = R"({"id":727,"number":"727","status":"processing","customer_id":0,"total":"29.35",
  "billing":{"first_name":"John","last_name":"Doe","email":"john@example.com"},
  "line_items":[{"sku":"WOO-SINGLE-1"},{"sku":"Bar3"}],"refunds":[{"id":731,"reason":"Wrong size","total":"-12.90"}]})";
const char* kRefund = R"({"id":731,"parent_id":727,"amount":"12.90","reason":"Wrong size",
  "line_items":[{"id":320,"quantity":-1,"total":"-12.00","sku":"Bar3"}]})";

std::shared_ptr<const syncloom::Mapping> compile(syncloom::Engine engine, const char* text = kMapping) {
  syncloom::CompileOptions options;
  options.engine = engine;
  options.use_cache = false;
  auto compiled = syncloom::compile_source("workflow.loom", text, options);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  return compiled.mapping;
}

std::string verdict_text(const Verdict& v) {
  const char* kind = v.kind == Verdict::Kind::kPass ? "pass" : v.kind == Verdict::Kind::kFail ? "fail" : "error";
  return std::string(kind) + " " + std::to_string(v.check) + " [" + v.path + "] " + v.message;
}

std::string key_text(const syncloom::CorrelationKey& k) { return k.ok ? "ok " + k.text : "no [" + k.path + "] " + k.error; }

}  // namespace

TEST_CASE("workflow predicates and keys answer the same on both engines", "[api][workflow]") {
  auto interp = compile(syncloom::Engine::kInterpreter);
  auto jit = compile(syncloom::Engine::kJit);
  const syncloom::SyncPlan& plan = interp->plan();
  REQUIRE(plan.workflows.size() == 1);
  REQUIRE(plan.workflows[0].steps.size() == 3);
  for (const auto& m : {interp, jit}) {
    INFO((m == jit ? "jit" : "interpreter"));
    // The start filter, with the last synced version for changed().
    CHECK(verdict_text(m->start_filter(0, kOrder)) == "pass 0 [] ");
    CHECK(verdict_text(m->start_filter(0, kOrder, {nullptr, std::string_view(kOrder), std::nullopt})) == "fail 0 [] ");
    CHECK(verdict_text(m->start_filter(0, "[1]")) == "error 0 [] input is not a JSON object");
    // The instance key, and the `by` of each await in the same canonical text: an int key, a string `by`.
    CHECK(key_text(m->instance_key(0, kOrder)) == "ok 727");
    CHECK(key_text(m->await_key(0, 0, 0, kRefund)) == "ok 727");
    CHECK(key_text(m->await_key(0, 2, 0, R"({"sale_reference":"WOO-R-727-731"})")) == "ok 727");
    CHECK(key_text(m->await_key(0, 2, 0, R"({"sale_reference":"SO-12"})")) == "no [] the `by` value is null");
    CHECK(key_text(m->await_key(0, 0, 0, R"({"parent_id":null})")) == "no [] the `by` value is null");
    CHECK(key_text(m->instance_key(0, R"({"id":"x"})")).rfind("no [", 0) == 0);
    // The await's filter reads the refund and, through `start`, the order.
    syncloom::RunContext with_start{nullptr, std::nullopt, std::string_view(kOrder)};
    CHECK(verdict_text(m->await_filter(0, 0, 0, kRefund, with_start)) == "pass 0 [] ");
    std::string other = std::string(kRefund).replace(6, 3, "999");
    CHECK(verdict_text(m->await_filter(0, 0, 0, other, with_start)) == "fail 0 [] ");
    CHECK(verdict_text(m->await_filter(0, 0, 0, kRefund)).rfind("error 0 [start] this flow reads the workflow's start record", 0) == 0);
    CHECK(verdict_text(m->await_filter(0, 0, 0, kRefund, {nullptr, std::nullopt, std::string_view("[]")})) ==
          "error 0 [start] the workflow's start record is not a JSON object");
    CHECK(verdict_text(m->await_filter(0, 2, 0, "{}")) == "pass 0 [] ");  // no filter: it holds
    // The step's checks, on the start record.
    CHECK(verdict_text(m->step_checks(0, 0, kOrder)) == "pass 0 [] ");
    std::string failed = std::string(kOrder).replace(std::string(kOrder).find("processing"), 10, "failed");
    CHECK(verdict_text(m->step_checks(0, 0, failed)) == "fail 0 [] nothing to return");
    CHECK(verdict_text(m->step_checks(0, 1, failed)) == "pass 0 [] ");  // a step without checks
    // Indices out of range answer, never throw.
    CHECK(verdict_text(m->start_filter(3, kOrder)) == "error 0 [] no workflow 3 in this mapping");
    CHECK(verdict_text(m->await_filter(0, 0, 5, kRefund)) == "error 0 [] step 0 has no await 5");
    CHECK(key_text(m->await_key(0, 9, 0, kRefund)) == "no [] workflow 0 has no step 9");
  }
}

TEST_CASE("a step's flow of an awaited record reads the start record beside it, on both engines", "[api][workflow]") {
  for (auto engine : {syncloom::Engine::kInterpreter, syncloom::Engine::kJit}) {
    auto m = compile(engine);
    auto p = m->pipeline("returns.refund");
    REQUIRE(p);
    CHECK(p->reads_start());
    CHECK(m->plan().workflows[0].steps[0].flows[0].reads_start);
    if (engine == syncloom::Engine::kJit) CHECK(p->native());
    auto r = p->run(kRefund, syncloom::RunContext{nullptr, std::nullopt, std::string_view(kOrder)});
    REQUIRE(r.outcome == syncloom::Outcome::kOutput);
    CHECK(r.output.find(R"j("reference":"WOO-R-727-731","description":"Refund #731 of order #727 (John)")j") != std::string::npos);
    CHECK(r.output == p->reference().run(kRefund, syncloom::RunContext{nullptr, std::nullopt, std::string_view(kOrder)}).output);
    // Without the start record, and with one that fails to read: rejected where the mapping spells it.
    auto none = p->run(kRefund);
    CHECK(none.outcome == syncloom::Outcome::kRejected);
    CHECK(none.error_path == "start");
    std::string bad = std::string(kOrder).replace(std::string(kOrder).find("\"29.35\""), 7, "\"abc\"");
    auto wrong = p->run(kRefund, syncloom::RunContext{nullptr, std::nullopt, std::string_view(bad)});
    CHECK(wrong.outcome == syncloom::Outcome::kRejected);
    CHECK(wrong.error_path == "comment");
    CHECK(wrong.error == "input `start.total`: expected a decimal, found \"abc\"");
    // The start record cannot be overridden by a field of the record spelt like the envelope's.
    std::string forged = std::string(kRefund).replace(1, 0, R"("$start":{"id":1,"number":"1"},)");
    auto kept = p->run(forged, syncloom::RunContext{nullptr, std::nullopt, std::string_view(kOrder)});
    CHECK(kept.output.find("WOO-R-727-731") != std::string::npos);
    // A flow of the start record reads `start` from the record itself and needs no start record.
    auto note = m->pipeline("returns.note");
    REQUIRE(note);
    CHECK(!note->reads_start());
    CHECK(note->run(kOrder).output == R"j({"name":"John Doe (order 727)"})j");
  }
}

TEST_CASE("string keys are compared as their characters, escapes decoded", "[api][workflow]") {
  const char* text = R"(mapping string_key version 1

system woo: woocommerce

workflow notes {
  start on woo "order.updated"
  key number
  step wait {
    await woo "refund.created" by reason timeout 1h
  }
}
)";
  for (auto engine : {syncloom::Engine::kInterpreter, syncloom::Engine::kJit}) {
    auto m = compile(engine, text);
    CHECK(key_text(m->instance_key(0, R"({"id":1,"number":"7\"2\u00e97"})")) == "ok 7\"2\u00e97");
    CHECK(key_text(m->await_key(0, 0, 0, R"({"reason":"7\"2\u00e97"})")) == "ok 7\"2\u00e97");
    CHECK(m->plan().workflows[0].key.type == "string");
    CHECK(m->plan().workflows[0].steps[0].awaits[0].by_text == "reason");
  }
}
