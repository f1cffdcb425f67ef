// The acting `syncloom dlq` subcommands (edit, replay, discard), each audited as cli:$USER.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store_access.hpp"

namespace syncloom::cli {

struct DlqEditOptions {
  std::int64_t id = 0;
  std::vector<std::string> sets;    ///< PATH=VALUE
  std::vector<std::string> unsets;  ///< PATH
  bool editor = false;
};

struct DlqReplayOptions {
  std::vector<std::int64_t> ids;
  std::string all_matching;  ///< "domain=orders,reason=tax,since=24h"
  bool dry_run = false;
};

struct DlqDiscardOptions {
  std::vector<std::int64_t> ids;
  std::string reason;
};

int run_dlq_edit(store::Store& store, const DlqEditOptions& options);
int run_dlq_replay(store::Store& store, const DlqReplayOptions& options);
int run_dlq_discard(store::Store& store, const DlqDiscardOptions& options);

/// "domain=orders,reason=tax rule,since=24h" as a filter of open entries; nullopt with `why`.
std::optional<store::DeadLetterFilter> parse_dlq_filter(const std::string& text, std::string& why);

}  // namespace syncloom::cli
