// BodyCheck and the merge helpers.
#include "body_fields.hpp"

#include "money.hpp"

#include <algorithm>
#include <cctype>

namespace woosim {

std::optional<std::string> BodyCheck::str(const Json& body, const std::string& key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  if (body[key].is_string()) return body[key].get<std::string>();
  if (body[key].is_number_integer()) return body[key].dump();
  bad.push_back({key, "rest_invalid_type", key + " is not of type string."});
  return std::nullopt;
}

std::optional<bool> BodyCheck::boolean(const Json& body, const std::string& key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  const Json& v = body[key];
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string() && (v == "true" || v == "1")) return true;
  if (v.is_string() && (v == "false" || v == "0")) return false;
  if (v.is_number_integer() && (v == 0 || v == 1)) return v == 1;
  bad.push_back({key, "rest_invalid_type", key + " is not of type boolean."});
  return std::nullopt;
}

std::optional<int64_t> BodyCheck::integer(const Json& body, const std::string& key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  const Json& v = body[key];
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
    if (s.size() > i && s.size() < 18 && std::all_of(s.begin() + static_cast<long>(i), s.end(), ::isdigit)) return std::stoll(s);
  }
  bad.push_back({key, "rest_invalid_type", key + " is not of type integer."});
  return std::nullopt;
}

std::optional<std::string> BodyCheck::money(const Json& body, const std::string& key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  const Json& v = body[key];
  std::string text = v.is_string() ? v.get<std::string>() : v.is_number_integer() ? v.dump() : exact_number_text(v);
  if (v.is_string() && text.empty()) return std::string();
  auto m = Money::parse(text);
  if (!m || text.size() > 16) {
    bad.push_back({key, "rest_invalid_type", key + " is not of type string."});
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> BodyCheck::one_of(const Json& body, const std::string& key, const std::vector<std::string>& allowed) {
  auto v = str(body, key);
  if (!v) return v;
  if (std::find(allowed.begin(), allowed.end(), *v) != allowed.end()) return v;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  bad.push_back({key, "rest_not_in_enum", key + " is not one of " + list + "."});
  return std::nullopt;
}

std::string text_of(const Json& o, const char* key) {
  if (!o.is_object() || !o.contains(key)) return "";
  const Json& v = o[key];
  return v.is_string() ? v.get<std::string>() : v.is_number_integer() ? v.dump() : "";
}

int64_t int_of(const Json& o, const char* key) {
  BodyCheck lenient;
  return o.is_object() ? lenient.integer(o, key).value_or(0) : 0;
}

bool bool_of(const Json& o, const char* key, bool fallback) {
  BodyCheck lenient;
  return o.is_object() ? lenient.boolean(o, key).value_or(fallback) : fallback;
}

Json array_of(const Json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_array() ? o[key] : Json::array();
}

Json empty_address(bool with_contact) {
  Json a = Json::object();
  for (const char* k : {"first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode", "country"})
    a[k] = "";
  if (with_contact) { a["email"] = ""; a["phone"] = ""; }
  return a;
}

void merge_address(Json& address, const Json& patch) {
  if (!patch.is_object()) return;
  for (auto it = address.begin(); it != address.end(); ++it)
    if (patch.contains(it.key()) && (patch[it.key()].is_string() || patch[it.key()].is_null()))
      it.value() = patch[it.key()].is_null() ? "" : patch[it.key()].get<std::string>();
}

void merge_meta(Store& store, Json& meta, const Json& patch) {
  if (!patch.is_array()) return;
  for (const auto& row : patch) {
    if (!row.is_object() || !row.contains("key") || !row["key"].is_string()) continue;
    Json value = row.contains("value") ? row["value"] : Json("");
    Json* target = nullptr;
    int64_t id = row.value("id", int64_t{0});
    for (auto& m : meta)
      if ((id && m["id"] == id) || (!id && m["key"] == row["key"])) { target = &m; break; }
    if (target) (*target)["value"] = value;
    else meta.push_back(Json{{"id", store.next_meta++}, {"key", row["key"]}, {"value", value}});
  }
}

std::string lowercase(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string slugify(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "item" : out;
}

}  // namespace woosim
