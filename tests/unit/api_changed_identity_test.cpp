// The embedding API's run with a previous version (changed()) and identity() (key and idempotency parts):
// what each gives, on the interpreter and the JIT alike.
#include <catch2/catch.hpp>
#include <string>

#include "syncloom/syncloom.hpp"

namespace {

const char* kMapping = R"(mapping changed_identity version 1

system woo: woocommerce
system erp: tryton

domain orders {
  owner woo
  key lower(woo.order.billing.email ?? reject "the order has no billing e-mail") <-> erp.salesOrder.reference
  sync realtime on woo "order.updated" when changed(status) or changed(refunds) or changed(total) or changed(billing.phone)
  idempotency woo.order.id, woo.order.date_modified_gmt, woo.order.total
  flow woo.order -> erp.salesOrder {
    reference = number
    party     = customer_id
  }
}
)";

struct Engines {
  std::shared_ptr<const syncloom::Mapping> mapping;
  syncloom::Pipeline jit, interp;
};

Engines compile() {
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  options.use_cache = false;
  auto compiled = syncloom::compile_source("changed_identity.loom", kMapping, options);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  auto pipeline = compiled.mapping->pipeline("orders");
  REQUIRE(pipeline);
  REQUIRE(pipeline->native());
  return {compiled.mapping, *pipeline, pipeline->reference()};
}

std::string outcome(const syncloom::RecordResult& r) {
  switch (r.outcome) {
    case syncloom::Outcome::kOutput: return "output";
    case syncloom::Outcome::kFiltered: return "filtered";
    case syncloom::Outcome::kRejected: return "rejected at `" + r.error_path + "`: " + r.error;
  }
  return "?";
}

/// The outcome of `json` against `previous`, the same on both engines.
std::string run(const Engines& e, const std::string& json, std::optional<std::string> previous) {
  syncloom::RunContext context;
  if (previous) context.previous = *previous;
  auto a = e.jit.run(json, context), b = e.interp.run(json, context);
  CHECK(outcome(a) == outcome(b));
  CHECK(a.output == b.output);
  return outcome(b);
}

std::string identity(const Engines& e, const std::string& json) {
  auto a = e.jit.identity(json), b = e.interp.identity(json);
  auto text = [](const syncloom::Identity& i) {
    if (!i.ok) return "rejected at `" + i.error_path + "`: " + i.error;
    std::string s = "key " + (i.key ? *i.key : std::string("(none)"));
    for (const auto& p : i.idempotency) s += " | " + p;
    return s;
  };
  CHECK(text(a) == text(b));
  return text(b);
}

const std::string kOrder =
    R"({"id":727,"number":"727","customer_id":7,"status":"processing","total":"29.35","date_modified_gmt":"2017-03-22T16:28:08",)"
    R"("billing":{"email":"John.Doe@Example.com"},"refunds":[]})";

std::string with(std::string json, const std::string& from, const std::string& to) {
  json.replace(json.find(from), from.size(), to);
  return json;
}

}  // namespace

TEST_CASE("without a previous version changed() is true", "[api][changed]") {
  Engines e = compile();
  CHECK(run(e, kOrder, std::nullopt) == "output");
}

TEST_CASE("changed() compares the record with its previous version by ==", "[api][changed]") {
  Engines e = compile();
  // The same record: nothing changed, so the sync filter drops it.
  CHECK(run(e, kOrder, kOrder) == "filtered");
  // One of the watched fields differs.
  CHECK(run(e, kOrder, with(kOrder, "\"processing\"", "\"on-hold\"")) == "output");
  CHECK(run(e, kOrder, with(kOrder, "\"refunds\":[]", R"("refunds":[{"id":735,"reason":"","total":"-10.00"}])")) == "output");
  // Fields it does not watch do not count.
  CHECK(run(e, kOrder, with(kOrder, "\"customer_id\":7", "\"customer_id\":8")) == "filtered");
  // Decimals compare by value: 29.35 and 29.350 are equal, as with `==`.
  CHECK(run(e, kOrder, with(kOrder, "\"29.35\"", "29.350")) == "filtered");
  // Missing and null are the same value (null); both differ from a value.
  std::string phone_null = with(kOrder, "{\"email\"", "{\"phone\":null,\"email\"");
  CHECK(run(e, phone_null, kOrder) == "filtered");
  CHECK(run(e, kOrder, phone_null) == "filtered");
  CHECK(run(e, with(kOrder, "{\"email\"", "{\"phone\":\"+1 555\",\"email\""), kOrder) == "output");
  // A previous version that does not read as the schema says is not known to be equal: changed.
  CHECK(run(e, kOrder, with(kOrder, "\"29.35\"", "\"abc\"")) == "output");
  // One that is not a JSON object is an error of the caller's data, reported as such.
  CHECK(run(e, kOrder, std::string("[1]")) == "rejected at ``: the previous version: input is not a JSON object");
  CHECK(run(e, kOrder, std::string("{")) == "rejected at ``: the previous version: input is not valid JSON");
}

TEST_CASE("identity() gives the domain key and the idempotency parts as JSON", "[api][identity]") {
  Engines e = compile();
  CHECK(identity(e, kOrder) == R"(key "john.doe@example.com" | 727 | "2017-03-22T16:28:08Z" | 29.35)");
  // Independent of the flow's filter: a record the sync would drop still has its identity.
  CHECK(identity(e, with(kOrder, "\"processing\"", "\"completed\"")) == R"(key "john.doe@example.com" | 727 | "2017-03-22T16:28:08Z" | 29.35)");
  // A part that cannot be computed names which one.
  CHECK(identity(e, with(kOrder, "\"John.Doe@Example.com\"", "null")) == "rejected at `key`: the order has no billing e-mail");
  CHECK(identity(e, with(kOrder, "\"2017-03-22T16:28:08\"", "\"yesterday\"")) ==
        "rejected at `idempotency[1]`: input `date_modified_gmt`: expected a timestamp (ISO 8601, UTC), found \"yesterday\"");
  CHECK(identity(e, "[]") == "rejected at ``: input is not a JSON object");
}

TEST_CASE("a flow without a domain has no key and no idempotency parts", "[api][identity]") {
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  options.use_cache = false;
  auto compiled = syncloom::compile_source("wf.loom", R"(mapping wf version 1

system woo: woocommerce
system erp: tryton

workflow returns {
  start on woo "order.updated" when changed(refunds)
  step note {
    flow woo.order -> erp.salesOrder {
      reference = number
      party     = customer_id
    }
  }
}
)", options);
  INFO(compiled.diagnostics);
  REQUIRE(compiled.mapping);
  auto p = compiled.mapping->pipeline("returns.note");
  REQUIRE(p);
  auto a = p->identity(kOrder), b = p->reference().identity(kOrder);
  CHECK(a.ok);
  CHECK_FALSE(a.key);
  CHECK(a.idempotency.empty());
  CHECK(b.ok == a.ok);
  CHECK(b.key == a.key);
}
