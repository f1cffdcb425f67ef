// Tryton's JSON-RPC error members classified with no server: the shapes TRYTON.md measured.
#include <catch2/catch.hpp>

#include "tryton/client.hpp"
#include "tryton/errors.hpp"

using namespace syncloom;
using namespace syncloom::connectors;
using namespace syncloom::connectors::tryton;

namespace {

Outcome classify(std::string_view error) {
  auto parsed = wire::parse(error);
  REQUIRE(parsed.value);
  return classify_rpc_error(*parsed.value, "model.sale.sale.create");
}

}  // namespace

TEST_CASE("a UserError is permanent with Tryton's message and the field label it names", "[tryton][errors]") {
  Outcome o = classify(R"(["UserError", ["A value is required for field \"Unit Price\" in \"Sale Line\".", "", null]])");
  CHECK(o.kind == OutcomeKind::kPermanent);
  CHECK(o.code == "UserError");
  CHECK(o.message == "A value is required for field \"Unit Price\" in \"Sale Line\".");
  CHECK(o.field == "Unit Price");
  Outcome with_description = classify(R"(["UserError", ["The code on party must be unique.", "Use another code.", null]])");
  CHECK(with_description.message == "The code on party must be unique. Use another code.");
  CHECK(with_description.field.empty());
}

TEST_CASE("a UserWarning is permanent with its message, not its name", "[tryton][errors]") {
  Outcome o = classify(R"(["UserWarning", ["stock_quantity_warning_177", "The forcast quantity (0.0u) for line 1 is lower than its quantity (1.0u).", ""]])");
  CHECK(o.kind == OutcomeKind::kPermanent);
  CHECK(o.code == "UserWarning");
  CHECK(o.message == "The forcast quantity (0.0u) for line 1 is lower than its quantity (1.0u).");
}

TEST_CASE("an unknown model or field is permanent and named", "[tryton][errors]") {
  Outcome o = classify(R"(["'foo.bar'", ""])");
  CHECK(o.kind == OutcomeKind::kPermanent);
  CHECK(o.code == "unknown");
  CHECK(o.field == "foo.bar");
  CHECK(o.message.find("model.sale.sale.create") != std::string::npos);
}

TEST_CASE("concurrency and a locked database are retryable, other server errors permanent", "[tryton][errors]") {
  CHECK(classify(R"(["ConcurrencyException", ["Records were modified in the meanwhile"]])").kind == OutcomeKind::kRetryable);
  CHECK(classify(R"(["database is locked", ""])").kind == OutcomeKind::kRetryable);
  Outcome other = classify(R"(["login() takes from 4 to 5 positional arguments but 6 were given", ""])");
  CHECK(other.kind == OutcomeKind::kPermanent);
  CHECK(other.code == "server_error");
  CHECK(classify(R"({"odd": true})").kind == OutcomeKind::kPermanent);
}

// Found by fuzz_connectors (fuzz/regressions_connectors/tryton_empty_user_warning): a UserWarning with
// neither name nor message gave a permanent outcome with an empty message.
TEST_CASE("a UserWarning without a message still says what was refused", "[tryton][errors]") {
  Outcome o = classify(R"(["UserWarning", [""]])");
  CHECK(o.kind == OutcomeKind::kPermanent);
  CHECK(o.message == "Tryton warned about model.sale.sale.create without a message");
  CHECK(classify(R"(["UserWarning", ["stock_quantity_warning_177"]])").message == "stock_quantity_warning_177");
}

// Found alongside the WooCommerce case (fuzz/regressions_connectors/retry_after_date_year2): seconds * 1000
// overflowed for a Retry-After of more than 9.2e15 seconds.
TEST_CASE("a Tryton answer's Retry-After is capped, never overflows", "[tryton][errors]") {
  syncloom::http::Response response;
  response.status = 503;
  response.headers = {{"Retry-After", "9223372036854775807"}};
  RpcAnswer answer = rpc_answer(response, "model.sale.sale.read");
  CHECK(answer.outcome.kind == OutcomeKind::kRetryable);
  CHECK(answer.outcome.retry_after == std::chrono::milliseconds(kMaxRetryAfter));
  CHECK(answer.outcome.throttled);
  response.headers = {{"Retry-After", "12"}};
  CHECK(rpc_answer(response, "model.sale.sale.read").outcome.retry_after == std::chrono::seconds(12));
}
