// The admin JSON API over the durable store: status, the dead-letter queue (list, show, edit, replay,
// discard) and the audit trail, under /v1/admin/ (bearer token; docs/operations.md).
//
//   Router router;
//   add_admin_routes(router, *store, {.connectors = [&] { return engine.connector_statuses(); },
//                                     .offload = [&](std::function<void()> job) { pool.post(std::move(job)); }});
//   auto started = HttpListener::start(config, std::move(router));
#pragma once
#include <functional>
#include <vector>

#include "syncloom/service/admin_json.hpp"
#include "syncloom/service/http_listener.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom::service {

/// What the running engine adds to the store's figures. Every member may be left empty.
struct AdminSources {
  /// Per connector budget use and circuit state, for GET /v1/admin/status ("connectors": []); empty: none.
  std::function<std::vector<ConnectorStatus>()> connectors{};
  /// A JSON object of further figures (workers, uptime, lag), given as "service" in the status; empty: {}.
  std::function<wire::Value()> extra{};
  /// The time lags are measured against; empty: the system clock.
  store::Clock clock{};
  /// Runs a request's store calls (a replay waits for a commit, a status reads every queue) off the
  /// listener's I/O threads, such as on the engine's pool; the job answers the request itself. Empty:
  /// inline on the I/O thread, fine for tests and light use. Jobs must run before the store is closed.
  std::function<void(std::function<void()>)> offload{};
};

/// The actor recorded in the audit trail for the API's dead-letter actions.
inline constexpr const char* kAdminActor = "admin-api";

/// Registers, each with RouteOptions{.admin = true} (so `Authorization: Bearer <token>` is required):
///   GET  /v1/admin/status                  domains, intake, connectors, service
///   GET  /v1/admin/dlq?domain=&since=&reason=&all=&limit=   {"dead_letters": [...]}
///   GET  /v1/admin/dlq/{id}                the entry with payload, attempts and its item's audit lines
///   POST /v1/admin/dlq/{id}/edit           {"set": {"path": value, ...}} or {"payload": document}
///   POST /v1/admin/dlq/{id}/replay         the entry, now "replayed" with "replayed_as"
///   POST /v1/admin/dlq/{id}/discard        {"reason": "..."}: the entry, now "discarded"
///   GET  /v1/admin/audit?work_id=&limit=   {"audit": [...]}, oldest first (the last `limit`)
///   GET  /v1/admin/workflows?workflow=&key=&status=&limit=   {"workflows": [...]}, newest first (100)
///   GET  /v1/admin/workflows/{id}          the instance with its records and checkpoints
/// Errors answer {"error": "..."}: 400 a bad body or parameter (named), 404 an unknown id, 409 an entry
/// that is not open (or whose payload is not JSON for `set`), 500/503 a store failure.
/// `store` must outlive the listener.
void add_admin_routes(Router& router, store::Store& store, AdminSources sources = {});

}  // namespace syncloom::service
