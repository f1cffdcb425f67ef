// The admin API's routes (admin_api.hpp): each reads or acts on the store and answers JSON.
#include "syncloom/service/admin_api.hpp"

#include <charconv>
#include <memory>

#include "syncloom/service/query_params.hpp"
#include "syncloom/wire/path.hpp"

namespace syncloom::service {
namespace {

using wire::Value;

HttpResponse json(unsigned status, const Value& v) {
  HttpResponse r;
  r.status = status;
  r.body = wire::dump(v);
  return r;
}

HttpResponse store_failure(const store::Error& error) {
  switch (error.code) {
    case store::ErrorCode::kNotFound: return HttpResponse::error(404, error.message);
    case store::ErrorCode::kConflict: return HttpResponse::error(409, error.message);
    case store::ErrorCode::kInvalidArgument: return HttpResponse::error(400, error.message);
    case store::ErrorCode::kClosed: return HttpResponse::error(503, error.message);
    default: return HttpResponse::error(500, error.message);
  }
}

std::optional<int64_t> positive(std::string_view text) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size() || n <= 0) return std::nullopt;
  return n;
}

// The request's query parameters, each one of `known`; a response when they are not.
std::optional<HttpResponse> read_query(const HttpRequest& req, std::initializer_list<std::string_view> known,
                                       detail::QueryParams& params) {
  std::string why;
  auto parsed = detail::parse_query(req.query, why);
  if (!parsed) return HttpResponse::error(400, why);
  for (const auto& [name, value] : *parsed) {
    bool ok = false;
    for (auto k : known) ok = ok || name == k;
    if (!ok) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return HttpResponse::error(400, "unknown query parameter `" + name + "` (expected " + list + ")");
    }
  }
  params = std::move(*parsed);
  return std::nullopt;
}

