// list_records and the argument helpers.
#include "listing.hpp"

#include "body_fields.hpp"

#include <algorithm>
#include <cctype>

namespace woosim {
namespace {

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '[' || c == ']' || c == ',') out += static_cast<char>(c);
    else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
  }
  return out;
}

bool is_credential(const std::string& key) {
  return key == "consumer_key" || key == "consumer_secret" || key.rfind("oauth_", 0) == 0;
}

// add_query_arg(page, N, base): the request's own arguments in order, page replaced in place or appended.
std::string page_link(const Store& store, const ListSpec& spec, const Query& q, int64_t page) {
  std::string url = store.api(spec.route);
  std::string query;
  bool placed = false;
  for (const auto& [k, v] : q) {
    if (is_credential(k)) continue;
    if (!query.empty()) query += '&';
    if (k == "page") {
      if (placed) continue;
      query += "page=" + std::to_string(page);
      placed = true;
    } else {
      query += url_encode(k) + "=" + url_encode(v);
    }
  }
  if (!placed) query += (query.empty() ? "" : "&") + std::string("page=") + std::to_string(page);
  return "<" + url + "?" + query + ">";
}

}  // namespace

std::optional<int64_t> int_param(const Query& q, const std::string& key, std::vector<InvalidParam>& bad) {
  if (!query_has(q, key)) return std::nullopt;
  std::string v = query_get(q, key);
  size_t i = (!v.empty() && v[0] == '-') ? 1 : 0;
  bool digits = v.size() > i && v.size() < 18 && std::all_of(v.begin() + static_cast<long>(i), v.end(), ::isdigit);
  if (!digits) {
    bad.push_back({key, "rest_invalid_type", key + " is not of type integer."});
    return std::nullopt;
  }
  return std::stoll(v);
}

std::vector<std::string> enum_param(const Query& q, const std::string& key, const std::vector<std::string>& allowed,
                                    std::vector<InvalidParam>& bad) {
  std::vector<std::string> values = query_list(q, key);
  for (const auto& v : values) {
    if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    bad.push_back({key, "rest_not_in_enum", key + " is not one of " + list + "."});
    break;
  }
  return values;
}

void apply_fields(Json& body, const Query& q) {
  std::vector<std::string> fields = query_list(q, "_fields");
  if (fields.empty() || !body.is_object()) return;
  Json kept = Json::object();
  for (auto it = body.begin(); it != body.end(); ++it)
    if (std::find(fields.begin(), fields.end(), it.key()) != fields.end()) kept[it.key()] = it.value();
  body = kept;
}

Reply list_records(const Store& store, const Query& q, Rows rows, const ListSpec& spec) {
  std::vector<InvalidParam> bad;
  int64_t per_page = int_param(q, "per_page", bad).value_or(10);
  int64_t page = int_param(q, "page", bad).value_or(1);
  std::optional<int64_t> offset = int_param(q, "offset", bad);
  if (bad.empty() && (per_page < 1 || per_page > 100))
    bad.push_back({"per_page", "rest_out_of_bounds", "per_page must be between 1 (inclusive) and 100 (inclusive)"});
  if (page < 1) bad.push_back({"page", "rest_out_of_bounds", "page must be greater than or equal to 1"});
  auto orderby_v = enum_param(q, "orderby", spec.orderby, bad);
  auto order_v = enum_param(q, "order", {"asc", "desc"}, bad);
  std::string dates_gmt = query_get(q, "dates_are_gmt");
  bool gmt = dates_gmt == "true" || dates_gmt == "1";
  std::optional<int64_t> window[4];
  const char* window_keys[4] = {"after", "before", "modified_after", "modified_before"};
  for (int i = 0; i < 4; ++i) {
    if (!query_has(q, window_keys[i])) continue;
    window[i] = store.zone->parse(query_get(q, window_keys[i]), gmt);
    if (!window[i]) bad.push_back({window_keys[i], "rest_invalid_date", "Invalid date."});
  }
  std::vector<int64_t> include, exclude;
  for (const char* key : {"include", "exclude"}) {
    for (const auto& v : query_list(q, key)) {
      if (v.empty() || !std::all_of(v.begin(), v.end(), ::isdigit) || v.size() > 17) {
        bad.push_back({key, "rest_invalid_type", std::string(key) + "[0] is not of type integer."});
        break;
      }
      (std::string(key) == "include" ? include : exclude).push_back(std::stoll(v));
    }
  }
  if (!bad.empty()) return invalid_params(bad);

  std::string search = lowercase(query_get(q, "search"));
  Rows kept;
  for (const auto& row : rows) {
    const Record& r = *row.second;
    if (window[0] && !(r.created > *window[0])) continue;
    if (window[1] && !(r.created < *window[1])) continue;
    if (window[2] && !(r.modified > *window[2])) continue;
    if (window[3] && !(r.modified < *window[3])) continue;
    if (!include.empty() && std::find(include.begin(), include.end(), row.first) == include.end()) continue;
    if (std::find(exclude.begin(), exclude.end(), row.first) != exclude.end()) continue;
    if (!search.empty() && (!spec.search || lowercase(spec.search(r)).find(search) == std::string::npos)) continue;
    kept.push_back(row);
  }

  std::string orderby = orderby_v.empty() ? spec.default_orderby : orderby_v.front();
  bool asc = (order_v.empty() ? spec.default_order : order_v.front()) == "asc";
  auto key_less = [&](const auto& a, const auto& b) -> int {  // -1, 0, 1 on the chosen key
    auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
    if (orderby == "date" || orderby == "registered_date") return cmp(a.second->created, b.second->created);
    if (orderby == "modified") return cmp(a.second->modified, b.second->modified);
    if ((orderby == "title" || orderby == "name") && spec.title) return cmp(lowercase(spec.title(*a.second)), lowercase(spec.title(*b.second)));
    if (orderby == "slug" && spec.slug) return cmp(spec.slug(*a.second), spec.slug(*b.second));
    if (orderby == "include") {
      auto pos = [&](int64_t id) { return std::find(include.begin(), include.end(), id) - include.begin(); };
      return cmp(pos(a.first), pos(b.first));
    }
    return 0;  // id: the tie-break below decides
  };
  std::stable_sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) {
    int c = key_less(a, b);
    if (orderby == "include") return c < 0;  // the include list's own order, whatever `order` says
    if (c == 0) c = a.first < b.first ? -1 : (a.first > b.first ? 1 : 0);  // WooCommerce's ID tie-break
    return asc ? c < 0 : c > 0;
  });

  int64_t total = static_cast<int64_t>(kept.size());
  int64_t pages = (total + per_page - 1) / per_page;
  int64_t start = offset ? std::max<int64_t>(0, *offset) : (page - 1) * per_page;
  Reply reply;
  reply.body = Json::array();
  for (int64_t i = start; i < total && i < start + per_page; ++i) {
    Json item = kept[static_cast<size_t>(i)].second->body;
    apply_fields(item, q);
    reply.body.push_back(std::move(item));
  }
  reply.headers.emplace_back("X-WP-Total", std::to_string(total));
  reply.headers.emplace_back("X-WP-TotalPages", std::to_string(pages));
  std::string link;
  if (page > 1) link += page_link(store, spec, q, std::min(page - 1, std::max<int64_t>(pages, 1))) + "; rel=\"prev\"";
  if (pages > page) link += (link.empty() ? "" : ", ") + page_link(store, spec, q, page + 1) + "; rel=\"next\"";
  if (!link.empty()) reply.headers.emplace_back("Link", link);
  return reply;
}

}  // namespace woosim
