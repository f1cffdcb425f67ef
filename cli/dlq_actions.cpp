// `syncloom dlq edit`, `replay` and `discard`: one line per entry acted on, every action audited.
#include "dlq_actions.hpp"

#include <iostream>

#include "commands.hpp"
#include "dlq_edit.hpp"
#include "since_time.hpp"

namespace syncloom::cli {
namespace {

std::string entry_prefix(std::int64_t id) { return "dead letter " + std::to_string(id) + ": "; }

// Runs `act` for each id, printing its line or error; exit 1 when one failed.
template <class Act>
int for_each_id(const std::vector<std::int64_t>& ids, const char* verb, Act act) {
  int failed = 0;
  for (std::int64_t id : ids) {
    std::string line;
    auto error = act(id, line);
    if (error) {
      print_store_error(*error, std::cerr);
      ++failed;
    } else {
      std::cout << entry_prefix(id) << line << "\n";
    }
  }
  if (ids.size() > 1)
    std::cout << verb << " " << (ids.size() - static_cast<size_t>(failed)) << " of " << ids.size() << " dead letters\n";
  std::cout.flush();
  return failed ? kExitFindings : kExitOk;
}

}  // namespace

std::optional<store::DeadLetterFilter> parse_dlq_filter(const std::string& text, std::string& why) {
  store::DeadLetterFilter filter;
  filter.limit = 1'000'000;
  size_t start = 0;
  bool any = false;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string name = part.substr(0, eq), value = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (eq == std::string::npos || value.empty()) {
      why = "`" + part + "`: expected NAME=VALUE (domain=, reason=, since=)";
      return std::nullopt;
    }
    if (name == "domain") {
      filter.domain = value;
    } else if (name == "reason") {
      filter.reason = value;
    } else if (name == "since") {
      int64_t micros = 0;
      if (!resolve_since_micros(value, micros, why)) {
        why = "since=" + value + ": " + why;
        return std::nullopt;
      }
      filter.since = micros / 1000;
    } else {
      why = "`" + name + "`: unknown (expected domain, reason or since)";
      return std::nullopt;
    }
    any = true;
  }
  if (!any) {
    why = "expected at least one of domain=D, reason=TEXT, since=T (commas combine them)";
    return std::nullopt;
  }
  return filter;
}

int run_dlq_edit(store::Store& store, const DlqEditOptions& options) {
  if (options.editor != (options.sets.empty() && options.unsets.empty())) {
    std::cerr << "error: dlq edit: give --set PATH=VALUE (or --unset PATH), or --editor\n";
    return kExitUsage;
  }
  std::vector<PathEdit> edits;
  for (const auto& text : options.sets) {
    std::string why;
    auto edit = parse_set(text, why);
    if (!edit) {
      std::cerr << "error: --set " << why << "\n";
      return kExitUsage;
    }
    edits.push_back(std::move(*edit));
  }
  for (const auto& path : options.unsets) edits.push_back({path, std::nullopt});
  auto entry = store.dead_letter(options.id);
  if (!entry) {
    print_store_error(entry.error(), std::cerr);
    return kExitFindings;
  }
  std::string prefix = entry_prefix(options.id);
  if (entry->status != store::DeadLetterStatus::kOpen) {
    std::cerr << "error: " << prefix << "it is " << store::dead_letter_status_name(entry->status) << ", not open\n";
    return kExitFindings;
  }
  bool changed = false;
  auto payload = options.editor ? edit_in_editor(entry->payload, "dlq-" + std::to_string(options.id), changed, std::cerr)
                                : apply_edits(entry->payload, edits, prefix, changed, std::cout, std::cerr);
  if (!payload) return kExitFindings;
  if (!changed) {
    std::cout << prefix << "no change; nothing saved\n";
    return kExitOk;
  }
  std::string actor = cli_actor();
  auto done = store.edit_dead_letter(options.id, *payload, actor);
  if (!done) {
    print_store_error(done.error(), std::cerr);
    return kExitFindings;
  }
  std::cout << prefix << "edited (audited as " << actor << "); replay it with `syncloom dlq replay " << options.id << "`\n";
  return kExitOk;
}

int run_dlq_replay(store::Store& store, const DlqReplayOptions& options) {
  std::vector<std::int64_t> ids = options.ids;
  if (!options.all_matching.empty()) {
    std::string why;
    auto filter = parse_dlq_filter(options.all_matching, why);
    if (!filter) {
      std::cerr << "error: --all-matching " << why << "\n";
      return kExitUsage;
    }
    auto entries = store.dead_letters(*filter);
    if (!entries) {
      print_store_error(entries.error(), std::cerr);
      return kExitUsage;
    }
    for (const auto& e : *entries) ids.push_back(e.id);
    if (ids.empty()) {
      std::cout << "no open dead letters match " << options.all_matching << "\n";
      return kExitOk;
    }
  }
  if (ids.empty()) {
    std::cerr << "error: dlq replay: give dead-letter ids, or --all-matching FILTER\n";
    return kExitUsage;
  }
  if (options.dry_run) {
    for (auto id : ids) std::cout << entry_prefix(id) << "would be replayed\n";
    std::cout << ids.size() << (ids.size() == 1 ? " dead letter" : " dead letters") << " would be replayed (--dry-run)\n";
    return kExitOk;
  }
  std::string actor = cli_actor();
  return for_each_id(ids, "replayed", [&](std::int64_t id, std::string& line) -> std::optional<store::Error> {
    auto work = store.replay_dead_letter(id, actor);
    if (!work) return work.error();
    line = "replayed as work item " + std::to_string(*work) + " (audited as " + actor + ")";
    return std::nullopt;
  });
}

int run_dlq_discard(store::Store& store, const DlqDiscardOptions& options) {
  if (options.reason.find_first_not_of(" \t") == std::string::npos) {
    std::cerr << "error: dlq discard: --reason TEXT must say why (it is kept in the audit trail)\n";
    return kExitUsage;
  }
  std::string actor = cli_actor();
  return for_each_id(options.ids, "discarded", [&](std::int64_t id, std::string& line) -> std::optional<store::Error> {
    auto done = store.discard_dead_letter(id, options.reason, actor);
    if (!done) return done.error();
    line = "discarded (audited as " + actor + ")";
    return std::nullopt;
  });
}

}  // namespace syncloom::cli
