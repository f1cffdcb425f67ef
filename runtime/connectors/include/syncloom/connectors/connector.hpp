// The connector interface: what the runtime asks of a WooCommerce store or an ERP, as plain values.
//
// One interface for six systems (WooCommerce, Tryton, NetSuite, Business Central, SAP Business One, Oracle
// Fusion; docs/design.md, "Connectors", says how each fits). No libcurl or JSON library type appears here:
// records cross as JSON text in the schema's shape (schemas/<kind>.yaml; docs/schemas.md "Wire
// conventions"), the shape pipelines read and write. The connector converts wire quirks both ways
// (WooCommerce money strings and "" for null; Tryton Decimal/date objects, One2Many `create` lists).
//
//   auto made = syncloom::connectors::make_connector(config.systems.at("woo"), environment);
//   if (!made.connector) { std::cerr << made.error << "\n"; return 2; }
//   auto page = made.connector->list({.record = "order", .since = "2026-11-30T00:00:00Z"});
//   for (;;) { ...; if (page.next_page.empty()) break; page = connector->list({..., .page = page.next_page}); }
//
// Every member function is safe to call from many threads at once, never throws, and never exceeds the
// system's declared budget (at most N requests in flight, at most R requests per window): a call waits
// for the budget inside the connector, so no caller can overrun it.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syncloom/connectors/outcome.hpp"
#include "syncloom/connectors/system_config.hpp"

namespace syncloom::http {
class FaultInjector;
}

