// Session sharing and renewal (see auth.hpp).
#include "tryton/auth.hpp"

namespace syncloom::connectors::tryton {

Login Session::current() {
  std::lock_guard lock(mutex_);
  if (credentials_) return {Outcome::success(), credentials_};
  Login login = login_(generation_ + 1);
  if (login.outcome.ok()) {
    generation_ = login.credentials->generation;
    credentials_ = login.credentials;
  }
  return login;
}

Login Session::renew(uint64_t stale_generation) {
  std::lock_guard lock(mutex_);
  if (credentials_ && credentials_->generation != stale_generation) return {Outcome::success(), credentials_};
  credentials_.reset();
  Login login = login_(generation_ + 1);
  if (login.outcome.ok()) {
    generation_ = login.credentials->generation;
    credentials_ = login.credentials;
  }
  return login;
}

void Session::reset() {
  std::lock_guard lock(mutex_);
  credentials_.reset();
}

std::string base64(std::string_view bytes) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8 | uint8_t(bytes[i + 2]);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += kAlphabet[n >> 6 & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += i + 1 < bytes.size() ? kAlphabet[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::string session_header(std::string_view user, int64_t uid, std::string_view key) {
  return "Session " + base64(std::string(user) + ":" + std::to_string(uid) + ":" + std::string(key));
}

}  // namespace syncloom::connectors::tryton