// A limit parameter: 1 to 100,000.
std::optional<HttpResponse> read_limit(const std::string& value, int& limit) {
  auto n = positive(value);
  if (!n || *n > 100'000) return HttpResponse::error(400, "limit: `" + value + "` is not a number from 1 to 100000");
  limit = static_cast<int>(*n);
  return std::nullopt;
}

class AdminApi {
 public:
  AdminApi(store::Store& store, AdminSources sources) : store_(store), sources_(std::move(sources)) {}

  store::TimeMs now() const { return sources_.clock ? sources_.clock() : store::system_clock_ms(); }

  HttpResponse status() {
    auto domains = store_.domain_status();
    if (!domains) return store_failure(domains.error());
    auto intake = store_.intake_status();
    if (!intake) return store_failure(intake.error());
    Value v = store_status_json(*domains, *intake, now());
    Value& connectors = v.set("connectors", Value::array());
    if (sources_.connectors)
      for (const auto& c : sources_.connectors()) connectors.push_back(connector_status_json(c));
    v.set("service", sources_.extra ? sources_.extra() : Value::object());
    return json(200, v);
  }

  HttpResponse list(const HttpRequest& req) {
    detail::QueryParams params;
    if (auto bad = read_query(req, {"domain", "since", "reason", "all", "limit"}, params)) return *bad;
    store::DeadLetterFilter filter;
    for (const auto& [name, value] : params) {
      if (name == "domain") filter.domain = value;
      else if (name == "reason") filter.reason = value;
      else if (name == "since") {
        filter.since = parse_utc(value);
        if (!filter.since)
          return HttpResponse::error(400, "since: `" + value + "` is not an ISO 8601 instant (2026-11-30T10:00:00Z) or a date");
      } else if (name == "all") {
        if (value != "" && value != "1" && value != "true" && value != "0" && value != "false")
          return HttpResponse::error(400, "all: expected true or false, not `" + value + "`");
        filter.include_closed = value == "" || value == "1" || value == "true";
      } else if (auto bad = read_limit(value, filter.limit)) {
        return *bad;
      }
    }
    auto entries = store_.dead_letters(filter);
    if (!entries) return store_failure(entries.error());
    return json(200, dead_letter_list_json(*entries));
  }

  HttpResponse show(std::int64_t id) {
    auto entry = store_.dead_letter(id);
    if (!entry) return store_failure(entry.error());
    auto audit = store_.audit(entry->work_id);
    if (!audit) return store_failure(audit.error());
    return json(200, dead_letter_show_json(*entry, *audit));
  }

  HttpResponse edit(std::int64_t id, const HttpRequest& req) {
    auto body = object_body(req);
    if (!body.value) return HttpResponse::error(400, body.error);
    const Value* set = body.value->find("set");
    const Value* payload = body.value->find("payload");
    for (const auto& [key, value] : body.value->members())
      if (key != "set" && key != "payload") return HttpResponse::error(400, "unknown member `" + key + "` (expected set or payload)");
    if ((set == nullptr) == (payload == nullptr)) return HttpResponse::error(400, "give either `set` or `payload`");
    std::string edited;
    if (payload) {
      edited = wire::dump(*payload);
    } else {
      if (!set->is_object() || set->members().empty())
        return HttpResponse::error(400, "set: expected an object of paths and values, such as {\"billing.email\": \"a@b.example\"}");
      auto entry = store_.dead_letter(id);
      if (!entry) return store_failure(entry.error());
      auto doc = wire::parse(entry->payload);
      if (!doc.value) {
        return HttpResponse::error(409, "dead letter " + std::to_string(id) + ": its payload is not JSON (" + doc.error +
                                            "): replace it whole with {\"payload\": ...}");
      }
      for (const auto& [path, value] : set->members()) {
        std::string why = wire::set_path(*doc.value, path, value);
        if (!why.empty()) return HttpResponse::error(400, "set: " + why);
      }
      edited = wire::dump(*doc.value);
    }
    auto done = store_.edit_dead_letter(id, edited, kAdminActor);
    if (!done) return store_failure(done.error());
    return show(id);
  }

  HttpResponse replay(std::int64_t id) {
    auto done = store_.replay_dead_letter(id, kAdminActor);
    if (!done) return store_failure(done.error());
    return show(id);
  }

  HttpResponse discard(std::int64_t id, const HttpRequest& req) {
    auto body = object_body(req);
    if (!body.value) return HttpResponse::error(400, body.error);
    const Value* reason = body.value->find("reason");
    if (!reason || !reason->is_string() || reason->text().empty())
      return HttpResponse::error(400, "reason: required, a non-empty string saying why the entry is discarded");
    auto done = store_.discard_dead_letter(id, reason->text(), kAdminActor);
    if (!done) return store_failure(done.error());
    return show(id);
  }

  HttpResponse audit(const HttpRequest& req) {
    detail::QueryParams params;
    if (auto bad = read_query(req, {"work_id", "limit"}, params)) return *bad;
    std::int64_t work_id = 0;
    int limit = 1000;
    for (const auto& [name, value] : params) {
      if (name == "limit") {
        if (auto bad = read_limit(value, limit)) return *bad;
      } else if (auto n = positive(value)) {
        work_id = *n;
      } else {
        return HttpResponse::error(400, "work_id: `" + value + "` is not a work item's id");
      }
    }
    auto entries = store_.audit(work_id);
    if (!entries) return store_failure(entries.error());
    size_t from = entries->size() > static_cast<size_t>(limit) ? entries->size() - static_cast<size_t>(limit) : 0;
    Value v = Value::object();
    Value& lines = v.set("audit", Value::array());
    for (size_t i = from; i < entries->size(); ++i) lines.push_back(audit_json((*entries)[i]));
    return json(200, v);
  }

  HttpResponse workflows(const HttpRequest& req) {
    detail::QueryParams params;
    if (auto bad = read_query(req, {"workflow", "key", "status", "limit"}, params)) return *bad;
    store::WorkflowFilter filter{.newest_first = true, .limit = 100};
    for (const auto& [name, value] : params) {
      if (name == "workflow") filter.workflow = value;
      else if (name == "key") filter.key = value;
      else if (name == "status") {
        filter.status = store::parse_workflow_status(value);
        if (!filter.status) return HttpResponse::error(400, "status: `" + value + "` is not running, awaiting, done or failed");
      } else if (auto bad = read_limit(value, filter.limit)) {
        return *bad;
      }
    }
    auto instances = store_.workflow_instances(filter);
    if (!instances) return store_failure(instances.error());
    return json(200, workflow_list_json(*instances));
  }

  HttpResponse workflow(std::int64_t id) {
    auto found = store_.workflow_instances({.id = id});
    if (!found) return store_failure(found.error());
    if (found->empty()) return HttpResponse::error(404, "no workflow instance " + std::to_string(id));
    return json(200, workflow_instance_json(found->front(), true));
  }

  void run(std::function<void()> job) {
    if (sources_.offload) sources_.offload(std::move(job));
    else job();
  }

 private:
  // The body as a JSON object (an empty body is {}); the error names what is wrong.
  static wire::ParseResult object_body(const HttpRequest& req) {
    if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return {Value::object(), {}, 0};
    auto parsed = wire::parse(req.body);
    if (!parsed.value) parsed.error = "body: not JSON: " + parsed.error;
    else if (!parsed.value->is_object()) parsed = {std::nullopt, "body: expected a JSON object", 0};
    return parsed;
  }

  store::Store& store_;
  AdminSources sources_;
};

using Action = std::function<HttpResponse(AdminApi&, const HttpRequest&)>;
using EntryAction = std::function<HttpResponse(AdminApi&, std::int64_t, const HttpRequest&)>;

// A route whose work runs through AdminSources::offload and answers from there.
Handler handler(std::shared_ptr<AdminApi> api, Action action) {
  return [api = std::move(api), action = std::move(action)](HttpRequest req, Responder r) {
    auto pending = std::make_shared<Responder>(std::move(r));
    auto request = std::make_shared<HttpRequest>(std::move(req));
    api->run([api, action, pending, request] { pending->respond(action(*api, *request)); });
  };
}

// A route under /dlq/{id} (or /workflows/{id}): the id checked before the action runs.
Action with_entry(EntryAction action, std::string_view what = "a dead-letter id") {
  return [action = std::move(action), what](AdminApi& api, const HttpRequest& req) {
    auto id = positive(req.param);
    if (!id) return HttpResponse::error(400, "`" + req.param + "` is not " + std::string(what));
    return action(api, *id, req);
  };
}

}  // namespace

