// SQL shared by the SQLite store's files: loading work items, dead letters and outbox rows, writing audit lines.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db.hpp"
#include "syncloom/store/types.hpp"

namespace syncloom::store::sqlite {

std::optional<WorkItem> load_work_item(Db& db, std::int64_t work_id);
std::vector<OutboxAttempt> load_attempts(Db& db, std::int64_t work_id);
std::optional<DeadLetter> load_dead_letter(Db& db, std::int64_t id);
void insert_audit(Db& db, const AuditEntry& entry);
void insert_attempts(Db& db, std::int64_t work_id, int attempt, const std::vector<OutboxAttempt>& attempts, TimeMs now);
/// Inserts a pending work item; `payload` set only for a replay of an edited dead letter.
std::int64_t insert_work(Db& db, std::int64_t event_id, const WorkSpec& spec, TimeMs now,
                         const std::optional<std::string>& payload = std::nullopt);
/// After an item of (domain, key) finished (done, dead, coalesced): the key's oldest unfinished item, if
/// any, becomes its head, the only item of the key that claim considers.
void advance_head(Db& db, const std::string& domain, const std::string& key);
WorkState parse_work_state(const std::string& text);
/// The SQL text of a state ("pending", ...): the schema stores states as text, readable in the sqlite3 shell.
const char* work_state_sql(WorkState state);

}  // namespace syncloom::store::sqlite
