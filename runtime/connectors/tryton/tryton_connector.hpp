// The Tryton 6.0 connector over JSON-RPC (docs/tryton.md): the Connector interface, plus the Tryton
// operations that are not record writes (credit notes and returns through their wizards, shipment steps).
//
//   auto made = make_connector(config);                  // kind "tryton"
//   auto sale = made.connector->write({.record = "salesOrder", .key = {"reference", "WOO-727"}, .json = ...});
//   // sale.outcome: ok with the id once the sale is `processing`, else permanent with Tryton's reason
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "syncloom/connectors/connector.hpp"

namespace syncloom::connectors {

namespace tryton {
struct Core;
}

class TrytonConnector final : public Connector {
 public:
  /// Null and `error` (naming the setting) when the configuration is unusable. Does not contact Tryton.
  static std::unique_ptr<TrytonConnector> make(const SystemConfig& config, const Environment& environment,
                                               std::string* error);
  ~TrytonConnector() override;

  const SystemConfig& config() const override;
  std::vector<RecordSupport> support() const override;
  Fetched get(std::string_view record, std::string_view id) override;
  Fetched find(std::string_view record, const KeyQuery& key) override;
  std::string record_version(std::string_view record, std::string_view json) const override;
  Page list(const ListQuery& query) override;
  Page related(const RelatedQuery& query) override;
  Written write(const WriteRequest& request) override;
  std::vector<Written> write_batch(std::span<const WriteRequest> requests) override;
  WebhookResult receive(const WebhookDelivery& delivery) override;
  EventPage poll(const PollQuery& query) override;
  Subscriptions subscriptions() override;
  Written subscribe(std::string_view topic, std::string_view delivery_url) override;
  Written reactivate(std::string_view subscription_id) override;
  std::vector<CheckStep> check() override;
  ConnectorStats stats() const override;

  // ---- Tryton operations beyond record writes ----

  /// Credits a customer invoice with the `account.invoice.credit` wizard (posting it first when it is a
  /// draft: only posted invoices can be credited). `with_refund` also cancels and reconciles the invoice.
  /// Written::id is the credit note (a creditMemo).
  Written credit_invoice(std::string_view invoice_id, bool with_refund = false);
  /// Returns a sale with the `sale.return_sale` wizard: a draft sale with negated quantities and
  /// origin "sale.sale,N". With `process`, it is quoted, confirmed and processed, which makes the return
  /// shipment and the draft credit note. Written::id is the return sale (a salesOrder).
  Written return_sale(std::string_view sale_id, bool process = true);
  /// Takes a customer shipment to `state` (assigned, picked, packed, done) through assign_try, pick, pack
  /// and done; a shipment short of stock stays waiting: a retryable outcome saying so.
  Written advance_shipment(std::string_view shipment_id, std::string_view state = "done");
  /// Receives a customer return shipment and marks it done (the goods are back in stock).
  Written receive_return(std::string_view return_id);
  /// A raw JSON-RPC model call with the session's context (tests, scripts): params as a JSON array.
  Outcome call(std::string_view method, std::string_view params_json, std::string* result_json);

 private:
  explicit TrytonConnector(std::unique_ptr<tryton::Core> core);
  std::unique_ptr<tryton::Core> core_;
};

std::unique_ptr<Connector> make_tryton_connector(const SystemConfig& config, const Environment& environment,
                                                 std::string* error);

}  // namespace syncloom::connectors
