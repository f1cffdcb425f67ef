// Reading WooCommerce: get by id, find by key, keyset-paged listings (sweeps and deltas), related records.
#include <algorithm>

#include "woocommerce/woo_connector.hpp"
#include "common/failure.hpp"
#include "woocommerce/woo_cursor.hpp"
#include "woocommerce/woo_shape.hpp"

namespace syncloom::connectors::woo {
namespace {

constexpr unsigned kMaxPerPage = 100;     // wc/v3 refuses more (400 rest_invalid_param)
constexpr size_t kMaxExclude = 800;       // ids in one `exclude=`; beyond it the URL grows too long
constexpr uint64_t kIdListingSlack = 20;  // customers: re-read this many, so that deletions shift nothing past us

std::optional<int64_t> id_of(const wire::Value& record) { return record.at("id").as_int64(); }

std::string modified_of(const wire::Value& record) {
  const wire::Value& modified = record.at("date_modified_gmt");
  if (modified.is_string() && !modified.text().empty()) return modified.text();
  const wire::Value& created = record.at("date_created_gmt");
  return created.is_string() ? created.text() : "";
}

uint64_t header_number(const Reply& reply, std::string_view name) {
  const std::string* value = reply.header(name);
  if (!value) return 0;
  try {
    return std::stoull(*value);
  } catch (...) {
    return 0;
  }
}

// Splits "22/732" into parent and own id; "732" has no parent.
std::pair<std::string, std::string> split_id(std::string_view id) {
  size_t slash = id.find('/');
  if (slash == std::string_view::npos) return {"", std::string(id)};
  return {std::string(id.substr(0, slash)), std::string(id.substr(slash + 1))};
}

}  // namespace

Outcome unknown_record(std::string_view record) {
  return Outcome::permanent("the woocommerce connector has no record `" + std::string(record) + "`", "unknown_record");
}

const schema::StructType* WooConnector::record_type(std::string_view record) const {
  const schema::RecordSchema* r = schema_->find_record(record);
  return r ? r->type.get() : nullptr;
}

Fetched WooConnector::to_fetched(const Resource& resource, wire::Value record, std::string_view parent_id) const {
  Fetched fetched;
  fetched.found = true;
  fetched.matches = 1;
  if (!parent_id.empty() && record.is_object() && (record.at("parent_id").is_null() || !record.find("parent_id")))
    record.set("parent_id", wire::Value::number(std::string(parent_id)));
  fetched.id = record.at("id").text();
  if (const schema::StructType* type = record_type(resource.record)) wire_to_shape(*type, record);
  const wire::Value& modified = record.at("date_modified_gmt");
  fetched.version = modified.is_string() ? modified.text() : "";
  fetched.json = wire::dump(record);
  return fetched;
}

std::string WooConnector::parent_of(const Resource& resource, std::string_view id, const wire::Value* record,
                                    Outcome* outcome) {
  if (resource.parent.empty()) return {};
  if (record) {
    const wire::Value& parent = record->at("parent_id");
    if ((parent.is_number() || parent.is_string()) && !parent.text().empty() && parent.text() != "0") return parent.text();
  }
  if (resource.record != "variation") {
    *outcome = Outcome::permanent("a " + resource.record + " needs its parent's id: give parent_id or the id as PARENT/ID",
                                  "missing_parent", "parent_id");
    return {};
  }
  // wc/v3 serves a variation under /products/<id> too, with its parent_id.
  Reply reply = api_.call({.path = "products/" + std::string(id)});
  if (!reply.answer.outcome.ok()) {
    *outcome = reply.answer.outcome;
    return {};
  }
  const wire::Value& parent = reply.answer.body.at("parent_id");
  if (!parent.is_number() || parent.text() == "0") {
    *outcome = Outcome::permanent("product " + std::string(id) + " is not a variation", "not_a_variation", "id");
    return {};
  }
  return parent.text();
}

Fetched WooConnector::get(std::string_view record, std::string_view id) {
  Fetched fetched;
  const Resource* resource = find_resource(record);
  if (!resource) return failure<Fetched>(unknown_record(record));
  auto [parent, own] = split_id(id);
  if (parent.empty() && !resource->parent.empty()) {
    parent = parent_of(*resource, own, nullptr, &fetched.outcome);
    if (!fetched.outcome.ok()) return fetched;
  }
  Reply reply = api_.call({.path = collection_path(*resource, parent) + "/" + own});
  if (reply.answer.outcome.http_status == 404 || reply.answer.outcome.http_status == 410) return fetched;  // ok, not found
  if (!reply.answer.outcome.ok()) return failure<Fetched>(reply.answer.outcome);
  return to_fetched(*resource, std::move(reply.answer.body), parent);
}

Fetched WooConnector::find(std::string_view record, const KeyQuery& key) {
  const Resource* resource = find_resource(record);
  if (!resource) return failure<Fetched>(unknown_record(record));
  return find_one(*resource, key, "");
}

Fetched WooConnector::find_one(const Resource& resource, const KeyQuery& key, const std::string& correlation_id) {
  if (key.field == "id") return get(resource.record, key.value);
  auto param = std::find_if(resource.find_params.begin(), resource.find_params.end(),
                            [&](const auto& p) { return p.first == key.field; });
  if (param == resource.find_params.end() || (resource.collection.empty() && resource.record != "variation")) {
    std::string fields = "id";
    for (const auto& p : resource.find_params) fields += ", " + p.first;
    return failure<Fetched>(Outcome::permanent("cannot find a " + resource.record + " by `" + key.field + "` (fields: " + fields + ")",
                               "unsupported_key", key.field));
  }
  // Variations are searched through /products (the `type` filter knows no "variation"; the answers say).
  Params query = {{param->second, key.value}, {"per_page", "100"}};
  if (resource.record == "customer") query.emplace_back("role", "all");
  Reply reply = api_.call({.path = resource.collection.empty() ? "products" : resource.collection, .query = query,
                           .correlation_id = correlation_id});
  if (!reply.answer.outcome.ok()) return failure<Fetched>(reply.answer.outcome);
  if (!reply.answer.body.is_array())
    return failure<Fetched>(Outcome::retryable("expected a JSON array from a " + resource.record + " search", "malformed_body"));
  // `search` matches substrings and `email` is case-insensitive: keep exact matches only.
  Fetched first;
  size_t matches = 0;
  for (wire::Value& item : reply.answer.body.items()) {
    const wire::Value& value = item.at(key.field);
    bool equal = key.field == "email" ? std::equal(value.text().begin(), value.text().end(), key.value.begin(),
                                                   key.value.end(), [](unsigned char a, unsigned char b) {
                                                     return std::tolower(a) == std::tolower(b);
                                                   })
                                      : value.text() == key.value;
    // `?sku=` may answer variations too (WooCommerce searches both post types): keep the record's kind.
    bool is_variation = item.at("type").text() == "variation";
    if (resource.record == "product" && is_variation) continue;
    if (resource.record == "variation" && !is_variation && item.at("parent_id").text() == "0") continue;
    if (!equal) continue;
    if (matches++ == 0) {
      std::string parent = resource.parent.empty() ? "" : item.at("parent_id").text();
      first = to_fetched(resource, std::move(item), parent);
    }
  }
  first.matches = matches;
  return first;
}

Page WooConnector::list(const ListQuery& query) {
  const Resource* resource = find_resource(query.record);
  if (!resource) return failure<Page>(unknown_record(query.record));
  const std::string& path = resource->collection.empty() ? resource->listing : resource->collection;
  if (path.empty())
    return failure<Page>(Outcome::permanent("a " + query.record + " is listed through its parent: related()", "not_listable"));
  // 1. Where this page starts.
  Cursor cursor;
  std::optional<int64_t> since;
  if (!query.since.empty()) {
    since = parse_instant(query.since);
    if (!since) return failure<Page>(Outcome::permanent("since `" + query.since + "` is not an ISO 8601 UTC instant", "bad_since", "since"));
    *since -= query.overlap.count();
  }
  if (!query.page.empty()) {
    auto decoded = Cursor::decode(query.page);
    if (!decoded) return failure<Page>(Outcome::permanent("page token from another listing or connector", "bad_page", "page"));
    cursor = std::move(*decoded);
  } else if (since && resource->by_modified) {
    cursor.anchor = format_gmt(*since);
  }
  unsigned per_page = query.page_size ? std::min(query.page_size, kMaxPerPage) : kMaxPerPage;
  Params params = {{"per_page", std::to_string(per_page)}};
  params.insert(params.end(), query.filters.begin(), query.filters.end());
  uint64_t requested_offset = 0;
  if (resource->by_modified) {
    params.insert(params.end(), {{"orderby", "modified"}, {"order", "asc"}, {"dates_are_gmt", "true"}});
    if (!cursor.anchor.empty()) params.emplace_back("modified_after", cursor.anchor);
    if (cursor.window.size() > kMaxExclude) {
      params.emplace_back("page", std::to_string(cursor.page));
    } else if (!cursor.window.empty()) {
      std::string ids;
      for (const auto& [id, modified] : cursor.window) ids += (ids.empty() ? "" : ",") + std::to_string(id);
      params.emplace_back("exclude", ids);
    }
  } else {
    // The slack stays below half a page, so that every page moves the offset on (a small page_size
    // re-read its own records forever otherwise).
    const uint64_t slack = std::min<uint64_t>(kIdListingSlack, per_page / 2);
    requested_offset = cursor.offset > slack ? cursor.offset - slack : 0;
    params.insert(params.end(), {{"orderby", "id"}, {"order", "asc"}, {"offset", std::to_string(requested_offset)}});
    if (resource->record == "customer") params.emplace_back("role", "all");
    // Refunds never change once made: a delta is those created since (less the overlap).
    if (!resource->listing.empty() && since) params.insert(params.end(), {{"after", format_gmt(*since)}, {"dates_are_gmt", "true"}});
  }
  // 2. The page.
  Reply reply = api_.call({.path = path, .query = params});
  if (!reply.answer.outcome.ok()) return failure<Page>(reply.answer.outcome);
  if (!reply.answer.body.is_array())
    return failure<Page>(Outcome::retryable("expected a JSON array listing " + path, "malformed_body"));
  Page page;
  page.total = query.page.empty() ? header_number(reply, "X-WP-Total") : cursor.total;
  cursor.total = page.total;
  // 3. Each record once: ids emitted earlier in this listing (a record changed mid-listing) are dropped.
  std::vector<wire::Value>& items = reply.answer.body.items();
  int64_t newest = -1;
  std::optional<int64_t> prior_anchor = parse_instant(cursor.anchor);
  for (wire::Value& item : items) {
    auto id = id_of(item);
    std::string modified_text = modified_of(item);
    auto modified = parse_instant(modified_text);
    if (!id) return failure<Page>(Outcome::retryable("a listed " + query.record + " without an integer id", "malformed_body"));
    if (resource->by_modified) {
      if (!modified) return failure<Page>(Outcome::retryable(query.record + " " + std::to_string(*id) + " without date_modified_gmt", "malformed_body"));
      if (*modified < newest)
        return failure<Page>(Outcome::permanent("the store does not order " + resource->collection +
                                                  " by orderby=modified (WooCommerce too old?): keyset paging needs it",
                                              "unordered_listing"));
      newest = *modified;
      cursor.window.emplace_back(*id, *modified);
    }
    if (modified && page.high_water < gmt_to_utc(modified_text)) page.high_water = gmt_to_utc(modified_text);
    if (cursor.emitted.contains(*id)) continue;
    if (!resource->by_modified && since && modified && *modified < *since) continue;  // id listings filter deltas here
    cursor.emitted.insert(*id);
    page.records.push_back(to_fetched(*resource, std::move(item), ""));
  }
  if (cursor.high_water > page.high_water) page.high_water = cursor.high_water;
  cursor.high_water = page.high_water;
  // 4. Where the next page starts: just before the newest instant seen, excluding what was read at it.
  if (items.size() < per_page) return page;  // the last page
  if (resource->by_modified) {
    int64_t anchor = newest - 1;  // modified_after may be exclusive: one second earlier, and exclude
    bool moved = !prior_anchor || anchor > *prior_anchor;
    if (moved) {
      cursor.anchor = format_gmt(anchor);
      cursor.page = 1;
      std::erase_if(cursor.window, [&](const auto& entry) { return entry.second < anchor; });
    } else {
      ++cursor.page;  // only read while the window is too large for `exclude`
    }
  } else {
    cursor.offset = requested_offset + items.size();
  }
  page.next_page = cursor.encode();
  return page;
}

Page WooConnector::related(const RelatedQuery& query) {
  const Resource* resource = find_resource(query.record);
  if (!resource) return failure<Page>(unknown_record(query.record));
  auto relation = std::find_if(resource->relations.begin(), resource->relations.end(),
                               [&](const auto& r) { return r.first == query.relation; });
  if (relation == resource->relations.end())
    return failure<Page>(Outcome::permanent("a " + query.record + " has no relation `" + query.relation + "`", "unknown_relation"));
  const Resource* nested = find_resource(relation->second);
  unsigned number = 1;
  if (!query.page.empty()) number = static_cast<unsigned>(std::max(1, std::atoi(query.page.c_str())));
  // Related sets are small (an order's refunds) and rarely change while read: page numbers suffice.
  Reply reply = api_.call({.path = collection_path(*nested, query.id),
                           .query = {{"per_page", "100"}, {"page", std::to_string(number)}}});
  if (!reply.answer.outcome.ok()) return failure<Page>(reply.answer.outcome);
  if (!reply.answer.body.is_array())
    return failure<Page>(Outcome::retryable("expected a JSON array of " + query.relation, "malformed_body"));
  Page page;
  page.total = header_number(reply, "X-WP-Total");
  for (wire::Value& item : reply.answer.body.items()) page.records.push_back(to_fetched(*nested, std::move(item), query.id));
  uint64_t pages = header_number(reply, "X-WP-TotalPages");
  const std::string* link = reply.header("Link");
  bool more = pages ? number < pages : (link && link->find("rel=\"next\"") != std::string::npos);
  if (more) page.next_page = std::to_string(number + 1);
  return page;
}

}  // namespace syncloom::connectors::woo
