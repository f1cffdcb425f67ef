// The admin API's dead-letter routes against a real SQLite store: the token, list with filters, show
// with the exact payload, edit by paths or whole, replay, discard, 400/404/409, and the audit trail.
#include <catch2/catch.hpp>

#include "admin_fixture.hpp"

using namespace syncloom;
using namespace syncloom::service;
using namespace syncloom::service::testing;

namespace {

const std::string kOrder =
    R"({"id":1001,"total":"29.35","billing":{"email":"Old@Example.com"},"line_items":[{"sku":"S-1","price":19.90}]})";

std::vector<std::string> actions(const wire::Value& audit) {
  std::vector<std::string> out;
  for (const auto& line : audit.items()) out.push_back(line.at("action").text() + " " + line.at("actor").text());
  return out;
}

}  // namespace

TEST_CASE("every admin route needs the bearer token", "[service][admin]") {
  AdminFixture f;
  std::int64_t id = f.dead("orders", "1001", kOrder, "permanent", "HTTP 400: unit price missing");
  std::string entry = "/v1/admin/dlq/" + std::to_string(id);
  CHECK(f.get("/v1/admin/status", false).status == 401);
  CHECK(f.get("/v1/admin/dlq", false).status == 401);
  CHECK(f.get(entry, false).status == 401);
  CHECK(f.get("/v1/admin/audit", false).status == 401);
  CHECK(f.post(entry + "/replay", "", false).status == 401);
  CHECK(f.post(entry + "/discard", R"({"reason":"x"})", false).status == 401);
  CHECK(f.post(entry + "/edit", R"({"payload":{}})", false).status == 401);
  CHECK(f.offloaded == 0);  // refused before any store work
  CHECK(f.store->dead_letter(id)->status == store::DeadLetterStatus::kOpen);
  CHECK(f.get(entry).status == 200);
  CHECK(f.offloaded == 1);
}

