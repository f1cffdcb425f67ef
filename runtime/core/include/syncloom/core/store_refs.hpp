// ref() resolved through the store's cross-references: the target id a domain's key was synced to.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "syncloom/syncloom.hpp"
#include "syncloom/store/store.hpp"

namespace syncloom::core {

/// The store's form of a domain key: `Pipeline::identity()` gives the key as JSON text; the store keeps a
/// string key as its contents and any other value as its JSON text, as `ref()` looks keys up
/// (interp::key_text), so a key written by one domain's sync is found by another domain's ref().
std::string store_key(std::string_view identity_json);

/// What a completed work item keeps beside its cross-reference (Xref::last_state, as JSON): where the
/// record came from (for ref() from the other side, and updates keyed the other way round) and a hash of
/// the document written (to skip rewriting the same one), and what the conflict policies compare with
/// (docs/semantics.md): the target's version as the sync left it, and the delta_merge fields' source values.
struct SyncedState {
  std::string source_system;  ///< "erp"
  std::string source_id;      ///< the source record's id there
  std::string output_hash;    ///< content_hash of the document written
  std::string target_version; ///< the target record's version (modification stamp) after the sync; "" unknown
  std::string merge_base;     ///< delta_merge: {"stock_quantity":"7"}, the values the source had; "" none
  std::string source_version; ///< the source record's version written (Connector::record_version); "" unknown
};
std::string synced_state_json(const SyncedState& state);
/// The members found in `last_state`; empty ones when it is absent or not such an object.
SyncedState parse_synced_state(const std::optional<std::string>& last_state);

/// Resolves ref(domain, key) to the id, in the system the referencing flow writes to, of the record that
/// domain synced under that key: the domain's target id when it wrote to that system (a party for an
/// order), or its source record's id when it reads from that system (the Tryton product a product domain
/// took to the store; Xref::last_state keeps `source_system` and `source_id`). With `system` empty, the
/// target id. A store error resolves to nothing (the record waits for the reference, as if it were not
/// synced yet) and is counted.
class StoreRefs : public RefResolver {
 public:
  StoreRefs(const StoreRefs& other) : store_(other.store_), system_(other.system_) {}
  explicit StoreRefs(store::Store& store, std::string system = {}) : store_(store), system_(std::move(system)) {}
  /// The same store, resolving for flows that write to `system`.
  StoreRefs for_system(std::string system) const { return StoreRefs(store_, std::move(system)); }
  std::optional<interp::Value> resolve(std::string_view domain, const interp::Value& key) const override;
  uint64_t store_errors() const { return errors_.load(); }

 private:
  store::Store& store_;
  std::string system_;
  mutable std::atomic<uint64_t> errors_{0};
};

}  // namespace syncloom::core
