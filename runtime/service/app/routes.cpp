// The service's HTTP routes: webhooks, the realtime process API, health, readiness and metrics.
#include <chrono>

#include "runtime_impl.hpp"
#include "syncloom/interp/value.hpp"
#include "syncloom/service/admin_api.hpp"
#include "syncloom/service/listener_metrics.hpp"
#include "syncloom/service/query_params.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom {

namespace {

std::string json_field(std::string_view name, std::string_view value, bool first = false) {
  std::string out = first ? "" : ",";
  interp::append_json_string(name, out);
  out += ":";
  interp::append_json_string(value, out);
  return out;
}

}  // namespace

void Runtime::Impl::add_routes(service::Router& router) {
  router.add("POST", "/webhooks/{system}",
             [this](service::HttpRequest r, service::Responder out) { webhook(std::move(r), std::move(out)); });
  router.add(
      "POST", "/v1/sync/{domain}",
      [this](service::HttpRequest r, service::Responder out) { realtime(std::move(r), std::move(out)); },
      {.admin = true, .deadline = options.config.service.realtime_deadline});
  router.add("GET", "/health", [](service::HttpRequest, service::Responder out) {
    out.respond({.body = "{\"status\":\"ok\"}"});
  });
  router.add("GET", "/ready", [this](service::HttpRequest, service::Responder out) {
    bool ready = started.load() && !stopping.load();
    std::string body = std::string("{\"ready\":") + (ready ? "true" : "false") + ",\"connectors\":{";
    bool first = true;
    for (const core::ConnectorHealth& h : engine->health()) {
      body += (first ? "" : ",");
      interp::append_json_string(h.system, body);
      body += ":";
      interp::append_json_string(core::circuit_state_name(h.circuit), body);
      first = false;
    }
    body += "}}";
    out.respond({.status = ready ? 200u : 503u, .body = std::move(body)});
  });
  // A sweep now, whatever the schedule (after a bulk change in the ERP; the trading day's end-of-day sweep).
  router.add(
      "POST", "/v1/admin/sweep/{domain}",
      [this](service::HttpRequest r, service::Responder responder) {
        // A sweep lists a whole system: off the listener's I/O threads, joined at stop.
        auto out = std::make_shared<service::Responder>(std::move(responder));
        post([this, out, domain = r.param] {
          auto swept = scheduler->sweep(domain);
          if (!swept.ok()) {
            out->respond(json_error(swept.error().code == store::ErrorCode::kNotFound ? 404 : 502, swept.error().message));
            return;
          }
          out->respond({.body = "{\"queued\":" + std::to_string(*swept) + "}"});
        });
      },
      {.admin = true});
  // Reconcile passes: asked for (POST), and the last one with the schedules (GET), from any worker's store.
  router.add(
      "POST", "/v1/admin/reconcile/{domain}",
      [this](service::HttpRequest r, service::Responder out) { reconcile(std::move(r), std::move(out)); },
      {.admin = true, .deadline = std::chrono::minutes(10)});
  router.add(
      "GET", "/v1/admin/reconcile/{domain}",
      [this](service::HttpRequest r, service::Responder responder) {
        if (!mapping->plan().domain(r.param)) {
          responder.respond(json_error(404, "no domain `" + r.param + "` in the mapping"));
          return;
        }
        auto out = std::make_shared<service::Responder>(std::move(responder));
        post([this, out, domain = r.param] { out->respond({.body = reconciles->status_json(domain)}); });
      },
      {.admin = true});
  service::AdminSources sources;
  sources.connectors = [this] {
    std::vector<service::ConnectorStatus> out;
    for (const core::ConnectorHealth& h : engine->health())
      out.push_back({.name = h.system, .kind = h.kind, .in_flight = h.stats.in_flight,
                     .max_in_flight = h.stats.max_in_flight, .budget_concurrency = h.budget_concurrency,
                     .requests = h.stats.requests, .throttled = h.stats.throttled, .retryable = h.stats.retryable,
                     .permanent = h.stats.permanent, .circuit = core::circuit_state_name(h.circuit)});
    return out;
  };
  sources.extra = [this] {
    wire::Value v = wire::Value::object();
    v.set("mapping", wire::Value::string(mapping->plan().mapping));
    v.set("mapping_version", wire::Value::integer(mapping->plan().version));
    v.set("workers", wire::Value::integer(options.config.service.workers));
    v.set("busy", wire::Value::integer(engine->busy()));
    v.set("uptime_s", wire::Value::integer(std::chrono::duration_cast<std::chrono::seconds>(
                                              std::chrono::steady_clock::now() - started_at).count()));
    return v;
  };
  sources.offload = [this](std::function<void()> job) { post(std::move(job)); };
  service::add_admin_routes(router, *store, std::move(sources));
  router.add("GET", "/metrics", [this](service::HttpRequest, service::Responder out) {
    out.respond({.content_type = "text/plain; version=0.0.4", .body = metrics_text()});
  });
}

