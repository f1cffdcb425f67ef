// `syncloom pull --config C SYSTEM.RECORD [--since T] [--id N]...`: records in the schema's shape as
// NDJSON on stdout (the input of `syncloom map`), a progress line on a terminal, a summary on stderr.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "open_systems.hpp"
#include "since_time.hpp"

namespace syncloom::cli {
namespace {

struct PullOptions {
  OpenOptions open;
  std::string target;
  std::string since;
  std::vector<std::string> ids;
  unsigned page_size = 0;
  std::string overlap = "0s";
  std::vector<std::string> filters;
  uint64_t limit = 0;
};

int run_pull(const PullOptions& options) {
  std::string system, record;
  if (!split_system_record(options.target, system, record, std::cerr)) return kExitUsage;
  OpenOptions open_options = options.open;
  open_options.only = system;
  std::string since, why;
  if (!options.since.empty() && !resolve_since(options.since, since, why)) {
    std::cerr << "error: --since " << options.since << ": " << why << "\n";
    return kExitUsage;
  }
  std::chrono::seconds overlap{0};
  if (!parse_seconds(options.overlap, overlap, why)) {
    std::cerr << "error: --overlap " << options.overlap << ": " << why << "\n";
    return kExitUsage;
  }
  auto open = open_systems(open_options, std::cerr);
  if (!open) return kExitUsage;
  connectors::Connector& connector = *open->connectors.at(system);

  bool terminal = isatty(STDERR_FILENO);
  auto start = std::chrono::steady_clock::now();
  uint64_t count = 0, pages = 0;
  connectors::Outcome failure;
  std::string high_water;
  auto emit = [&](const connectors::Fetched& f) {
    std::cout << f.json << "\n";
    ++count;
  };

  if (!options.ids.empty()) {
    for (const std::string& id : options.ids) {
      auto fetched = with_retries<connectors::Fetched>([&] { return connector.get(record, id); });
      if (!fetched.outcome.ok()) {
        failure = fetched.outcome;
        std::cerr << "error: " << system << "." << record << " " << id << ": " << connectors::describe(fetched.outcome) << "\n";
        continue;
      }
      if (!fetched.found) {
        failure = connectors::Outcome::permanent("not found", "not_found");
        std::cerr << "error: " << system << "." << record << " " << id << ": not found\n";
        continue;
      }
      emit(fetched);
    }
  } else {
    connectors::ListQuery query;
    query.record = record;
    query.since = since;
    query.overlap = overlap;
    query.page_size = options.page_size;
    for (const std::string& f : options.filters) {
      size_t eq = f.find('=');
      if (eq == std::string::npos) {
        std::cerr << "error: --filter " << f << ": expected NAME=VALUE\n";
        return kExitUsage;
      }
      query.filters.emplace_back(f.substr(0, eq), f.substr(eq + 1));
    }
    for (;;) {
      auto page = with_retries<connectors::Page>([&] { return connector.list(query); });
      if (!page.outcome.ok()) {
        failure = page.outcome;
        std::cerr << (terminal ? "\n" : "") << "error: " << system << "." << record << " page " << pages + 1 << ": "
                  << connectors::describe(page.outcome) << "\n";
        break;
      }
      ++pages;
      for (const auto& f : page.records) {
        if (options.limit && count >= options.limit) break;
        emit(f);
      }
      if (!page.high_water.empty()) high_water = page.high_water;
      if (terminal) {
        std::cerr << "\rpulled " << count;
        if (page.total) std::cerr << " of " << page.total;
        std::cerr << " " << record << " records (" << pages << " pages)" << std::flush;
      }
      if (page.next_page.empty() || (options.limit && count >= options.limit)) break;
      query.page = page.next_page;
    }
    if (terminal) std::cerr << "\n";
  }
  std::cout.flush();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto stats = connector.stats();
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.2f", seconds);
  std::cerr << "pulled " << count << " " << system << "." << record << " records in " << elapsed << " s";
  if (seconds > 0) std::cerr << " (" << static_cast<uint64_t>(count / seconds) << "/s)";
  std::cerr << ", " << stats.requests << " requests on " << stats.connections << " connection"
            << (stats.connections == 1 ? "" : "s");
  if (!high_water.empty()) std::cerr << "; newest change " << high_water << " (the next --since)";
  std::cerr << "\n";
  return failure.ok() ? kExitOk : kExitFindings;
}

}  // namespace

void add_pull_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("pull", "Read records from a system as NDJSON in the schema's shape");
  auto options = std::make_shared<PullOptions>();
  options->open.config_path = "syncloom.yaml";
  cmd->add_option("target", options->target, "SYSTEM.RECORD, such as woo.order or erp.salesOrder")->required();
  cmd->add_option("--config,-c", options->open.config_path, "Configuration file")->capture_default_str();
  cmd->add_option("--since", options->since,
                  "Only records created or changed since: an ISO 8601 instant (2026-11-30T10:00:00Z) or an age (90s, 15min, 24h, 7d)");
  cmd->add_option("--overlap", options->overlap, "Also re-read this much before --since (5min)")->capture_default_str();
  cmd->add_option("--id", options->ids, "Read these ids only (repeatable)");
  cmd->add_option("--filter", options->filters, "A filter the system supports, NAME=VALUE (status=processing)");
  cmd->add_option("--page-size", options->page_size, "Records per request (default: the system's maximum)");
  cmd->add_option("--limit", options->limit, "Stop after this many records");
  cmd->add_flag("--verbose,-v", options->open.verbose, "Print each request (credentials redacted) on stderr");
  cmd->callback([options, &exit_code] { exit_code = run_pull(*options); });
}

}  // namespace syncloom::cli
