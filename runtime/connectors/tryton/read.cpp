// get, find, keyset listings and related records (see read.hpp).
#include "tryton/read.hpp"
#include "common/failure.hpp"

#include <charconv>
#include <chrono>
#include <ctime>

namespace syncloom::connectors::tryton {
namespace {

constexpr unsigned kDefaultPage = 100;
constexpr unsigned kMaxPage = 1000;

Outcome unknown_record(std::string_view record) {
  std::string known;
  for (const RecordInfo& info : record_infos()) known += (known.empty() ? "" : ", ") + std::string(info.record);
  return Outcome::permanent("Tryton has no record `" + std::string(record) + "` (known: " + known + ")", "unknown_record");
}

/// A key's text as the searched field's wire value (ints for ids, strings otherwise).
wire::Value key_value(const Core& core, const RecordInfo& info, const KeyField& key, std::string_view text) {
  const schema::FieldSchema* f = core.type(info.record)->find(key.field);
  bool is_int = key.field == "id" || (f && f->type && f->type->kind == schema::TypeKind::kInt);
  if (is_int)
    if (auto n = parse_id(text)) return wire::Value::integer(*n);
  if (f && f->type && f->type->kind == schema::TypeKind::kBool && (text == "true" || text == "false"))
    return wire::Value::boolean(text == "true");
  if (key.op == "ilike") {
    // ilike without wildcards is case-insensitive equality; escape the wildcards the value may hold.
    std::string escaped;
    for (char c : text) {
      if (c == '%' || c == '_' || c == '\\') escaped += '\\';
      escaped += c;
    }
    return wire::Value::string(escaped);
  }
  return wire::Value::string(std::string(text));
}

/// ilike also matches differently cased spellings; the key is the lower-cased e-mail either way.
bool same_email(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

wire::Value order_by(std::string_view date_field) {
  return list(list(wire::Value::string(std::string(date_field)), wire::Value::string("ASC")),
              list(wire::Value::string("id"), wire::Value::string("ASC")));
}

}  // namespace

Fetched get_record(Core& core, std::string_view record, std::string_view id) {
  const RecordInfo* info = find_record_info(record);
  if (!info) return failure<Fetched>(unknown_record(record));
  auto n = parse_id(id);
  if (!n) return failure<Fetched>(Outcome::permanent("a Tryton id is a positive integer, not \"" + std::string(id) + "\"", "bad_id", "id"));
  std::vector<wire::Value> rows;
  Outcome o = read_rows(core, *info, {*n}, rows);
  if (!o.ok()) return failure<Fetched>(std::move(o));
  if (rows.empty()) return {};  // ok, not found
  return fetched_from(core, *info, rows.front());
}

Fetched find_record(Core& core, std::string_view record, const KeyQuery& key) {
  const RecordInfo* info = find_record_info(record);
  if (!info) return failure<Fetched>(unknown_record(record));
  const KeyField* field = nullptr;
  for (const KeyField& k : info->keys)
    if (k.field == key.field) field = &k;
  if (!field) {
    std::string known;
    for (const KeyField& k : info->keys) known += (known.empty() ? "" : ", ") + std::string(k.field);
    return failure<Fetched>(Outcome::permanent("Tryton " + std::string(record) + " cannot be found by `" + key.field +
                                              "` (by: " + known + ")",
                                          "bad_key", key.field));
  }
  wire::Value domain = domain_from(info->base_domain);
  domain.push_back(condition(field->path, field->op, key_value(core, *info, *field, key.value)));
  if (!field->also.empty()) domain.push_back(domain_from(field->also));
  RpcAnswer a = core.rpc->call("model." + std::string(info->model) + ".search",
                               list(std::move(domain), wire::Value::integer(0), wire::Value::integer(10),
                                    list(list(wire::Value::string("id"), wire::Value::string("ASC")))),
                               core.read_context(*info));
  if (!a.outcome.ok()) return failure<Fetched>(std::move(a.outcome));
  std::vector<int64_t> ids = ids_of(a.result);
  if (ids.empty()) return {};
  std::vector<wire::Value> rows;
  Outcome o = read_rows(core, *info, ids, rows);
  if (!o.ok()) return failure<Fetched>(std::move(o));
  // By e-mail, a party whose first e-mail is another one (it matched on a second contact) comes after
  // the parties whose `email` is the key.
  size_t count = rows.size();
  const wire::Value* first = &rows.front();
  if (key.field == "email")
    for (const wire::Value& row : rows)
      if (same_email(row.at("email").text(), key.value)) {
        first = &row;
        break;
      }
  Fetched f = fetched_from(core, *info, *first);
  f.matches = count;
  return f;
}

ScanResult scan(Core& core, std::string_view model, const wire::Value& base, const std::vector<std::string>& fields,
                const std::optional<Instant>& since, const Instant& until, ScanPosition from, unsigned limit,
                const wire::Value& context) {
  ScanResult result;
  ScanPosition at = from;
  while (at.phase == 'a' || at.phase == 'b') {
    std::string_view date = at.phase == 'a' ? "create_date" : "write_date";
    wire::Value domain = base;
    domain.push_back(condition("write_date", at.phase == 'a' ? "=" : "!=", wire::Value::null()));
    domain.push_back(condition(date, "<=", datetime_object(until)));
    if (since) domain.push_back(condition(date, ">=", datetime_object(*since)));
    if (!at.stamp.empty()) {
      auto stamp = parse_instant(at.stamp);
      wire::Value after = list(wire::Value::string("OR"), list(condition(date, ">", datetime_object(*stamp))),
                               list(condition(date, "=", datetime_object(*stamp)),
                                    condition("id", ">", wire::Value::integer(at.id))));
      domain.push_back(std::move(after));
    }
    unsigned want = limit - unsigned(result.rows.size());
    RpcAnswer a = core.rpc->call("model." + std::string(model) + ".search_read",
                                 list(std::move(domain), wire::Value::integer(0), wire::Value::integer(want), order_by(date),
                                      strings_value(fields)),
                                 context);
    if (!a.outcome.ok()) {
      result.outcome = std::move(a.outcome);
      return result;
    }
    for (wire::Value& row : a.result.items()) {
      wire::Value stamp = decode_value(*schema::Type::make(schema::TypeKind::kTimestamp), row.at(date));
      if (!stamp.is_string() || !parse_instant(stamp.text()) || !row.at("id").as_int64()) {
        // Without the row's position the next page could not start after it.
        result.outcome = Outcome::retryable("Tryton answered a " + std::string(model) + " row without its " +
                                                std::string(date) + " or id: " + wire::dump(row).substr(0, 120),
                                            "malformed_body");
        return result;
      }
      at.stamp = stamp.text();
      at.id = *row.at("id").as_int64();
      result.rows.push_back(std::move(row));
    }
    if (result.rows.size() >= limit) {
      result.next = at;
      return result;
    }
    at = ScanPosition{at.phase == 'a' ? 'b' : 'z', "", 0};
  }
  return result;
}

std::optional<Instant> server_until(Core& core, Outcome* outcome) {
  RpcAnswer a = core.rpc->call_root("common.server.version", wire::Value::array());
  if (!a.outcome.ok()) {
    *outcome = a.outcome;
    return std::nullopt;
  }
  // "Wed, 02 Dec 2026 01:09:15 GMT"
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string& d = a.server_date;
  size_t comma = d.find(", ");
  Instant i;
  if (comma != std::string::npos && d.size() >= comma + 22) {
    std::string_view s = std::string_view(d).substr(comma + 2);
    std::from_chars(s.data(), s.data() + 2, i.day);
    for (int m = 0; m < 12; ++m)
      if (s.substr(3, 3) == kMonths[m]) i.month = m + 1;
    std::from_chars(s.data() + 7, s.data() + 11, i.year);
    std::from_chars(s.data() + 12, s.data() + 14, i.hour);
    std::from_chars(s.data() + 15, s.data() + 17, i.minute);
    std::from_chars(s.data() + 18, s.data() + 20, i.second);
  }
  if (i.month == 0 || i.year == 0) {
    // No usable Date header: the local clock, held back further for the skew we cannot measure.
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    i = Instant{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 0};
    return add_seconds(i, -5);
  }
  return add_seconds(i, -1);  // the Date header is whole seconds: everything before it is committed or late
}

std::string encode_cursor(const Cursor& c) {
  return c.source + "|" + c.position.phase + "|" + format_instant(c.until) + "|" + c.position.stamp + "|" +
         std::to_string(c.position.id);
}

std::optional<Cursor> decode_cursor(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == '|') parts.push_back(text.substr(start, i - start)), start = i + 1;
  if (parts.size() != 5 || parts[1].size() != 1) return std::nullopt;
  Cursor c;
  c.source = std::string(parts[0]);
  c.position.phase = parts[1][0];
  auto until = parse_instant(parts[2]);
  if (!until || (!parts[3].empty() && !parse_instant(parts[3]))) return std::nullopt;
  c.until = *until;
  c.position.stamp = std::string(parts[3]);
  auto [end, ec] = std::from_chars(parts[4].data(), parts[4].data() + parts[4].size(), c.position.id);
  if (ec != std::errc()) return std::nullopt;
  return c;
}

Page list_records(Core& core, const ListQuery& query) {
  const RecordInfo* info = find_record_info(query.record);
  if (!info) return failure<Page>(unknown_record(query.record));
  std::optional<Instant> since;
  if (!query.since.empty()) {
    since = parse_instant(query.since);
    if (!since) return failure<Page>(Outcome::permanent("since: \"" + query.since + "\" is not an ISO 8601 instant", "bad_since", "since"));
    since = add_seconds(*since, -query.overlap.count());
  }
  Cursor cursor;
  if (query.page.empty()) {
    Outcome o;
    auto until = server_until(core, &o);
    if (!until) return failure<Page>(std::move(o));
    cursor.until = *until;
  } else {
    auto decoded = decode_cursor(query.page);
    if (!decoded) return failure<Page>(Outcome::permanent("page: not a cursor of this connector: " + query.page, "bad_page", "page"));
    cursor = *decoded;
  }
  wire::Value base = domain_from(info->base_domain);
  for (const auto& [name, value] : query.filters) {
    const schema::FieldSchema* f = core.type(info->record)->find(name);
    if (!f) return failure<Page>(Outcome::permanent("filter `" + name + "` is not a field of " + query.record, "bad_filter", name));
    KeyField k{name, name, "=", ""};
    base.push_back(condition(name, "=", key_value(core, *info, k, value)));
  }
  unsigned limit = query.page_size == 0 ? kDefaultPage : std::min(query.page_size, kMaxPage);
  ScanResult s = scan(core, info->model, base, fields_for(core, *info), since, cursor.until, cursor.position, limit,
                      core.read_context(*info));
  Page page;
  if (!s.outcome.ok()) return failure<Page>(std::move(s.outcome));
  for (const wire::Value& row : s.rows) page.records.push_back(fetched_from(core, *info, row));
  if (s.next) {
    cursor.position = *s.next;
    page.next_page = encode_cursor(cursor);
  }
  page.high_water = format_instant(cursor.until);
  return page;
}

Page related_records(Core& core, const RelatedQuery& query) {
  const RecordInfo* info = find_record_info(query.record);
  if (!info) return failure<Page>(unknown_record(query.record));
  const Relation* relation = nullptr;
  for (const Relation& r : info->relations)
    if (r.name == query.relation) relation = &r;
  if (!relation) {
    std::string known;
    for (const Relation& r : info->relations) known += (known.empty() ? "" : ", ") + std::string(r.name);
    return failure<Page>(Outcome::permanent("Tryton " + query.record + " has no relation `" + query.relation + "`" +
                                             (known.empty() ? "" : " (has: " + known + ")"),
                                         "bad_relation", query.relation));
  }
  auto id = parse_id(query.id);
  if (!id) return failure<Page>(Outcome::permanent("a Tryton id is a positive integer, not \"" + query.id + "\"", "bad_id", "id"));
  const RecordInfo* target = find_record_info(relation->record);
  std::vector<int64_t> ids;
  if (relation->field.empty()) {
    // customer -> sales: the sales whose party is this customer.
    RpcAnswer a = core.rpc->call("model." + std::string(target->model) + ".search",
                                 list(list(condition("party", "=", wire::Value::integer(*id))), wire::Value::integer(0),
                                      wire::Value::null(), list(list(wire::Value::string("id"), wire::Value::string("ASC")))),
                                 core.read_context(*target));
    if (!a.outcome.ok()) return failure<Page>(std::move(a.outcome));
    ids = ids_of(a.result);
  } else {
    RpcAnswer a = core.rpc->call("model." + std::string(info->model) + ".read",
                                 list(list(wire::Value::integer(*id)), list(wire::Value::string(std::string(relation->field)))),
                                 core.read_context(*info));
    if (!a.outcome.ok()) return failure<Page>(std::move(a.outcome));
    if (a.result.size() == 1) ids = ids_of(a.result[0].at(relation->field));
  }
  // A sale's invoices include its credit notes: read them under the model, not the invoice/creditMemo split.
  RecordInfo unfiltered = *target;
  unfiltered.base_domain = "[]";
  std::vector<wire::Value> rows;
  Outcome o = read_rows(core, unfiltered, ids, rows);
  if (!o.ok()) return failure<Page>(std::move(o));
  Page page;
  for (const wire::Value& row : rows) page.records.push_back(fetched_from(core, unfiltered, row));
  page.total = page.records.size();
  return page;
}

}  // namespace syncloom::connectors::tryton
