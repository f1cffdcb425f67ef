// L0007: value-table rows that every lookup's conditions exclude (rows for statuses the `when` drops).
#include "types.hpp"

namespace syncloom::frontend::detail {

void Sema::note_table_lookup(const TableDecl& table, const Expr* index, const Env& env) {
  auto& reached = rows_reached_[&table];
  reached.resize(table.entries.size(), false);
  std::string key = path_key(index);
  std::optional<std::set<std::string>> only = key.empty() ? std::nullopt : env.facts.only(key);
  std::set<std::string> never = key.empty() ? std::set<std::string>{} : env.facts.never(key);
  for (size_t i = 0; i < table.entries.size(); ++i) {
    const TableEntry& entry = table.entries[i];
    bool reachable = entry.is_default;
    for (const auto& k : entry.keys)
      if (k && (!only || only->count(k->text)) && !never.count(k->text)) reachable = true;
    if (reachable) reached[i] = true;
  }
}

void Sema::lint_unreachable_rows() {
  Module& root = program_.root();
  if (!root.is_mapping) return;
  for (auto& table : root.tables) {
    auto it = rows_reached_.find(&table);
    if (it == rows_reached_.end()) continue;  // never looked up: L0001 says so
    for (size_t i = 0; i < table.entries.size(); ++i) {
      const TableEntry& entry = table.entries[i];
      // A `reject` row says on purpose what happens to such records, should they ever arrive.
      if (it->second[i] || (entry.value && entry.value->kind == ExprKind::kReject)) continue;
      std::string keys;
      for (const auto& k : entry.keys) keys += (keys.empty() ? "" : ", ") + std::string("\"") + k->text + "\"";
      report(diag::Diagnostic::warning("L0007", "row " + keys + " of table `" + table.name.text + "` is never used")
                 .at(entry.span, "unreachable")
                 .note("every lookup of `" + table.name.text + "` is under a condition that excludes " + keys)
                 .with_help("remove the row, or make its value `reject \"...\"` to say what such records would meet"));
    }
  }
}

}  // namespace syncloom::frontend::detail