TEST_CASE("the admin API lists dead letters by domain, time, reason and status", "[service][admin]") {
  AdminFixture f;
  std::int64_t first = f.dead("orders", "1", kOrder, "permanent", "permanent: tax rule missing");
  f.advance(60'000);
  f.dead("customers", "c2", "{}", "retries exhausted", "retryable: HTTP 503");
  std::int64_t third = f.dead("orders", "3", kOrder, "ref timeout", "ref(customers, guest:x) not synced within 10m");

  auto all = AdminFixture::body(f.get("/v1/admin/dlq"));
  REQUIRE(all.at("dead_letters").size() == 3);
  const wire::Value& e = all.at("dead_letters")[0];
  CHECK(e.at("id").as_int64() == first);
  CHECK(e.at("domain").text() == "orders");
  CHECK(e.at("key").text() == "1");
  CHECK(e.at("status").text() == "open");
  CHECK(e.at("reason").text() == "permanent");
  CHECK(e.at("correlation_id").text() == "corr-1");
  CHECK(e.at("died_at").text() == "2026-01-01T00:00:00.000Z");
  CHECK(e.find("payload") == nullptr);  // the list is a summary; show has the payload

  auto count = [&](const std::string& query) { return AdminFixture::body(f.get("/v1/admin/dlq?" + query)).at("dead_letters").size(); };
  CHECK(count("domain=customers") == 1);
  CHECK(count("since=2026-01-01T00:01:00Z") == 2);
  CHECK(count("since=2026-01-01T01:00:30%2B01:00") == 2);  // an offset, percent-encoded
  CHECK(count("since=2026-01-02") == 0);
  CHECK(count("reason=TAX+RULE") == 1);  // the error text too, case-insensitive; + is a space
  CHECK(count("domain=orders&reason=ref%20timeout") == 1);
  CHECK(count("limit=2") == 2);

  REQUIRE(f.store->discard_dead_letter(third, "test order", "cli:alice").ok());
  CHECK(count("") == 2);
  CHECK(count("all") == 3);
  CHECK(count("all=true") == 3);
  auto closed = AdminFixture::body(f.get("/v1/admin/dlq?all=1&domain=orders"));
  CHECK(closed.at("dead_letters")[1].at("status").text() == "discarded");
  CHECK(closed.at("dead_letters")[1].at("resolution").text() == "test order");

  auto bad = f.get("/v1/admin/dlq?since=yesterday");
  CHECK(bad.status == 400);
  CHECK(AdminFixture::body(bad).at("error").text().find("since: `yesterday`") == 0);
  CHECK(AdminFixture::body(f.get("/v1/admin/dlq?domian=orders")).at("error").text() ==
        "unknown query parameter `domian` (expected domain, since, reason, all, limit)");
  CHECK(f.get("/v1/admin/dlq?limit=0").status == 400);
  CHECK(f.get("/v1/admin/dlq?all=maybe").status == 400);
  CHECK(f.get("/v1/admin/dlq?reason=%zz").status == 400);
}

TEST_CASE("the admin API shows an entry with its exact payload, attempts and audit lines", "[service][admin]") {
  AdminFixture f;
  std::int64_t id = f.dead("orders", "1001", kOrder, "permanent", "HTTP 400: unit price missing");
  auto shown = AdminFixture::body(f.get("/v1/admin/dlq/" + std::to_string(id)));
  CHECK(wire::dump(shown.at("payload")) == kOrder);  // money keeps its text: "29.35", 19.90
  REQUIRE(shown.at("attempts").size() == 1);
  CHECK(shown.at("attempts")[0].at("system").text() == "erp");
  CHECK(shown.at("attempts")[0].at("message").text() == "HTTP 400: unit price missing");
  CHECK(actions(shown.at("audit")) == std::vector<std::string>{"dead "});

  std::int64_t raw = f.dead("orders", "7", "not json {", "permanent", "bad body");
  auto text = AdminFixture::body(f.get("/v1/admin/dlq/" + std::to_string(raw)));
  CHECK(text.at("payload").text() == "not json {");
  CHECK(text.at("payload_json").as_bool() == false);

  CHECK(f.get("/v1/admin/dlq/999").status == 404);
  CHECK(f.get("/v1/admin/dlq/abc").status == 400);
  CHECK(f.get("/v1/admin/dlq/-1").status == 400);
}

TEST_CASE("the admin API edits by paths or whole, then replays; each action audited as admin-api", "[service][admin]") {
  AdminFixture f;
  std::int64_t work_id = 0;
  std::int64_t id = f.dead("orders", "1001", kOrder, "permanent", "HTTP 400: bad email", &work_id);
  std::string entry = "/v1/admin/dlq/" + std::to_string(id);

  auto edited = f.post(entry + "/edit", R"({"set":{"billing.email":"new@example.com","line_items[0].price":"19.90"}})");
  REQUIRE(edited.status == 200);
  auto body = AdminFixture::body(edited);
  CHECK(body.at("edited").as_bool());
  CHECK(wire::dump(body.at("payload")) ==
        R"({"id":1001,"total":"29.35","billing":{"email":"new@example.com"},"line_items":[{"sku":"S-1","price":"19.90"}]})");

  auto bad_path = f.post(entry + "/edit", R"({"set":{"line_items[4].sku":"X"}})");
  CHECK(bad_path.status == 400);
  CHECK(AdminFixture::body(bad_path).at("error").text() == "set: line_items[4]: the array has 1 item");
  CHECK(f.post(entry + "/edit", R"({"set":{}})").status == 400);
  CHECK(AdminFixture::body(f.post(entry + "/edit", R"({"set":{"a":1},"payload":{}})")).at("error").text() ==
        "give either `set` or `payload`");
  CHECK(AdminFixture::body(f.post(entry + "/edit", R"({"patch":{}})")).at("error").text() ==
        "unknown member `patch` (expected set or payload)");
  CHECK(AdminFixture::body(f.post(entry + "/edit", "{nope")).at("error").text().find("body: not JSON: offset 1") == 0);
  CHECK(f.post("/v1/admin/dlq/999/edit", R"({"payload":{}})").status == 404);

  auto whole = f.post(entry + "/edit", R"({"payload":{"id":1001,"total":"29.35","billing":{"email":"w@example.com"}}})");
  REQUIRE(whole.status == 200);
  CHECK(f.store->dead_letter(id)->payload == R"({"id":1001,"total":"29.35","billing":{"email":"w@example.com"}})");

  auto replayed = f.post(entry + "/replay", "");
  REQUIRE(replayed.status == 200);
  auto after = AdminFixture::body(replayed);
  CHECK(after.at("status").text() == "replayed");
  auto item = f.store->work_item(*after.at("replayed_as").as_int64());
  REQUIRE(item.ok());
  CHECK(item->state == store::WorkState::kPending);
  CHECK(item->payload == R"({"id":1001,"total":"29.35","billing":{"email":"w@example.com"}})");

  auto again = f.post(entry + "/replay", "");
  CHECK(again.status == 409);
  CHECK(AdminFixture::body(again).at("error").text().find("it is replayed, not open") != std::string::npos);
  CHECK(f.post(entry + "/edit", R"({"payload":{}})").status == 409);
  CHECK(f.post("/v1/admin/dlq/999/replay", "").status == 404);

  auto audit = AdminFixture::body(f.get("/v1/admin/audit?work_id=" + std::to_string(work_id)));
  CHECK(actions(audit.at("audit")) ==
        std::vector<std::string>{"dead ", "dlq.edit admin-api", "dlq.edit admin-api", "dlq.replay admin-api"});
  CHECK(audit.at("audit")[1].at("detail").text() == "previous payload: " + kOrder);
  CHECK(AdminFixture::body(f.get("/v1/admin/audit?limit=1")).at("audit")[0].at("action").text() == "dlq.replay");
  CHECK(f.get("/v1/admin/audit?work_id=x").status == 400);
}

TEST_CASE("the admin API discards with a reason; an entry that is not JSON can only be replaced whole", "[service][admin]") {
  AdminFixture f;
  std::int64_t id = f.dead("orders", "1", "form=1&x", "permanent", "not JSON");
  std::string entry = "/v1/admin/dlq/" + std::to_string(id);
  auto set = f.post(entry + "/edit", R"({"set":{"a":1}})");
  CHECK(set.status == 409);
  CHECK(AdminFixture::body(set).at("error").text().find("its payload is not JSON") != std::string::npos);

  CHECK(AdminFixture::body(f.post(entry + "/discard", "")).at("error").text().find("reason: required") == 0);
  CHECK(f.post(entry + "/discard", R"({"reason":""})").status == 400);
  CHECK(f.post(entry + "/discard", R"({"reason":7})").status == 400);
  auto discarded = f.post(entry + "/discard", R"({"reason":"a test order"})");
  REQUIRE(discarded.status == 200);
  CHECK(AdminFixture::body(discarded).at("resolution").text() == "a test order");
  CHECK(f.post(entry + "/discard", R"({"reason":"again"})").status == 409);
  CHECK(f.post(entry + "/replay", "").status == 409);
  CHECK(f.post("/v1/admin/dlq/999/discard", R"({"reason":"x"})").status == 404);
  auto audit = f.store->audit(f.store->dead_letter(id)->work_id);
  REQUIRE(audit.ok());
  CHECK(audit->back().action == "dlq.discard");
  CHECK(audit->back().actor == "admin-api");
  CHECK(audit->back().detail == "a test order");
}