namespace syncloom::connectors {

// ---- Reading ---------------------------------------------------------------------------------------------

/// One record read from a system, in the schema's shape.
struct Fetched {
  Outcome outcome{};
  bool found = false;    ///< ok and present (get of a deleted id, find without a match: ok, not found)
  std::string id{};        ///< the system's id, as text ("727", a BC GUID, a SAP CardCode)
  std::string version{};   ///< ETag, date_modified_gmt or write_date: what changes when the record does
  std::string json{};      ///< the record in the schema's shape
  size_t matches = 0;    ///< find: how many records matched the key (more than 1: the first is returned)
};

/// A field of the record's schema and the value it must have: what "find by key" searches
/// (search-before-create): {"reference", "WOO-727"}, {"code", "BAR3"}, {"email", "jane@example.com"}.
struct KeyQuery {
  std::string field{};
  std::string value{};  ///< as text; the connector converts it to the field's wire type
};

/// A list request: every record (a sweep), or those changed since an instant.
struct ListQuery {
  std::string record{};  ///< schema record name: "order", "product", "salesOrder"
  /// Empty: every record (a full sweep). Else an ISO 8601 UTC instant ("2026-11-30T10:00:00Z"); the
  /// connector lists records created or modified at or after `since - overlap`.
  std::string since{};
  std::chrono::seconds overlap{300};
  /// Empty for the first page; then the `next_page` of the previous answer. Opaque: the connector decides
  /// what it holds (a page number, an OData nextLink, a keyset position).
  std::string page{};
  unsigned page_size = 0;  ///< 0: the system's maximum (WooCommerce 100)
  /// Extra filters the system supports, as name/value pairs ("status" = "processing").
  std::vector<std::pair<std::string, std::string>> filters{};
};

/// One page of records. Across the pages of one listing no record is repeated and none that existed
/// unchanged throughout is skipped, even when records change while the pages are read (a record changed
/// mid-listing appears once, in one of its versions; the next delta listing sees its newest).
struct Page {
  Outcome outcome{};
  std::vector<Fetched> records{};
  std::string next_page{};   ///< empty: this was the last page
  /// The newest modification instant seen so far in this listing (ISO 8601 UTC): the `since` of the next
  /// delta listing, once every page has been read.
  std::string high_water{};
  uint64_t total = 0;      ///< the system's count of matching records when it gives one (X-WP-Total)
};

/// Records related to one record: an order's "refunds", a product's "variations", a sale's "shipments".
struct RelatedQuery {
  std::string record{};    ///< "order"
  std::string id{};        ///< "727"
  std::string relation{};  ///< "refunds"
  std::string page{};      ///< as in ListQuery
};

// ---- Writing ---------------------------------------------------------------------------------------------

enum class WriteMode : unsigned char {
  kCreate,          ///< create; with a key, search by it first and answer the existing record's id
  kUpdate,          ///< patch the record `id` (or the one `key` finds) with the fields given
  kUpsert,          ///< the system's upsert where it has one (NetSuite eid:, Oracle Upsert-Mode), else
                    ///< search by key, then update or create
  kCreateIfAbsent,  ///< search by key; create when none, never update (`flow ... create`)
};

const char* write_mode_name(WriteMode mode);  ///< "create", "update", "upsert", "create_if_absent"

struct WriteRequest {
  std::string record{};      ///< schema record name
  WriteMode mode = WriteMode::kCreate;
  std::string id{};          ///< update: the target's id, when known (from the cross-reference store)
  KeyQuery key{};            ///< the domain key on the target, for search-before-create and updates by key
  std::string json{};        ///< the record in the schema's shape (for updates: only the fields to change)
  /// Unique per logical write (the runtime derives it from the domain's idempotency parts). The connector
  /// sends it where the system takes one (NetSuite X-NetSuite-Idempotency-Key, a Tryton identifier) and
  /// otherwise relies on `key` (search before create).
  std::string idempotency_key{};
  std::string correlation_id{};  ///< logged with the request, for tracing a record end to end
};

struct Written {
  Outcome outcome{};
  std::string id{};       ///< the target's id
  std::string version{};  ///< ETag / modification stamp after the write, when the system answers one
  bool created = false; ///< false: an existing record was found by key (and updated, unless create-if-absent)
  std::string json{};     ///< the record as the system answered, in the schema's shape ("" when not read back)
};

// ---- Events ----------------------------------------------------------------------------------------------

/// A change a system reports: from a verified webhook delivery, or derived by polling.
struct Event {
  std::string topic{};       ///< as the schema names it: "order.updated", "salesOrder.changed"
  std::string record{};      ///< "order"
  std::string id{};          ///< the record's id in that system
  /// What deduplicates deliveries of the same change: resource, id and modification instant
  /// ("order:727:2026-11-30T10:00:00"), or a hash of the body when the payload carries no instant.
  /// Never X-WC-Webhook-Delivery-ID, which is not unique.
  std::string dedupe_key{};
  std::string occurred_at{}; ///< the modification instant, ISO 8601 UTC ("" when the payload has none)
  std::string json{};        ///< the record in the schema's shape ({"id":N} for a deletion)
  bool deleted = false;
};

struct Header {
  std::string name{};   ///< as received; compared case-insensitively
  std::string value{};
};

/// A webhook delivery exactly as it arrived: the raw body (signatures are over these bytes) and headers.
struct WebhookDelivery {
  std::string_view body{};
  std::span<const Header> headers{};
};

enum class WebhookVerdict : unsigned char {
  kEvents,     ///< verified: `events` holds what it reports
  kPing,       ///< the unsigned creation ping (WooCommerce `webhook_id=N`): answer 200, nothing to do
  kForged,     ///< a signature that does not match the body
  kUnsigned,   ///< no signature header (and not a ping)
  kTruncated,  ///< signed, but the body is shorter than Content-Length or is cut-off JSON
  kMalformed,  ///< verified, but not a record of a topic the schema knows: to the dead-letter queue
};

const char* webhook_verdict_name(WebhookVerdict verdict);

struct WebhookResult {
  WebhookVerdict verdict = WebhookVerdict::kEvents;
  std::vector<Event> events{};
  int http_status = 200;  ///< what to answer the sender (200, 401 for forged and unsigned, 400 ...)
  std::string reason{};     ///< why a delivery was refused or is malformed; never the secret
};

/// Events derived by polling (systems without webhooks: Tryton; or a reconciliation poll).
struct PollQuery {
  std::string topic{};  ///< "salesOrder.changed"
  std::string since{};  ///< as ListQuery::since
  std::chrono::seconds overlap{300};
  std::string page{};
};

struct EventPage {
  Outcome outcome{};
  std::vector<Event> events{};
  std::string next_page{};
  std::string high_water{};
};

/// A webhook subscription the system keeps (WooCommerce webhooks, BC subscriptions).
struct Subscription {
  std::string id{};
  std::string topic{};
  std::string delivery_url{};
  std::string status{};  ///< "active", "paused", "disabled" (WooCommerce disables after 7 failures)
  uint64_t failures = 0;
};

struct Subscriptions {
  Outcome outcome{};
  std::vector<Subscription> subscriptions{};
};

// ---- Describing and checking -----------------------------------------------------------------------------

/// What a connector can do with one record of its schema.
struct RecordSupport {
  std::string record{};
  bool get = false, find = false, list = false, changes = false;
  bool create = false, update = false, upsert = false;
  unsigned batch_limit = 0;            ///< items per batch call; 0: no batch endpoint (one call per item)
  std::vector<std::string> relations{};  ///< for RelatedQuery: "refunds", "variations"
  std::vector<std::string> find_fields{};  ///< fields find() can search by
};

/// One line of `syncloom connectors check`: what was tried, and how it went.
struct CheckStep {
  std::string what{};  ///< "authenticate", "read order", "list webhooks"
  Outcome outcome{};
  std::string detail{};  ///< "session for user 1", "order 727", "3 webhooks, 1 disabled"
};

/// Counters a connector keeps (docs/design.md, "Connector metrics"); read them at any time.
struct ConnectorStats {
  uint64_t requests = 0;         ///< HTTP requests sent
  uint64_t connections = 0;      ///< TCP connections opened (requests / connections = reuse)
  uint64_t retryable = 0, permanent = 0, auth_failures = 0;
  uint64_t throttled = 0;        ///< answers that asked us to slow down (429, 503 + Retry-After)
  uint64_t relogins = 0;         ///< sessions renewed after expiry
  uint64_t budget_waits = 0;     ///< calls that waited for the concurrency or rate budget
  uint64_t in_flight = 0, max_in_flight = 0;
  uint64_t webhooks_verified = 0, webhooks_forged = 0, webhooks_unsigned = 0, webhooks_truncated = 0,
           webhooks_malformed = 0, webhook_pings = 0;
  double seconds_in_requests = 0;  ///< wall time spent waiting for the system's answers
};

// ---- The interface ---------------------------------------------------------------------------------------

class Connector {
 public:
  virtual ~Connector() = default;