void Runtime::Impl::webhook(service::HttpRequest request, service::Responder responder) {
  const auto arrived = std::chrono::steady_clock::now();
  auto it = systems.find(request.param);
  if (it == systems.end()) {
    responder.respond(json_error(404, "no system `" + request.param + "` in the mapping"));
    return;
  }
  const std::string system = it->first;
  connectors::WebhookResult result = it->second->receive({request.body, request.headers});
  switch (result.verdict) {
    case connectors::WebhookVerdict::kPing:
      responder.respond({.body = "{\"ping\":true}"});
      return;
    case connectors::WebhookVerdict::kForged:
    case connectors::WebhookVerdict::kUnsigned:
    case connectors::WebhookVerdict::kTruncated:
      metrics.counter("syncloom_webhooks_refused_total", "Webhook deliveries refused before parsing",
                      {{"system", system}, {"reason", connectors::webhook_verdict_name(result.verdict)}}).add();
      log->warn("webhook refused", {{"system", system}, {"verdict", connectors::webhook_verdict_name(result.verdict)},
                                    {"reason", result.reason}});
      responder.respond(json_error(result.http_status ? result.http_status : 401, result.reason));
      return;
    case connectors::WebhookVerdict::kMalformed:
    case connectors::WebhookVerdict::kEvents: break;
  }

  core::Routed routed;
  if (result.verdict == connectors::WebhookVerdict::kMalformed) {
    // Signed by the store but not a record we know: kept, and dead-lettered with the reason by a worker.
    store::Event e{.system = system, .topic = "malformed: " + result.reason, .record = "", .source_id = "",
                   .dedupe_scope = std::string(core::kMalformedDomain), .dedupe_key = core::content_hash(request.body),
                   .payload = request.body, .correlation_id = core::new_correlation_id()};
    e.work.push_back({.domain = std::string(core::kMalformedDomain), .key = e.dedupe_key, .priority = core::kPriorityRealtime});
    routed.events.push_back(std::move(e));
  }
  for (const connectors::Event& event : result.events) {
    if (event.deleted) continue;  // deletions are not synced (the mapping says nothing about them)
    routed.append(router->route(system, event, core::new_correlation_id()));
  }
  core::count_filtered(metrics, routed);
  metrics.counter("syncloom_webhooks_received_total", "Verified webhook deliveries", {{"system", system}}).add();
  if (routed.events.empty()) {
    responder.respond({.body = "{\"accepted\":0,\"duplicates\":0}"});
    return;
  }

  // Acknowledged once every stored event is durable: the store answers on its writer thread, after the
  // commit the deliveries share, so no thread waits per delivery.
  struct Pending {
    service::Responder responder;
    std::atomic<size_t> left;
    std::atomic<size_t> fresh{0}, duplicates{0};
    std::atomic<bool> failed{false};
    std::string error;
    std::mutex error_mutex;
  };
  auto pending = std::make_shared<Pending>();
  pending->responder = std::move(responder);
  pending->left = routed.events.size();
  auto& ack = metrics.histogram("syncloom_webhook_ack_seconds", "Webhook receipt to durable acknowledgement",
                                core::Metrics::latency_buckets(), {{"system", system}});
  for (store::Event& event : routed.events) {
    const bool has_work = !event.work.empty();
    std::string scope = event.dedupe_scope;
    store->accept_async(std::move(event), [this, pending, has_work, scope, arrived, &ack](store::Result<store::Accepted> r) {
      if (!r.ok()) {
        std::lock_guard lock(pending->error_mutex);
        pending->failed = true;
        pending->error = r.error().message;
      } else if (has_work) {
        core::count_accepted(metrics, scope, r->duplicate);
        ++(r->duplicate ? pending->duplicates : pending->fresh);
      }
      if (--pending->left != 0) return;
      if (pending->failed) {
        pending->responder.respond(json_error(503, "not stored: " + pending->error));
        return;
      }
      pending->responder.respond({.body = "{\"accepted\":" + std::to_string(pending->fresh.load()) +
                                          ",\"duplicates\":" + std::to_string(pending->duplicates.load()) + "}"});
      ack.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - arrived).count());
      if (pending->fresh) engine->wake();
    });
  }
}

