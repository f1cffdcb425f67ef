// A Store that forwards to another and counts the calls the engine tests look at (heartbeats, claims).
#pragma once
#include <atomic>

#include "syncloom/store/store.hpp"

namespace syncloom::test {

class CountingStore : public store::Store {
 public:
  explicit CountingStore(store::Store& inner) : s_(inner) {}
  std::atomic<int> heartbeats{0}, claims{0};

  store::Result<store::Accepted> accept(const store::Event& e) override { return s_.accept(e); }
  std::vector<store::Result<store::Accepted>> accept_batch(const std::vector<store::Event>& e) override {
    return s_.accept_batch(e);
  }
  void accept_async(store::Event e, std::function<void(store::Result<store::Accepted>)> done) override {
    s_.accept_async(std::move(e), std::move(done));
  }
  store::Result<std::int64_t> enqueue(std::int64_t id, const store::WorkSpec& w) override { return s_.enqueue(id, w); }
  store::Result<int> coalesce(const std::string& d, const std::string& k) override { return s_.coalesce(d, k); }
  store::Result<int> expedite(const std::string& d, const std::string& k, int p) override { return s_.expedite(d, k, p); }
  store::Result<std::vector<store::WorkItem>> claim(const store::ClaimRequest& r) override {
    ++claims;
    return s_.claim(r);
  }
  store::Result<store::Transition> heartbeat(std::int64_t id, std::int64_t g, store::TimeMs lease) override {
    ++heartbeats;
    return s_.heartbeat(id, g, lease);
  }
  store::Result<store::Transition> complete(std::int64_t id, std::int64_t g, const store::Completion& c) override {
    return s_.complete(id, g, c);
  }
  store::Result<store::Transition> fail(std::int64_t id, std::int64_t g, const store::Failure& f) override {
    return s_.fail(id, g, f);
  }
  store::Result<store::Transition> release(std::int64_t id, std::int64_t g, std::optional<store::TimeMs> nb,
                                           bool counts, std::optional<store::TimeMs> since = std::nullopt) override {
    return s_.release(id, g, nb, counts, since);
  }
  store::Result<store::WorkItem> work_item(std::int64_t id) override { return s_.work_item(id); }
  store::Result<std::vector<store::OutboxAttempt>> attempts(std::int64_t id) override { return s_.attempts(id); }
  store::Result<std::optional<store::Xref>> xref(const std::string& d, const std::string& k) override { return s_.xref(d, k); }
  store::Result<std::optional<store::Xref>> xref_by_target(const std::string& s, const std::string& id) override {
    return s_.xref_by_target(s, id);
  }
  store::Result<std::optional<std::string>> cursor(const std::string& s, const std::string& t) override { return s_.cursor(s, t); }
  store::Status set_cursor(const std::string& s, const std::string& t, const std::string& v) override {
    return s_.set_cursor(s, t, v);
  }
  store::Result<bool> swap_cursor(const std::string& s, const std::string& t, const std::optional<std::string>& e,
                                  const std::string& v) override {
    return s_.swap_cursor(s, t, e, v);
  }
  store::Result<std::vector<store::DeadLetter>> dead_letters(const store::DeadLetterFilter& f) override {
    return s_.dead_letters(f);
  }
  store::Result<store::DeadLetter> dead_letter(std::int64_t id) override { return s_.dead_letter(id); }
  store::Status edit_dead_letter(std::int64_t id, const std::string& p, const std::string& a) override {
    return s_.edit_dead_letter(id, p, a);
  }
  store::Result<std::int64_t> replay_dead_letter(std::int64_t id, const std::string& a) override {
    return s_.replay_dead_letter(id, a);
  }
  store::Status discard_dead_letter(std::int64_t id, const std::string& r, const std::string& a) override {
    return s_.discard_dead_letter(id, r, a);
  }
  store::Result<std::optional<std::int64_t>> save_workflow(std::int64_t w, std::int64_t g, const store::WorkflowInstance& i,
                                                           std::int64_t c) override {
    return s_.save_workflow(w, g, i, c);
  }
  store::Result<std::vector<store::WorkflowInstance>> workflow_instances(const store::WorkflowFilter& f) override {
    return s_.workflow_instances(f);
  }
  store::Result<std::optional<std::int64_t>> buffer_await(std::int64_t w, std::int64_t g,
                                                          const store::BufferedAwait& e) override {
    return s_.buffer_await(w, g, e);
  }
  store::Result<std::vector<store::BufferedAwait>> buffered_awaits(const std::string& w, const std::string& k,
                                                                   int step) override {
    return s_.buffered_awaits(w, k, step);
  }
  store::Result<std::vector<store::DomainStatus>> domain_status() override { return s_.domain_status(); }
  store::Result<std::vector<store::IntakeStatus>> intake_status() override { return s_.intake_status(); }
  store::Result<std::vector<store::AuditEntry>> audit(std::int64_t id) override { return s_.audit(id); }
  store::Result<std::vector<store::RecordedEvent>> recorded_events(const store::RecordedFilter& f) override {
    return s_.recorded_events(f);
  }
  store::Result<store::Pruned> prune_events(store::TimeMs before, int limit, std::int64_t after_id) override {
    return s_.prune_events(before, limit, after_id);
  }
  store::Result<store::RetainedStatus> retained_status() override { return s_.retained_status(); }
  store::Result<std::vector<store::RecordHash>> record_hashes(const std::string& system, const std::string& record,
                                                              const std::vector<std::string>& ids) override {
    return s_.record_hashes(system, record, ids);
  }
  store::Status set_record_hashes(const std::vector<store::RecordHash>& hashes) override {
    return s_.set_record_hashes(hashes);
  }

 private:
  store::Store& s_;
};

}  // namespace syncloom::test
