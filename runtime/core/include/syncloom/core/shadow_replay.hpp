// Shadow replay: the recorded inbox run through another version of a mapping, routed as the service routes
// it, with ref() answered read-only from the store, each output compared with the document the running
// version wrote. Writes nothing anywhere (docs/operations.md, "Changing a mapping safely").
//
//   ShadowReplay replay(new_mapping, store);
//   replay.run({.since = t}, [](const ReplayedRecord& r) { if (r.differs()) print(r); });
//   for (const auto& [domain, summary] : replay.summaries()) ...
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "syncloom/core/document_diff.hpp"
#include "syncloom/core/event_router.hpp"
#include "syncloom/core/store_refs.hpp"
#include "syncloom/store/store.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom::core {

/// What the running version did with a record of a domain.
enum class RecordedOutcome : unsigned char {
  kWritten,      ///< wrote `document` (or found the target holding it: "unchanged")
  kFiltered,     ///< filtered (at intake or by the worker): wrote nothing
  kRejected,     ///< the flow rejected it (dead-lettered with reason "rejected")
  kNotRouted,    ///< the record never reached the domain (it did not listen, or did not exist)
  kNotWritten,   ///< not written and no verdict on it: still pending, dead for another reason, coalesced,
                 ///< or written before documents were recorded; reported, never a difference
};
/// What the version under test does with it.
enum class ReplayedOutcome : unsigned char { kOutput, kFiltered, kRejected, kNotRouted };
const char* recorded_outcome_name(RecordedOutcome outcome);  ///< "written", "filtered", "rejected", ...
const char* replayed_outcome_name(ReplayedOutcome outcome);  ///< "output", "filtered", "rejected", "not routed"

/// One record (one recorded event of one domain) compared.
struct ReplayedRecord {
  std::int64_t event_id = 0;
  store::TimeMs received_at = 0;
  std::string domain, key;
  std::string source;         ///< "woo order 1001"
  RecordedOutcome before = RecordedOutcome::kNotRouted;
  std::string before_detail;  ///< the rejection or the reason nothing was written ("pending", "dead: permanent: ...")
  std::optional<std::string> before_document;
  ReplayedOutcome after = ReplayedOutcome::kNotRouted;
  std::string after_detail;   ///< the rejection: "lines[0].price: ..." (a ref() not synced says so)
  std::optional<std::string> after_document;
  std::string after_key;      ///< the key the version under test computes, when it differs from `key`
  std::vector<FieldChange> changes;  ///< kWritten and kOutput: field by field

  /// Compared: the running version's verdict is known (not kNotWritten).
  bool compared() const { return before != RecordedOutcome::kNotWritten; }
  /// A compared record whose outcome, key or document differs.
  bool differs() const;
};

/// Per domain, over the records compared and reported.
struct ReplaySummary {
  std::int64_t compared = 0, identical = 0, differing = 0;
  std::int64_t not_written = 0;  ///< reported, not compared (pending, dead, coalesced)
  std::int64_t now_filtered = 0, newly_written = 0, now_rejected = 0, newly_accepted = 0;
  std::map<std::string, std::int64_t> by_field;  ///< field_class -> differing records
};

struct ReplayFilter {
  std::optional<store::TimeMs> since;
  std::optional<std::string> domain;  ///< only this domain's records are reported (all are routed)
  std::int64_t limit = 0;             ///< at most this many recorded events; 0: all
  int page = 500;                     ///< events read per store call
};

/// Not thread-safe: one replay at a time (the mapping and the store may be shared).
class ShadowReplay {
 public:
  ShadowReplay(std::shared_ptr<const Mapping> mapping, store::Store& store);
  /// Replays every recorded event matching `filter`, calling `each` for every record compared or
  /// reported, in arrival order. Answers how many recorded events were read, or the store's error.
  store::Result<std::int64_t> run(const ReplayFilter& filter, const std::function<void(const ReplayedRecord&)>& each);
  const std::map<std::string, ReplaySummary>& summaries() const { return summaries_; }

 private:
  void replay_delivery(const std::vector<const store::RecordedEvent*>& rows, const ReplayFilter& filter,
                       const std::function<void(const ReplayedRecord&)>& each);
  void run_domain(const DomainPlan& domain, const store::Event& routed, ReplayedRecord& record) const;
  void count(const ReplayedRecord& record);

  std::shared_ptr<const Mapping> mapping_;
  EventRouter router_;
  store::Store& store_;
  StoreRefs refs_;
  std::map<std::string, ReplaySummary> summaries_;
};

}  // namespace syncloom::core