  virtual const SystemConfig& config() const = 0;
  /// The records of this connector's schema it supports, and how.
  virtual std::vector<RecordSupport> support() const = 0;

  virtual Fetched get(std::string_view record, std::string_view id) = 0;
  virtual Fetched find(std::string_view record, const KeyQuery& key) = 0;
  /// A sweep (`since` empty) or a delta listing (`since` set), one page per call.
  virtual Page list(const ListQuery& query) = 0;
  virtual Page related(const RelatedQuery& query) = 0;

  virtual Written write(const WriteRequest& request) = 0;
  /// One outcome per request, in order. Uses the system's batch endpoint where there is one (in chunks
  /// of its limit: WooCommerce 100 items); a per-item error inside a successful answer is that item's
  /// outcome, and a failure of the whole call is every item's.
  virtual std::vector<Written> write_batch(std::span<const WriteRequest> requests) = 0;

  /// Verifies and decodes a webhook delivery. Systems without webhooks refuse every delivery (kUnsigned).
  virtual WebhookResult receive(const WebhookDelivery& delivery) = 0;
  /// Derives events by polling (a topic's records changed since an instant).
  virtual EventPage poll(const PollQuery& query) = 0;

  /// Webhook management where the system has it; others answer a permanent outcome "not supported".
  virtual Subscriptions subscriptions() = 0;
  virtual Written subscribe(std::string_view topic, std::string_view delivery_url) = 0;
  virtual Written reactivate(std::string_view subscription_id) = 0;
  /// Whether the system pushes `topic` (a webhook can be subscribed to it). False: the runtime polls the
  /// topic, as for every topic of a system without webhooks (Tryton) and for a WooCommerce refund, which
  /// no webhook topic carries.
  virtual bool pushes(std::string_view topic) const {
    (void)topic;
    return false;
  }

  /// The version of a record in the schema's shape, as Fetched::version has it (WooCommerce's
  /// date_modified_gmt, Tryton's write_date or create_date): what the runtime compares to skip a late
  /// copy of an older version once a newer one is written. Stamps of one system sort as text; "" when the
  /// record carries none (then nothing is skipped).
  virtual std::string record_version(std::string_view record, std::string_view json) const {
    (void)record;
    (void)json;
    return {};
  }

  /// Authenticates and reads one record of each readable kind; says what works and why not.
  virtual std::vector<CheckStep> check() = 0;
  virtual ConnectorStats stats() const = 0;
};

/// What a connector needs from its host besides its configuration.
struct Environment {
  std::string schema_dir{};  ///< empty: $SYNCLOOM_SCHEMA_DIR or the built-in schemas
  /// Receives one line per HTTP request (method, URL with credentials redacted, status, milliseconds,
  /// bytes, correlation id). Never sees a secret. Null: no request log.
  std::function<void(std::string_view line)> request_log;
  /// Tests only: runs before each request is sent and may answer in its place (fault injection).
  std::shared_ptr<http::FaultInjector> faults{};
};

struct Made {
  std::unique_ptr<Connector> connector{};  ///< null on error
  std::string error{};                     ///< names the system and the setting ("systems.erp.url: ...")
};

/// Builds the connector of `config.kind` ("woocommerce", "tryton"). Does not contact the system: the
/// first call logs in.
Made make_connector(const SystemConfig& config, const Environment& environment = {});

/// The kinds this build has a connector for.
std::vector<std::string> connector_kinds();

}  // namespace syncloom::connectors
