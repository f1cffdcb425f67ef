// Response accessors and the names of transport outcomes.
#include <algorithm>
#include <cctype>
#include <string>

#include "syncloom/http/client.hpp"

namespace syncloom::http {

const char* transport_name(Transport t) {
  switch (t) {
    case Transport::kOk: return "ok";
    case Transport::kTimeout: return "timeout";
    case Transport::kConnect: return "connect";
    case Transport::kResolve: return "resolve";
    case Transport::kTls: return "tls";
    case Transport::kTooLarge: return "too_large";
    case Transport::kTruncated: return "truncated";
    case Transport::kOther: return "other";
  }
  return "other";
}

const std::string* Response::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (h.name.size() == name.size() &&
        std::equal(h.name.begin(), h.name.end(), name.begin(), [](unsigned char a, unsigned char b) {
          return std::tolower(a) == std::tolower(b);
        }))
      return &h.value;
  }
  return nullptr;
}

std::string Response::content_type() const {
  const std::string* value = header("Content-Type");
  if (!value) return {};
  std::string type = value->substr(0, value->find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
  size_t start = 0;
  while (start < type.size() && std::isspace(static_cast<unsigned char>(type[start]))) ++start;
  type.erase(0, start);
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type;
}

}  // namespace syncloom::http
