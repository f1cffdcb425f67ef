// `syncloom dlq list|show|edit|replay|discard`: the dead-letter queue, read and acted on in the store
// directly (the service may be running or not); every action audited as cli:$USER (docs/operations.md).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "dlq_actions.hpp"
#include "dlq_text.hpp"
#include "since_time.hpp"
#include "store_access.hpp"
#include "syncloom/service/admin_json.hpp"

namespace syncloom::cli {
namespace {

struct DlqListOptions {
  std::string domain, since, reason;
  bool all = false;
  int limit = 1000;
};

int run_dlq_list(store::Store& store, const DlqListOptions& options, const std::string& format) {
  store::DeadLetterFilter filter{.include_closed = options.all, .limit = options.limit};
  if (!options.domain.empty()) filter.domain = options.domain;
  if (!options.reason.empty()) filter.reason = options.reason;
  if (!options.since.empty()) {
    int64_t micros = 0;
    std::string why;
    if (!resolve_since_micros(options.since, micros, why)) {
      std::cerr << "error: --since " << options.since << ": " << why << "\n";
      return kExitUsage;
    }
    filter.since = micros / 1000;
  }
  auto entries = store.dead_letters(filter);
  if (!entries) {
    print_store_error(entries.error(), std::cerr);
    return kExitUsage;
  }
  if (format == "json") std::cout << wire::dump(service::dead_letter_list_json(*entries)) << "\n";
  else print_dead_letter_list(*entries, options.all, std::cout);
  if (entries->size() == static_cast<size_t>(options.limit))
    std::cerr << "note: the first " << options.limit << " only; narrow with --domain, --since, --reason or raise --limit\n";
  return kExitOk;
}

int run_dlq_show(store::Store& store, std::int64_t id, const std::string& format) {
  auto entry = store.dead_letter(id);
  if (!entry) {
    print_store_error(entry.error(), std::cerr);
    return kExitFindings;
  }
  auto audit = store.audit(entry->work_id);
  if (!audit) {
    print_store_error(audit.error(), std::cerr);
    return kExitUsage;
  }
  if (format == "json") std::cout << wire::dump(service::dead_letter_show_json(*entry, *audit)) << "\n";
  else print_dead_letter(*entry, *audit, std::cout);
  return kExitOk;
}

// Registers a subcommand whose callback opens the store and runs `body` on it.
template <class Body>
CLI::App* store_subcommand(CLI::App* dlq, const char* name, const char* help, int& exit_code, bool format, Body body) {
  auto* cmd = dlq->add_subcommand(name, help);
  auto access = std::make_shared<StoreAccess>();
  add_store_options(cmd, *access, format);
  cmd->callback([cmd, access, body, &exit_code] {
    auto opened = open_store(*access, cmd->get_option("--config")->count() > 0, std::cerr);
    exit_code = opened ? body(*opened->store, access->format) : kExitUsage;
  });
  return cmd;
}

}  // namespace

void add_dlq_command(CLI::App& app, int& exit_code) {
  auto* dlq = app.add_subcommand("dlq", "The dead-letter queue: list, show, edit, replay, discard (audited as cli:$USER)");
  dlq->require_subcommand(1);

  auto list = std::make_shared<DlqListOptions>();
  auto* list_cmd = store_subcommand(dlq, "list", "Open dead letters (with --all, replayed and discarded ones too)", exit_code, true,
                                    [list](store::Store& s, const std::string& f) { return run_dlq_list(s, *list, f); });
  list_cmd->add_option("--domain", list->domain, "Only this domain");
  list_cmd->add_option("--since", list->since, "Died at or after: an ISO 8601 instant, a date, or an age (24h)");
  list_cmd->add_option("--reason", list->reason, "Text in the reason or the error (case-insensitive)");
  list_cmd->add_flag("--all", list->all, "Also replayed and discarded entries");
  list_cmd->add_option("--limit", list->limit, "At most this many entries")->check(CLI::Range(1, 1'000'000))->capture_default_str();

  auto show_id = std::make_shared<std::int64_t>(0);
  auto* show_cmd = store_subcommand(dlq, "show", "One entry: error, attempts, history and payload", exit_code, true,
                                    [show_id](store::Store& s, const std::string& f) { return run_dlq_show(s, *show_id, f); });
  show_cmd->add_option("id", *show_id, "The dead letter's id")->required();

  auto edit = std::make_shared<DlqEditOptions>();
  auto* edit_cmd = store_subcommand(dlq, "edit", "Change an open entry's payload before replaying it", exit_code, false,
                                    [edit](store::Store& s, const std::string&) { return run_dlq_edit(s, *edit); });
  edit_cmd->add_option("id", edit->id, "The dead letter's id")->required();
  edit_cmd->add_option("--set", edit->sets, "PATH=VALUE (billing.email=a@b.example, line_items[0].sku='\"S-1\"'); VALUE is JSON if it parses, else a string");
  edit_cmd->add_option("--unset", edit->unsets, "PATH to remove");
  edit_cmd->add_flag("--editor", edit->editor, "Edit the whole payload in $VISUAL or $EDITOR");

  auto replay = std::make_shared<DlqReplayOptions>();
  auto* replay_cmd = store_subcommand(dlq, "replay", "Queue entries again as new work items (with their edited payloads)", exit_code,
                                      false, [replay](store::Store& s, const std::string&) { return run_dlq_replay(s, *replay); });
  auto* ids = replay_cmd->add_option("ids", replay->ids, "Dead-letter ids");
  replay_cmd->add_option("--all-matching", replay->all_matching, "Every open entry matching domain=D,reason=TEXT,since=T")->excludes(ids);
  replay_cmd->add_flag("--dry-run", replay->dry_run, "Say which entries would be replayed, and do nothing");

  auto discard = std::make_shared<DlqDiscardOptions>();
  auto* discard_cmd = store_subcommand(dlq, "discard", "Close entries without replaying them", exit_code, false,
                                       [discard](store::Store& s, const std::string&) { return run_dlq_discard(s, *discard); });
  discard_cmd->add_option("ids", discard->ids, "Dead-letter ids")->required();
  discard_cmd->add_option("--reason", discard->reason, "Why (kept in the audit trail)")->required();
}

}  // namespace syncloom::cli