void add_admin_routes(Router& router, store::Store& store, AdminSources sources) {
  auto api = std::make_shared<AdminApi>(store, std::move(sources));
  RouteOptions admin{.admin = true};
  router.add("GET", "/v1/admin/status", handler(api, [](AdminApi& a, const HttpRequest&) { return a.status(); }), admin);
  router.add("GET", "/v1/admin/dlq", handler(api, [](AdminApi& a, const HttpRequest& r) { return a.list(r); }), admin);
  router.add("GET", "/v1/admin/dlq/{id}",
             handler(api, with_entry([](AdminApi& a, std::int64_t id, const HttpRequest&) { return a.show(id); })), admin);
  router.add("POST", "/v1/admin/dlq/{id}/edit",
             handler(api, with_entry([](AdminApi& a, std::int64_t id, const HttpRequest& r) { return a.edit(id, r); })), admin);
  router.add("POST", "/v1/admin/dlq/{id}/replay",
             handler(api, with_entry([](AdminApi& a, std::int64_t id, const HttpRequest&) { return a.replay(id); })), admin);
  router.add("POST", "/v1/admin/dlq/{id}/discard",
             handler(api, with_entry([](AdminApi& a, std::int64_t id, const HttpRequest& r) { return a.discard(id, r); })),
             admin);
  router.add("GET", "/v1/admin/audit", handler(api, [](AdminApi& a, const HttpRequest& r) { return a.audit(r); }), admin);
  router.add("GET", "/v1/admin/workflows", handler(api, [](AdminApi& a, const HttpRequest& r) { return a.workflows(r); }),
             admin);
  router.add("GET", "/v1/admin/workflows/{id}",
             handler(api, with_entry([](AdminApi& a, std::int64_t id, const HttpRequest&) { return a.workflow(id); },
                                     "a workflow instance id")),
             admin);
}

}  // namespace syncloom::service
