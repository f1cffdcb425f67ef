// Deterministic store contents: the same seed and counts give the same store, byte for byte (ids, dates,
// names, prices, stock, orders with their totals, refunds). Seeding fires no webhooks and ignores the clock:
// records are dated from 2024-03-01T09:00:00Z onwards in seeded steps.
#pragma once

#include "options.hpp"
#include "store.hpp"

namespace woosim {

/// Clears the store's records and fills it (the caller holds the lock). Returns a summary of what was made.
Json seed_store(Store& store, uint64_t seed, const SeedCounts& counts);

}  // namespace woosim
