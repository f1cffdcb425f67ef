// When a schedule's next fire is due, and claiming a fire in the store so that of several workers sharing it
// exactly one runs it (the sweeps and the reconcile passes both fire this way).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "syncloom/store/store.hpp"
#include "syncloom/sync_plan.hpp"

namespace syncloom::core {

/// How long a worker leaves a schedule whose run failed (the system is down) before trying it again.
inline constexpr store::TimeMs kRetryFailedFireMs = 30'000;

/// The fire due after the one recorded as `last` (a millisecond count as text; none: due now).
inline store::TimeMs schedule_due(const Schedule& schedule, const std::optional<std::string>& last, store::TimeMs now) {
  if (!last) return now;
  store::TimeMs at = 0;
  try {
    at = std::stoll(*last);
  } catch (...) {
    return now;  // not a time we wrote: fire, and the claim writes one
  }
  if (schedule.kind == Schedule::Kind::kEvery) return at + schedule.every_ms;
  auto next = next_cron_fire(schedule.cron, at / 1000);
  return next ? *next * 1000 : INT64_MAX;
}

/// A fire claimed in the store: `previous` is what the cursor held, to put back if the run fails.
struct ClaimedFire {
  std::optional<std::string> previous;
};

/// Claims the fire of the schedule recorded under (`kind`, `name`) if it is due by `now`: the cursor moves
/// to `now` by a compare-and-set, so a worker that read the same last fire and comes second gets nothing.
inline store::Result<std::optional<ClaimedFire>> claim_due_fire(store::Store& store, const std::string& kind,
                                                                const std::string& name, const Schedule& schedule,
                                                                store::TimeMs now) {
  auto last = store.cursor(kind, name);
  if (!last.ok()) return last.error();
  if (schedule_due(schedule, *last, now) > now) return std::optional<ClaimedFire>();
  auto won = store.swap_cursor(kind, name, *last, std::to_string(now));
  if (!won.ok()) return won.error();
  if (!*won) return std::optional<ClaimedFire>();
  return std::optional<ClaimedFire>(ClaimedFire{*last});
}

/// Gives a claimed fire back after a failed run, so the schedule stays due ("0": fired at the epoch, which
/// every schedule is due after, when it had never fired).
inline void unclaim_fire(store::Store& store, const std::string& kind, const std::string& name, store::TimeMs claimed_at,
                         const ClaimedFire& fire) {
  (void)store.swap_cursor(kind, name, std::to_string(claimed_at), fire.previous.value_or("0"));
}

}  // namespace syncloom::core
