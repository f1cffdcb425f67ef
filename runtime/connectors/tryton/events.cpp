// poll(): topics as keyset listings (see events.hpp).
//
// Some changes do not touch the record's own write_date (TRYTON.md pitfall 4), so a topic can have more
// sources, read one after the other under one cursor ("p" the record's model, then "1", "2", ...):
//   inventoryItem.changed: product.template (a name or price change does not touch the variant) and
//     stock.move (moves touch neither, but change quantity and forecast_quantity);
//   salesOrder.changed: sale.line (a line change does not touch the sale);
//   customer.changed: party.address, party.contact_mechanism and party.identifier.
// Rows of a further source are mapped to the records they concern, which are read whole.
#include "tryton/events.hpp"
#include "common/failure.hpp"

#include <charconv>
#include <set>

#include "tryton/read.hpp"

namespace syncloom::connectors::tryton {
namespace {

/// A model whose changes are changes of the topic's record: `link` holds that record's id (or ids).
struct Source {
  std::string_view model;
  std::string_view link;
  std::string_view why;          ///< in the dedupe key: "stock", "template", "line"
  bool writes_only = false;      ///< its rows are created with the record itself (a template's variant)
};

struct TopicInfo {
  std::string_view topic;
  std::string_view record;
  std::string_view state;  ///< ".done" topics: only records in this state, one event per record
  std::vector<Source> sources = {};
};

const std::vector<TopicInfo>& topics() {
  static const std::vector<TopicInfo> all = {
      {"customer.changed", "customer", "",
       {{"party.address", "party", "address"}, {"party.contact_mechanism", "party", "contact"},
        {"party.identifier", "party", "identifier"}}},
      {"inventoryItem.changed", "inventoryItem", "",
       {{"product.template", "products", "template", true}, {"stock.move", "product", "stock"}}},
      {"salesOrder.changed", "salesOrder", "", {{"sale.line", "sale", "line"}}},
      {"shipment.changed", "shipment", ""},
      {"shipment.done", "shipment", "done"},
      {"returnOrder.changed", "returnOrder", ""},
      {"returnOrder.done", "returnOrder", "done"},
      {"invoice.changed", "invoice", ""},
      {"creditMemo.changed", "creditMemo", ""},
  };
  return all;
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

/// The records a page of rows of a further source concerns, first mention first.
std::vector<int64_t> ids_linked(const std::vector<wire::Value>& rows, std::string_view field) {
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

/// The newest change among `rows` for `record` (a move's or template's date and id): part of the dedupe key.
std::string stamp_for(const std::vector<wire::Value>& rows, std::string_view field, int64_t record) {
  std::string newest;
  auto ts = schema::Type::make(schema::TypeKind::kTimestamp);
  for (const wire::Value& row : rows) {
    const wire::Value& v = row.at(field);
    bool hit = v.as_int64() == record;
    for (const wire::Value& item : v.items()) hit = hit || item.as_int64() == record;
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
  for (const TopicInfo& t : topics())
    if (t.topic == query.topic) topic = &t;
  if (!topic) {
    std::string known;
    for (const TopicInfo& t : topics()) known += (known.empty() ? "" : ", ") + std::string(t.topic);
    return failure<EventPage>(Outcome::permanent("Tryton has no topic `" + query.topic + "` (topics: " + known + ")", "unknown_topic"));
  }
  const RecordInfo* info = find_record_info(topic->record);
  std::optional<Instant> since;
  if (!query.since.empty()) {
    since = parse_instant(query.since);
    if (!since) return failure<EventPage>(Outcome::permanent("since: \"" + query.since + "\" is not an ISO 8601 instant", "bad_since", "since"));
    since = add_seconds(*since, -query.overlap.count());
  }
  Cursor cursor;
  if (query.page.empty()) {
    Outcome o;
    auto until = server_until(core, &o);
    if (!until) return failure<EventPage>(std::move(o));
    cursor.until = *until;
  } else {
    auto decoded = decode_cursor(query.page);
    if (!decoded) return failure<EventPage>(Outcome::permanent("page: not a cursor of this connector: " + query.page, "bad_page", "page"));
    cursor = *decoded;
  }

  constexpr unsigned kLimit = 100;
  EventPage page;
  page.high_water = format_instant(cursor.until);
  for (;;) {
    wire::Value base = domain_from(info->base_domain);
    std::string_view model = info->model, link, why;
    std::vector<std::string> fields;
    wire::Value context = core.read_context(*info);
    size_t index = 0;
    if (cursor.source != "p") {
      auto [end, ec] = std::from_chars(cursor.source.data(), cursor.source.data() + cursor.source.size(), index);
      if (ec != std::errc() || index == 0 || index > topic->sources.size())
        return failure<EventPage>(Outcome::permanent("page: not a cursor of topic " + query.topic + ": " + query.page, "bad_page", "page"));
    }
    if (index == 0) {
      if (!topic->state.empty()) base.push_back(condition("state", "=", wire::Value::string(std::string(topic->state))));
      fields = fields_for(core, *info);
    } else {
      const Source& source = topic->sources.at(index - 1);
      model = source.model, link = source.link, why = source.why;
      fields = {"id", "create_date", "write_date", std::string(link)};
      base = wire::Value::array();
      if (source.writes_only) base.push_back(condition("write_date", "!=", wire::Value::null()));
      context = wire::Value::object();
    }
    ScanResult s = scan(core, model, base, fields, since, cursor.until, cursor.position, kLimit, context);
    if (!s.outcome.ok()) return failure<EventPage>(std::move(s.outcome));
    if (index == 0) {
      for (const wire::Value& row : s.rows) page.events.push_back(event_of(*topic, fetched_from(core, *info, row), ""));
    } else {
      std::vector<wire::Value> records;
      Outcome o = read_rows(core, *info, ids_linked(s.rows, link), records);
      if (!o.ok()) return failure<EventPage>(std::move(o));
      for (const wire::Value& row : records) {
        Fetched f = fetched_from(core, *info, row);
        page.events.push_back(event_of(*topic, f, std::string(why) + ":" + stamp_for(s.rows, link, std::stoll(f.id)) + ":"));
      }
    }
    if (s.next) {
      cursor.position = *s.next;
      page.next_page = encode_cursor(cursor);
      return page;
    }
    if (index >= topic->sources.size()) return page;
    cursor.source = std::to_string(index + 1);
    cursor.position = ScanPosition{};
    if (!page.events.empty()) {  // a page per source keeps pages small; the next one starts the next source
      page.next_page = encode_cursor(cursor);
      return page;
    }
  }
}

}  // namespace syncloom::connectors::tryton
