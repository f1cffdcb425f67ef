// Error bodies and query helpers.
#include "reply.hpp"

namespace woosim {

Reply wc_error(int status, const std::string& code, const std::string& message, const Json& data_extra) {
  Json data = Json::object();
  data["status"] = status;
  if (data_extra.is_object())
    for (auto it = data_extra.begin(); it != data_extra.end(); ++it) data[it.key()] = it.value();
  Reply r;
  r.status = status;
  r.body = Json::object();
  r.body["code"] = code;
  r.body["message"] = message;
  r.body["data"] = data;
  return r;
}

Reply invalid_params(const std::vector<InvalidParam>& bad) {
  std::string names;
  Json params = Json::object(), details = Json::object();
  for (const auto& b : bad) {
    if (!names.empty()) names += ", ";
    names += b.param;
    params[b.param] = b.message;
    details[b.param] = Json{{"code", b.code}, {"message", b.message}, {"data", nullptr}};
  }
  return wc_error(400, "rest_invalid_param", "Invalid parameter(s): " + names,
                  Json{{"params", params}, {"details", details}});
}

Reply missing_params(const std::vector<std::string>& names) {
  std::string list;
  Json params = Json::array();
  for (const auto& n : names) {
    if (!list.empty()) list += ", ";
    list += n;
    params.push_back(n);
  }
  return wc_error(400, "rest_missing_callback_param", "Missing parameter(s): " + list, Json{{"params", params}});
}

std::string query_get(const Query& q, const std::string& key) {
  for (const auto& [k, v] : q)
    if (k == key) return v;
  return {};
}

bool query_has(const Query& q, const std::string& key) {
  for (const auto& [k, v] : q)
    if (k == key) return true;
  return false;
}

std::vector<std::string> query_list(const Query& q, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : q) {
    bool bracket = k.size() > key.size() + 1 && k.compare(0, key.size(), key) == 0 && k[key.size()] == '[' && k.back() == ']';
    if (k == key) {
      size_t start = 0;
      while (start <= v.size()) {
        size_t comma = v.find(',', start);
        std::string part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) out.push_back(part);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (bracket) {
      out.push_back(v);
    }
  }
  return out;
}

std::vector<std::string> path_segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace woosim
