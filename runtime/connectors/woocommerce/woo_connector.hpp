// The WooCommerce connector class: reading (woo_read.cpp), writing (woo_write.cpp), webhooks and
// management (woo_connector.cpp), over one Api (woo_api.hpp).
#pragma once
#include <memory>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/schema/schema.hpp"
#include "woocommerce/woo_api.hpp"
#include "woocommerce/woo_resources.hpp"

namespace syncloom::connectors::woo {

class WooConnector final : public Connector {
 public:
  WooConnector(SystemConfig config, std::shared_ptr<const schema::SystemSchema> schema, ApiSettings api, Secret webhook_secret);

  const SystemConfig& config() const override { return config_; }
  std::vector<RecordSupport> support() const override;
  Fetched get(std::string_view record, std::string_view id) override;
  Fetched find(std::string_view record, const KeyQuery& key) override;
  Page list(const ListQuery& query) override;
  Page related(const RelatedQuery& query) override;
  Written write(const WriteRequest& request) override;
  std::vector<Written> write_batch(std::span<const WriteRequest> requests) override;
  WebhookResult receive(const WebhookDelivery& delivery) override;
  EventPage poll(const PollQuery& query) override;
  Subscriptions subscriptions() override;
  Written subscribe(std::string_view topic, std::string_view delivery_url) override;
  Written reactivate(std::string_view subscription_id) override;
  bool pushes(std::string_view topic) const override;
  std::string record_version(std::string_view record, std::string_view json) const override;
  std::vector<CheckStep> check() override;
  ConnectorStats stats() const override { return api_.stats(); }

  /// A record as WooCommerce sent it, converted to the schema's shape (parent_id filled in for nested
  /// records, whose API omits it).
  Fetched to_fetched(const Resource& resource, wire::Value record, std::string_view parent_id) const;
  /// The parent's id of a nested record (a variation's product): from the record, or looked up.
  std::string parent_of(const Resource& resource, std::string_view id, const wire::Value* record, Outcome* outcome);
  const schema::StructType* record_type(std::string_view record) const;

 private:
  Fetched find_one(const Resource& resource, const KeyQuery& key, const std::string& correlation_id);

  SystemConfig config_;
  std::shared_ptr<const schema::SystemSchema> schema_;
  Api api_;
  Secret webhook_secret_;
};

/// "order 727 not found"-style outcome for a record that is not there.
Outcome unknown_record(std::string_view record);

}  // namespace syncloom::connectors::woo
