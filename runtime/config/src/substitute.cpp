// ${VAR} substitution from the environment, and which keys hold secrets.
#include <cctype>
#include <cstdlib>

#include "syncloom/config/config.hpp"

namespace syncloom::config {

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
}

std::optional<std::string> substitute(std::string_view value, const EnvLookup& env, std::string* error,
                                      bool* used_variable) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c != '$') {
      out.push_back(c);
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '$') {
      out.push_back('$');
      ++i;
      continue;
    }
    if (i + 1 >= value.size() || value[i + 1] != '{') {
      out.push_back('$');
      continue;
    }
    size_t close = value.find('}', i + 2);
    if (close == std::string_view::npos) {
      if (error) *error = "`${` without a closing `}`";
      return std::nullopt;
    }
    std::string_view name = value.substr(i + 2, close - i - 2);
    bool valid = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
    for (char n : name) valid = valid && (std::isalnum(static_cast<unsigned char>(n)) || n == '_');
    if (!valid) {
      if (error) *error = "`${" + std::string(name) + "}` is not a variable name (letters, digits and _)";
      return std::nullopt;
    }
    std::optional<std::string> found = env(name);
    if (!found) {
      if (error) *error = "environment variable " + std::string(name) + " is not set";
      return std::nullopt;
    }
    if (used_variable) *used_variable = true;
    out += *found;
    i = close;
  }
  return out;
}

bool is_secret_key(std::string_view key) {
  for (std::string_view word : {"password", "secret", "token", "consumer_key", "api_key", "private_key"})
    if (key.find(word) != std::string_view::npos) return true;
  return false;
}

}  // namespace syncloom::config
