// The Tryton connector: configuration, the interface's calls delegated to read/write/events, and check().
#include "tryton/tryton_connector.hpp"

#include "common/shape.hpp"
#include "tryton/core.hpp"
#include "tryton/events.hpp"
#include "tryton/read.hpp"
#include "tryton/write.hpp"

namespace syncloom::connectors {

using tryton::Core;

TrytonConnector::TrytonConnector(std::unique_ptr<Core> core) : core_(std::move(core)) {}
TrytonConnector::~TrytonConnector() = default;

std::unique_ptr<TrytonConnector> TrytonConnector::make(const SystemConfig& config, const Environment& environment,
                                                       std::string* error) {
  auto fail = [&](std::string why) {
    if (error) *error = std::move(why);
    return nullptr;
  };
  if (config.url.rfind("http://", 0) != 0 && config.url.rfind("https://", 0) != 0)
    return fail(config.where("url") + ": expected an http:// or https:// URL of the Tryton server, got \"" + config.url + "\"");
  std::string database = config.get("database");
  if (database.empty()) return fail(config.where("database") + ": missing: the Tryton database name (trytond's db)");
  if (database.find_first_of("/?#% ") != std::string::npos)
    return fail(config.where("database") + ": \"" + database + "\" is not a database name");
  auto core = std::make_unique<Core>();
  core->config = config;
  std::string schema_error;
  core->schema = shape::load_system_schema("tryton", environment.schema_dir, &schema_error);
  if (!core->schema) return fail("the Tryton schema: " + schema_error);
  if (std::string w = config.get("warehouse"); !w.empty()) {
    try {
      core->warehouse = std::stoll(w);
    } catch (...) {
      return fail(config.where("warehouse") + ": expected a stock.location id, got \"" + w + "\"");
    }
  }
  tryton::ClientSettings settings;
  std::string base = config.url;
  if (base.back() != '/') base += '/';
  settings.endpoint = base + database + "/";
  settings.user = config.get("user", "admin");
  settings.password = config.secret("password");
  settings.language = config.get("language", "en");
  http::ClientOptions options;
  options.connect_timeout = config.connect_timeout;
  options.timeout = config.timeout;
  options.max_body_bytes = config.max_body_bytes;
  options.verify_tls = config.verify_tls;
  options.log = environment.request_log;
  options.faults = environment.faults;
  core->rpc = std::make_unique<tryton::RpcClient>(std::move(settings), std::move(options), config.budget);
  return std::unique_ptr<TrytonConnector>(new TrytonConnector(std::move(core)));
}

std::unique_ptr<Connector> make_tryton_connector(const SystemConfig& config, const Environment& environment,
                                                 std::string* error) {
  return TrytonConnector::make(config, environment, error);
}

const SystemConfig& TrytonConnector::config() const { return core_->config; }

std::vector<RecordSupport> TrytonConnector::support() const {
  std::vector<RecordSupport> out;
  for (const tryton::RecordInfo& info : tryton::record_infos()) {
    RecordSupport s;
    s.record = std::string(info.record);
    s.get = s.find = s.list = s.changes = true;
    bool writable = tryton::is_writable(info);
    s.create = s.update = s.upsert = writable;
    for (const tryton::Relation& r : info.relations) s.relations.emplace_back(r.name);
    for (const tryton::KeyField& k : info.keys) s.find_fields.emplace_back(k.field);
    out.push_back(std::move(s));
  }
  return out;
}

Fetched TrytonConnector::get(std::string_view record, std::string_view id) { return tryton::get_record(*core_, record, id); }
std::string TrytonConnector::record_version(std::string_view, std::string_view json) const {
  auto parsed = wire::parse(json);
  return parsed.value && parsed.value->is_object() ? tryton::version_of(*parsed.value) : std::string();
}
Fetched TrytonConnector::find(std::string_view record, const KeyQuery& key) { return tryton::find_record(*core_, record, key); }
Page TrytonConnector::list(const ListQuery& query) { return tryton::list_records(*core_, query); }
Page TrytonConnector::related(const RelatedQuery& query) { return tryton::related_records(*core_, query); }
Written TrytonConnector::write(const WriteRequest& request) { return tryton::write_record(*core_, request); }

std::vector<Written> TrytonConnector::write_batch(std::span<const WriteRequest> requests) {
  // Tryton's create takes many records, but one bad record fails the whole call and sales need their
  // workflow each: one outcome per item is only honest item by item.
  std::vector<Written> out;
  out.reserve(requests.size());
  for (const WriteRequest& r : requests) out.push_back(write(r));
  return out;
}

WebhookResult TrytonConnector::receive(const WebhookDelivery&) {
  WebhookResult r;
  r.verdict = WebhookVerdict::kUnsigned;
  r.http_status = 404;
  r.reason = "Tryton sends no webhooks: its events are derived by polling (poll)";
  return r;
}

EventPage TrytonConnector::poll(const PollQuery& query) { return tryton::poll_events(*core_, query); }

Subscriptions TrytonConnector::subscriptions() {
  Subscriptions s;
  s.outcome = Outcome::permanent("Tryton has no webhook subscriptions: events are polled", "not_supported");
  return s;
}

Written TrytonConnector::subscribe(std::string_view, std::string_view) {
  Written w;
  w.outcome = Outcome::permanent("Tryton has no webhook subscriptions: events are polled", "not_supported");
  return w;
}

Written TrytonConnector::reactivate(std::string_view id) { return subscribe(id, ""); }

std::vector<CheckStep> TrytonConnector::check() {
  std::vector<CheckStep> steps;
  tryton::RpcAnswer version = core_->rpc->call_root("common.server.version", wire::Value::array());
  steps.push_back({"reach the server", version.outcome, version.outcome.ok() ? "Tryton " + version.result.text() : ""});
  tryton::Login login = core_->rpc->credentials();
  std::string who;
  if (login.outcome.ok()) {
    who = "session for user " + std::to_string(login.credentials->uid);
    if (const wire::Value* c = login.credentials->context.find("company.rec_name")) who += ", company " + c->text();
  }
  steps.push_back({"authenticate", login.outcome, who});
  if (!login.outcome.ok()) return steps;
  for (const tryton::RecordInfo& info : tryton::record_infos()) {
    ListQuery q;
    q.record = std::string(info.record);
    q.page_size = 1;
    Page p = list(q);
    steps.push_back({"read " + q.record, p.outcome,
                     p.outcome.ok() ? (p.records.empty() ? std::string("none yet") : q.record + " " + p.records[0].id) : ""});
  }
  return steps;
}

ConnectorStats TrytonConnector::stats() const { return core_->rpc->stats(); }

}  // namespace syncloom::connectors
