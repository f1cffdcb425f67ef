// The admin API's workflow instances: the list (filtered, newest first) and one instance with its records and
// checkpoints.
#include <catch2/catch.hpp>

#include "admin_fixture.hpp"

using namespace syncloom;
using namespace syncloom::service;
using namespace syncloom::service::testing;

namespace {

// Saves `instance` under a freshly claimed work item (the store only saves under a live lease).
std::int64_t save(AdminFixture& f, store::WorkflowInstance instance, const std::string& dedupe) {
  store::Event e{.system = "woo", .topic = "order.updated", .dedupe_scope = "workflow/returns", .dedupe_key = dedupe,
                 .payload = "{}", .work = {{.domain = "workflow/returns", .key = instance.key}}};
  REQUIRE(f.store->accept(e).ok());
  auto claimed = f.store->claim({.owner = "t", .limit = 1});
  REQUIRE(claimed.ok());
  REQUIRE(claimed->size() == 1);
  auto id = f.store->save_workflow(claimed->front().id, claimed->front().generation, instance);
  REQUIRE(id.ok());
  REQUIRE(id->has_value());
  REQUIRE(f.store->complete(claimed->front().id, claimed->front().generation, {.outcome = "awaiting"}).ok());
  return **id;
}

}  // namespace

TEST_CASE("workflow instances are listed newest first and shown with their records and checkpoints",
          "[service][admin][workflow]") {
  AdminFixture f;
  store::WorkflowInstance awaiting{.workflow = "returns", .key = "727", .status = store::WorkflowStatus::kAwaiting,
                                   .step = 1, .step_name = "receive", .records = R"({"start":{"id":727}})",
                                   .checkpoints = R"([{"step":"refund","outcome":"written","target_id":"41"}])",
                                   .deadline = kStart + 3'600'000, .correlation_id = "corr-727"};
  std::int64_t first = save(f, awaiting, "d1");
  store::WorkflowInstance failed = awaiting;
  failed.key = "728";
  failed.status = store::WorkflowStatus::kFailed;
  failed.deadline = 0;
  std::int64_t second = save(f, failed, "d2");

  auto list = AdminFixture::body(f.get("/v1/admin/workflows"));
  REQUIRE(list.at("workflows").size() == 2);
  CHECK(list.at("workflows")[0].at("id").as_int64() == second);
  CHECK(list.at("workflows")[1].at("status").text() == "awaiting");
  CHECK(list.at("workflows")[1].at("deadline").text() == "2026-01-01T01:00:00.000Z");
  CHECK(list.at("workflows")[1].find("records") == nullptr);  // the list leaves the records out
  auto awaiting_only = AdminFixture::body(f.get("/v1/admin/workflows?status=awaiting&workflow=returns"));
  REQUIRE(awaiting_only.at("workflows").size() == 1);
  CHECK(awaiting_only.at("workflows")[0].at("key").text() == "727");

  auto one = AdminFixture::body(f.get("/v1/admin/workflows/" + std::to_string(first)));
  CHECK(one.at("step").text() == "receive");
  CHECK(one.at("sequence").as_int64() == 1);
  CHECK(one.at("records").at("start").at("id").as_int64() == 727);
  REQUIRE(one.at("checkpoints").size() == 1);
  CHECK(one.at("checkpoints")[0].at("target_id").text() == "41");

  CHECK(f.get("/v1/admin/workflows/999").status == 404);
  CHECK(f.get("/v1/admin/workflows/x").status == 400);
  CHECK(f.get("/v1/admin/workflows?status=sleeping").status == 400);
  CHECK(f.get("/v1/admin/workflows", false).status == 401);
}
