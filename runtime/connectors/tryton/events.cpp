// poll(): topics as keyset listings (see events.hpp).
//
// inventoryItem.changed has three sources, read one after the other under one cursor: product.product
// itself ("p"), product.template ("t": a template's name or price change does not touch the variant's
// write_date) and stock.move ("m": stock moves touch neither, but change quantity and forecast_quantity).
// Template and move rows are mapped to the products they concern, which are read whole.
#include "tryton/events.hpp"

#include <set>

#include "tryton/read.hpp"

namespace syncloom::connectors::tryton {
namespace {

struct TopicInfo {
  std::string_view topic;
  std::string_view record;
  std::string_view state;  ///< ".done" topics: only records in this state, one event per record
};

constexpr TopicInfo kTopics[] = {
    {"customer.changed", "customer", ""},         {"inventoryItem.changed", "inventoryItem", ""},
    {"salesOrder.changed", "salesOrder", ""},     {"shipment.changed", "shipment", ""},
    {"shipment.done", "shipment", "done"},        {"returnOrder.changed", "returnOrder", ""},
    {"returnOrder.done", "returnOrder", "done"},  {"invoice.changed", "invoice", ""},
    {"creditMemo.changed", "creditMemo", ""},
};

EventPage events_error(Outcome o) {
  EventPage p;
  p.outcome = std::move(o);
  return p;
}

Event event_of(const TopicInfo& topic, const Fetched& f, const std::string& because) {
  Event e;
  e.topic = std::string(topic.topic);
  e.record = std::string(topic.record);
  e.id = f.id;
  e.occurred_at = f.version;
  // A done shipment is done once, whatever is written to it later; a change is one per version.
  e.dedupe_key = std::string(topic.record) + ":" + f.id + ":" + (topic.state.empty() ? because + f.version : "done");
  e.json = f.json;
  return e;
}

/// The products a page of template or move rows concerns, first mention first.
std::vector<int64_t> products_of(const std::vector<wire::Value>& rows, std::string_view field) {
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  for (const wire::Value& row : rows) {
    const wire::Value& v = row.at(field);
    std::vector<int64_t> found = v.is_array() ? ids_of(v) : std::vector<int64_t>{};
    if (auto one = v.as_int64()) found.push_back(*one);
    for (int64_t id : found)
      if (seen.insert(id).second) ids.push_back(id);
  }
  return ids;
}

/// The newest change among `rows` for `product` (a move's or template's date): part of the dedupe key.
std::string stamp_for(const std::vector<wire::Value>& rows, std::string_view field, int64_t product) {
  std::string newest;
  auto ts = schema::Type::make(schema::TypeKind::kTimestamp);
  for (const wire::Value& row : rows) {
    const wire::Value& v = row.at(field);
    bool hit = v.as_int64() == product;
    for (const wire::Value& item : v.items()) hit = hit || item.as_int64() == product;
    if (!hit) continue;
    const wire::Value& date = row.at("write_date").is_null() ? row.at("create_date") : row.at("write_date");
    std::string text = decode_value(*ts, date).text();
    std::string id = std::to_string(row.at("id").as_int64().value_or(0));
    if (text + "#" + id > newest) newest = text + "#" + id;
  }
  return newest;
}

}  // namespace

EventPage poll_events(Core& core, const PollQuery& query) {
  const TopicInfo* topic = nullptr;
  for (const TopicInfo& t : kTopics)
    if (t.topic == query.topic) topic = &t;
  if (!topic) {
    std::string known;
    for (const TopicInfo& t : kTopics) known += (known.empty() ? "" : ", ") + std::string(t.topic);
    return events_error(Outcome::permanent("Tryton has no topic `" + query.topic + "` (topics: " + known + ")", "unknown_topic"));
  }
  const RecordInfo* info = find_record_info(topic->record);
  std::optional<Instant> since;
  if (!query.since.empty()) {
    since = parse_instant(query.since);
    if (!since) return events_error(Outcome::permanent("since: \"" + query.since + "\" is not an ISO 8601 instant", "bad_since", "since"));
    since = add_seconds(*since, -query.overlap.count());
  }
  Cursor cursor;
  if (query.page.empty()) {
    Outcome o;
    auto until = server_until(core, &o);
    if (!until) return events_error(std::move(o));
    cursor.until = *until;
  } else {
    auto decoded = decode_cursor(query.page);
    if (!decoded) return events_error(Outcome::permanent("page: not a cursor of this connector: " + query.page, "bad_page", "page"));
    cursor = *decoded;
  }

  constexpr unsigned kLimit = 100;
  EventPage page;
  page.high_water = format_instant(cursor.until);
  bool items = topic->record == "inventoryItem";
  // The sources of this topic in order: p (the record's own model), then t and m for inventory items.
  for (;;) {
    wire::Value base = domain_from(info->base_domain);
    std::string_view model = info->model, link;
    std::vector<std::string> fields;
    wire::Value context = core.read_context(*info);
    if (cursor.source == "p") {
      if (!topic->state.empty()) base.push_back(condition("state", "=", wire::Value::string(std::string(topic->state))));
      fields = fields_for(core, *info);
    } else if (cursor.source == "t") {
      model = "product.template", link = "products";
      fields = {"id", "create_date", "write_date", "products"};
      // Only writes matter here: a new template's variant is created (and listed by "p") with it.
      base.push_back(condition("write_date", "!=", wire::Value::null()));
    } else {
      model = "stock.move", link = "product";
      fields = {"id", "create_date", "write_date", "product"};
      context = wire::Value::object();
    }
    ScanResult s = scan(core, model, base, fields, since, cursor.until, cursor.position, kLimit, context);
    if (!s.outcome.ok()) return events_error(std::move(s.outcome));
    if (cursor.source == "p") {
      for (const wire::Value& row : s.rows) page.events.push_back(event_of(*topic, fetched_from(core, *info, row), ""));
    } else {
      std::vector<wire::Value> products;
      Outcome o = read_rows(core, *info, products_of(s.rows, link), products);
      if (!o.ok()) return events_error(std::move(o));
      for (const wire::Value& row : products) {
        Fetched f = fetched_from(core, *info, row);
        std::string why = std::string(cursor.source == "t" ? "template:" : "stock:") +
                          stamp_for(s.rows, link, std::stoll(f.id)) + ":";
        page.events.push_back(event_of(*topic, f, why));
      }
    }
    if (s.next) {
      cursor.position = *s.next;
      page.next_page = encode_cursor(cursor);
      return page;
    }
    std::string next = !items ? "" : cursor.source == "p" ? "t" : cursor.source == "t" ? "m" : "";
    if (next.empty()) return page;
    cursor.source = next;
    cursor.position = ScanPosition{};
    if (!page.events.empty()) {  // a page per source keeps pages small; the next one starts the next source
      page.next_page = encode_cursor(cursor);
      return page;
    }
  }
}

}  // namespace syncloom::connectors::tryton
