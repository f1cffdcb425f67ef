// Faults: configuration from JSON and draws from a splitmix64 sequence.
#include "faults.hpp"

namespace woosim {
namespace {

template <typename T>
bool take(const Json& body, const char* key, T& field, std::string& error) {
  if (!body.contains(key)) return true;
  const Json& v = body[key];
  if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) { error = std::string(key) + " must be a boolean"; return false; }
    field = v.get<bool>();
  } else if constexpr (std::is_same_v<T, double>) {
    // Shares are not money: a share given as a decimal string or number is read as a double on purpose.
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    if (!exact_number_text(v).empty()) text = exact_number_text(v);
    try {
      field = std::stod(text);
    } catch (...) {
      error = std::string(key) + " must be a number between 0 and 1";
      return false;
    }
    if (field < 0 || field > 1) { error = std::string(key) + " must be between 0 and 1"; return false; }
  } else {
    if (!v.is_number_integer()) { error = std::string(key) + " must be an integer"; return false; }
    field = v.get<T>();
  }
  return true;
}

}  // namespace

bool Faults::configure(const Json& body, std::string& error) {
  static const char* known[] = {"rate_limit_share", "rate_limit_next", "retry_after", "server_error_share",
                                "server_error_next", "server_error_status", "slow_share", "slow_ms", "html_share",
                                "html_next", "truncate_share", "truncate_next", "drop_share", "duplicate_share",
                                "forge_share", "delay_ms", "reorder", "stale_modified", "seed"};
  if (!body.is_object()) { error = "the body must be a JSON object"; return false; }
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool found = false;
    for (const char* k : known) found = found || it.key() == k;
    if (!found) { error = "unknown fault '" + it.key() + "'"; return false; }
  }
  std::lock_guard lock(mu_);
  FaultSettings s = s_;
  bool ok = take(body, "rate_limit_share", s.rate_limit_share, error) && take(body, "rate_limit_next", s.rate_limit_next, error) &&
            take(body, "retry_after", s.retry_after, error) && take(body, "server_error_share", s.server_error_share, error) &&
            take(body, "server_error_next", s.server_error_next, error) &&
            take(body, "server_error_status", s.server_error_status, error) && take(body, "slow_share", s.slow_share, error) &&
            take(body, "slow_ms", s.slow_ms, error) && take(body, "html_share", s.html_share, error) &&
            take(body, "html_next", s.html_next, error) && take(body, "truncate_share", s.truncate_share, error) &&
            take(body, "truncate_next", s.truncate_next, error) && take(body, "drop_share", s.drop_share, error) &&
            take(body, "duplicate_share", s.duplicate_share, error) && take(body, "forge_share", s.forge_share, error) &&
            take(body, "delay_ms", s.delay_ms, error) && take(body, "reorder", s.reorder, error) &&
            take(body, "stale_modified", s.stale_modified, error);
  if (!ok) return false;
  if (s.server_error_status < 500 || s.server_error_status > 599) { error = "server_error_status must be 5xx"; return false; }
  if (body.contains("seed") && body["seed"].is_number_unsigned()) state_ = body["seed"].get<uint64_t>() | 1;
  s_ = s;
  return true;
}

void Faults::reset(uint64_t seed) {
  std::lock_guard lock(mu_);
  s_ = FaultSettings{};
  state_ = seed ? seed : 1;
}

FaultSettings Faults::snapshot() const {
  std::lock_guard lock(mu_);
  return s_;
}

Json Faults::describe() const {
  FaultSettings s = snapshot();
  auto share = [](double d) { return exact_number(std::to_string(d)); };
  return Json{{"rate_limit_share", share(s.rate_limit_share)}, {"rate_limit_next", s.rate_limit_next},
              {"retry_after", s.retry_after}, {"server_error_share", share(s.server_error_share)},
              {"server_error_next", s.server_error_next}, {"server_error_status", s.server_error_status},
              {"slow_share", share(s.slow_share)}, {"slow_ms", s.slow_ms}, {"html_share", share(s.html_share)},
              {"html_next", s.html_next}, {"truncate_share", share(s.truncate_share)}, {"truncate_next", s.truncate_next},
              {"drop_share", share(s.drop_share)}, {"duplicate_share", share(s.duplicate_share)},
              {"forge_share", share(s.forge_share)}, {"delay_ms", s.delay_ms}, {"reorder", s.reorder},
              {"stale_modified", s.stale_modified}};
}

double Faults::next_unit() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) / static_cast<double>(1ull << 53);
}

Faults::Http Faults::draw_http(bool& slow) {
  std::lock_guard lock(mu_);
  slow = s_.slow_ms > 0 && s_.slow_share > 0 && next_unit() < s_.slow_share;
  if (s_.rate_limit_next > 0) { --s_.rate_limit_next; return Http::rate_limit; }
  if (s_.server_error_next > 0) { --s_.server_error_next; return Http::server_error; }
  if (s_.html_next > 0) { --s_.html_next; return Http::html; }
  if (s_.truncate_next > 0) { --s_.truncate_next; return Http::truncate; }
  if (s_.rate_limit_share > 0 && next_unit() < s_.rate_limit_share) return Http::rate_limit;
  if (s_.server_error_share > 0 && next_unit() < s_.server_error_share) return Http::server_error;
  if (s_.html_share > 0 && next_unit() < s_.html_share) return Http::html;
  if (s_.truncate_share > 0 && next_unit() < s_.truncate_share) return Http::truncate;
  return Http::none;
}

bool Faults::draw(double share) {
  if (share <= 0) return false;
  std::lock_guard lock(mu_);
  return next_unit() < share;
}

}  // namespace woosim