// POST /v1/admin/reconcile/DOMAIN[?repair=true][&wait=true]: queued on the reconcile thread (202), or with
// `wait` answered with the pass's record when it ends (200; 502 when a system could not be read).
void Runtime::Impl::reconcile(service::HttpRequest request, service::Responder responder) {
  std::string why;
  auto params = service::detail::parse_query(request.query, why);
  if (!params) {
    responder.respond(json_error(400, why));
    return;
  }
  bool repair = false, wait = false;
  for (const auto& [name, value] : *params) {
    bool* flag = name == "repair" ? &repair : name == "wait" ? &wait : nullptr;
    if (!flag) {
      responder.respond(json_error(400, "unknown parameter `" + name + "` (expected repair or wait)"));
      return;
    }
    if (value != "true" && value != "false" && value != "1" && value != "0") {
      responder.respond(json_error(400, name + ": expected true or false, not `" + value + "`"));
      return;
    }
    *flag = value == "true" || value == "1";
  }
  const std::string domain = request.param;
  core::ReconcileScheduler::Done done;
  std::shared_ptr<service::Responder> waiting;
  if (wait) {
    waiting = std::make_shared<service::Responder>(std::move(responder));
    done = [waiting](const std::string& pass) {
      const bool ran = pass.find(R"("result":"not_run")") == std::string::npos;
      const bool failed = pass.find(R"("result":"failed")") != std::string::npos;
      waiting->respond({.status = !ran ? 503u : failed ? 502u : 200u, .body = pass});
    };
  }
  switch (reconciles->request(domain, repair, std::move(done))) {
    case core::ReconcileRequest::kUnknownDomain:
      (waiting ? *waiting : responder)
          .respond(json_error(404, "no domain `" + domain + "` with a flow from its owner in the mapping"));
      return;
    case core::ReconcileRequest::kQueued:
    case core::ReconcileRequest::kAlreadyQueued:
      if (wait) return;  // answered when the pass ends
      responder.respond({.status = 202, .body = "{" + json_field("domain", domain, true) +
                                                 ",\"queued\":true,\"repair\":" + (repair ? "true" : "false") +
                                                 json_field("status", "/v1/admin/reconcile/" + domain) + "}"});
      return;
  }
}

void Runtime::Impl::realtime(service::HttpRequest request, service::Responder responder) {
  const DomainPlan* domain = mapping->plan().domain(request.param);
  if (!domain || domain->owner.empty()) {
    responder.respond(json_error(404, "no domain `" + request.param + "` with an owner in the mapping"));
    return;
  }
  std::string record;
  for (const PlanFlow& f : domain->flows)
    if (core::reads_system(f, domain->owner)) record = core::split_record(f.info.source).record;
  auto routed = router->route_to(domain->name, domain->owner, record, "", request.body,
                                 {"realtime", "realtime:" + core::content_hash(request.body), core::kPriorityRealtime},
                                 core::new_correlation_id());
  if (!routed) {
    responder.respond(json_error(404, "domain `" + domain->name + "` has no flow from " + domain->owner));
    return;
  }
  if (routed->events.empty()) {
    responder.respond({.body = "{\"outcome\":\"filtered\"}"});
    return;
  }
  store::Event& event = routed->events.front();
  const std::string cid = event.correlation_id, key = event.work.front().key, name = domain->name;
  auto shared = std::make_shared<service::Responder>(std::move(responder));
  // Stored without holding an I/O thread through the commit; the answer to the acceptance looks the store
  // up, which the store's own thread must not do, so it goes to the job thread.
  store->accept_async(std::move(event), [this, shared, cid, key, name](store::Result<store::Accepted> accepted) {
    post([this, shared, cid, key, name, accepted = std::move(accepted)] {
      if (!accepted.ok()) {
        shared->respond(json_error(503, "not stored: " + accepted.error().message));
        return;
      }
      if (accepted->duplicate || accepted->work_ids.empty()) {
        std::string body = "{" + json_field("outcome", "duplicate", true) + json_field("key", key);
        if (auto x = store->xref(name, key); x.ok() && *x) body += json_field("target_id", (*x)->target_id);
        shared->respond({.body = body + "}"});
        return;
      }
      engine->wake();
      engine->when_finished(accepted->work_ids.front(), [shared, cid, key](const core::ItemOutcome& o) {
        std::string body = "{\"work_id\":" + std::to_string(o.work_id) + json_field("state", o.state) +
                           json_field("outcome", o.outcome) + json_field("key", key) + json_field("correlation_id", cid);
        if (!o.target_id.empty()) body += json_field("target_id", o.target_id);
        if (o.state == "dead") body += json_field("error", o.error) + json_field("field", o.error_field);
        shared->respond({.status = o.state == "done" ? 200u : 422u, .body = body + "}"});
      });
    });
  });
}

}  // namespace syncloom
