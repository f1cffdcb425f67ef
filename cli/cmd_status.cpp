// `syncloom status [--config C | --store P] [--format text|json]`: per domain the queues, dead letters,
// last success and lag (from the store); intake per scope; workflow instances and their checkpoints; per connector budget use and circuit state
// (from the running service's admin API, when it answers).
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "commands.hpp"
#include "status_service.hpp"
#include "store_access.hpp"
#include "text_table.hpp"

namespace syncloom::cli {
namespace {

std::string num(std::int64_t n) { return std::to_string(n); }

// Per workflow the instances by status, then the unfinished and failed ones, newest first, with the step
// each is at and its last checkpoint.
void print_workflows(const std::vector<store::WorkflowInstance>& instances, store::TimeMs now) {
  if (instances.empty()) return;
  std::map<std::string, std::map<std::string, std::int64_t>> counts;
  for (const auto& w : instances) ++counts[w.workflow][store::workflow_status_name(w.status)];
  std::cout << "\n";
  TextTable totals({"WORKFLOW", ">RUNNING", ">AWAITING", ">DONE", ">FAILED"});
  for (auto& [name, by] : counts)
    totals.add({name, num(by["running"]), num(by["awaiting"]), num(by["done"]), num(by["failed"])});
  totals.print(std::cout);
  TextTable open({"INSTANCE", "KEY", "STATUS", "STEP", "LAST CHECKPOINT", "DEADLINE (UTC)", ">SINCE"});
  size_t shown = 0;
  for (const auto& w : instances) {
    if (w.status == store::WorkflowStatus::kDone || shown == 20) continue;
    ++shown;
    std::string last = "-";
    if (auto c = wire::parse(w.checkpoints); c.value && c.value->is_array() && c.value->size() > 0) {
      const wire::Value& end = c.value->items().back();
      last = end.at("step").text() + ": " + end.at("outcome").text();
      if (const wire::Value* d = end.find("detail")) last += " (" + d->text() + ")";
    }
    open.add({w.workflow + " #" + num(w.id), w.key + " (" + num(w.sequence) + ")", store::workflow_status_name(w.status),
              w.step_name.empty() ? "-" : w.step_name, last, w.deadline ? service::utc_text(w.deadline, false) : "-",
              human_duration(std::max<store::TimeMs>(0, now - w.updated_at))});
  }
  if (shown == 0) return;
  std::cout << "\n";
  open.print(std::cout);
}

void print_text(const OpenedStore& opened, const std::vector<store::DomainStatus>& domains,
                const std::vector<store::IntakeStatus>& intake, const std::vector<store::WorkflowInstance>& workflows,
                const store::RetainedStatus& retained,
                const ServiceFigures& service, store::TimeMs now) {
  std::cout << "store  " << opened.path << "\nnow    " << service::utc_text(now, false) << "\n\n";
  if (domains.empty()) {
    std::cout << "no work in the store yet\n";
  } else {
    TextTable table({"DOMAIN", ">PENDING", ">RUNNING", ">WAITING", ">DEAD", "LAST SUCCESS (UTC)", ">LAG"});
    for (const auto& d : domains) {
      table.add({d.domain, num(d.pending), num(d.running), num(d.waiting), num(d.dead),
                 d.last_success ? service::utc_text(*d.last_success, false) : "never",
                 d.oldest_pending ? human_duration(std::max<store::TimeMs>(0, now - *d.oldest_pending)) : "-"});
    }
    table.print(std::cout);
  }
  if (!intake.empty()) {
    std::cout << "\n";
    TextTable table({"INTAKE", ">RECEIVED", ">DUPLICATES"});
    for (const auto& i : intake) table.add({i.dedupe_scope, num(i.received), num(i.duplicates)});
    table.print(std::cout);
  }
  print_workflows(workflows, now);
  std::cout << "\nretained " << retained.events << (retained.events == 1 ? " event" : " events");
  if (retained.oldest)
    std::cout << ", the oldest received " << service::utc_text(*retained.oldest, false) << " ("
              << human_duration(std::max<store::TimeMs>(0, now - *retained.oldest)) << " ago)";
  std::cout << "\n\n";
  if (!service.running) {
    std::cout << service.note << "\n";
    return;
  }
  std::cout << "service running at " << service.url;
  for (const auto& [key, value] : service.extra.members())
    std::cout << (&key == &service.extra.members().front().first ? ": " : ", ") << key << " "
              << (value.is_string() ? value.text() : wire::dump(value));
  std::cout << "\n";
  if (service.connectors.empty()) return;
  TextTable table({"CONNECTOR", "KIND", ">IN FLIGHT", ">PEAK", ">REQUESTS", ">THROTTLED", ">RETRYABLE", ">PERMANENT", "CIRCUIT"});
  for (const auto& c : service.connectors) {
    table.add({c.name, c.kind, std::to_string(c.in_flight) + "/" + std::to_string(c.budget_concurrency),
               std::to_string(c.max_in_flight), std::to_string(c.requests), std::to_string(c.throttled),
               std::to_string(c.retryable), std::to_string(c.permanent), c.circuit});
  }
  table.print(std::cout);
}

wire::Value service_json(const ServiceFigures& service) {
  wire::Value v = wire::Value::object();
  v.set("running", wire::Value::boolean(service.running));
  v.set("url", service.url.empty() ? wire::Value::null() : wire::Value::string(service.url));
  if (!service.running) v.set("note", wire::Value::string(service.note));
  v.set("figures", service.extra);
  return v;
}

int run_status(const OpenedStore& opened, const std::string& format) {
  store::TimeMs now = store::system_clock_ms();
  auto domains = opened.store->domain_status();
  if (!domains) {
    print_store_error(domains.error(), std::cerr);
    return kExitUsage;
  }
  auto intake = opened.store->intake_status();
  if (!intake) {
    print_store_error(intake.error(), std::cerr);
    return kExitUsage;
  }
  auto workflows = opened.store->workflow_instances({.newest_first = true, .limit = 10'000});
  if (!workflows) {
    print_store_error(workflows.error(), std::cerr);
    return kExitUsage;
  }
  auto retained = opened.store->retained_status();
  if (!retained) {
    print_store_error(retained.error(), std::cerr);
    return kExitUsage;
  }
  ServiceFigures service = ask_service(opened.config ? &*opened.config : nullptr);
  if (format == "text") {
    print_text(opened, *domains, *intake, *workflows, *retained, service, now);
    return kExitOk;
  }
  wire::Value v = service::store_status_json(*domains, *intake, now);
  v.set("store", wire::Value::string(opened.path));
  workflows->resize(std::min<size_t>(workflows->size(), 100));
  v.set("workflows", service::workflow_list_json(*workflows).at("workflows"));
  wire::Value& kept = v.set("retained", wire::Value::object());
  kept.set("events", wire::Value::integer(retained->events));
  kept.set("oldest", retained->oldest ? wire::Value::string(service::utc_text(*retained->oldest, true)) : wire::Value::null());
  if (service.running) {
    wire::Value& connectors = v.set("connectors", wire::Value::array());
    for (const auto& c : service.connectors) connectors.push_back(service::connector_status_json(c));
  } else {
    v.set("connectors", wire::Value::null());
  }
  v.set("service", service_json(service));
  std::cout << wire::dump(v) << "\n";
  return kExitOk;
}

}  // namespace

void add_status_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("status", "Queues, dead letters and lag per domain; connector budgets from the running service");
  auto access = std::make_shared<StoreAccess>();
  add_store_options(cmd, *access, true);
  cmd->callback([cmd, access, &exit_code] {
    auto opened = open_store(*access, cmd->get_option("--config")->count() > 0, std::cerr);
    exit_code = opened ? run_status(*opened, access->format) : kExitUsage;
  });
}

}  // namespace syncloom::cli
