// `syncloom run --config syncloom.yaml [--check] [--interpreter]`: the sync service. SIGTERM or SIGINT
// drains the work in hand and exits 0; a SIGKILL at any instant loses nothing (docs/runtime.md).
#include <signal.h>

#include <iostream>

#include "commands.hpp"
#include "syncloom/config/config.hpp"
#include "syncloom/runtime.hpp"

namespace syncloom::cli {
namespace {

struct RunOptions {
  std::string config = "syncloom.yaml";
  bool check = false;
  bool interpreter = false;
  unsigned drain_seconds = 30;
};

int check_connections(Runtime& runtime) {
  int failures = 0;
  for (const auto& [system, steps] : runtime.check()) {
    for (const connectors::CheckStep& step : steps) {
      bool ok = step.outcome.ok();
      failures += ok ? 0 : 1;
      std::cout << (ok ? "  ok    " : "  FAIL  ") << system << ": " << step.what;
      if (!step.detail.empty()) std::cout << " (" << step.detail << ")";
      if (!ok) std::cout << ": " << connectors::describe(step.outcome);
      std::cout << "\n";
    }
  }
  return failures;
}

int run_service(const RunOptions& options) {
  // Block the stop signals before any thread exists (opening the store starts its writer), so that every
  // thread inherits the mask and this one takes them in sigwait. A thread that did not block SIGTERM would
  // take it with the default action: the process ends without draining. A signal during start-up waits
  // until the service is up, then stops it.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto loaded = config::load_config(options.config);
  if (!loaded.config) {
    for (const std::string& e : loaded.errors) std::cerr << "error: " << e << "\n";
    return kExitUsage;
  }
  RuntimeOptions runtime_options;
  runtime_options.config = *loaded.config;
  runtime_options.engine = options.interpreter ? Engine::kInterpreter : Engine::kJit;
  if (options.check) {
    runtime_options.listen = false;
    runtime_options.exclusive_store = false;  // a check beside a running service must not be refused
  }
  auto opened = Runtime::open(std::move(runtime_options));
  if (!opened.runtime) {
    for (const std::string& e : opened.errors) std::cerr << "error: " << e << "\n";
    return kExitUsage;
  }
  Runtime& runtime = *opened.runtime;
  if (options.check) {
    std::cout << "  ok    " << options.config << ": valid\n";
    std::cout << "  ok    mapping " << runtime.mapping().plan().mapping << " version " << runtime.mapping().plan().version
              << ": compiles (" << runtime.mapping().flows().size() << " flows)\n";
    std::cout << "  ok    store " << loaded.config->service.store << ": opens\n";
    return check_connections(runtime) == 0 ? kExitOk : kExitFindings;
  }

  if (std::string error = runtime.start(); !error.empty()) {
    std::cerr << "error: " << error << "\n";
    return kExitUsage;
  }
  std::cerr << "syncloom run: mapping " << runtime.mapping().plan().mapping << ", store "
            << loaded.config->service.store;
  if (runtime.port()) std::cerr << ", listening on http://" << loaded.config->service.listen_host << ":" << runtime.port();
  std::cerr << std::endl;
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::cerr << "syncloom run: " << (signal_number == SIGTERM ? "SIGTERM" : "SIGINT") << ", draining" << std::endl;
  runtime.stop(std::chrono::seconds(options.drain_seconds));
  auto status = runtime.status();
  std::cerr << "syncloom run: stopped (" << status.dead_letters << " open dead letters)" << std::endl;
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Run the sync service: webhooks, polling, schedules and workers");
  cmd->add_option("--config,-c", options->config, "The configuration file")->capture_default_str();
  cmd->add_flag("--check", options->check, "Validate the file, the mappings and the connections, then exit");
  cmd->add_flag("--interpreter", options->interpreter, "Run the flows on the reference interpreter, not the JIT");
  cmd->add_option("--drain", options->drain_seconds, "Seconds to let work in hand finish after SIGTERM")
      ->capture_default_str();
  cmd->callback([options, &exit_code] { exit_code = run_service(*options); });
}

}  // namespace syncloom::cli
