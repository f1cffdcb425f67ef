// A Tryton session shared by every thread of one connector: one login at a time, the preferences context
// that every model call carries, and one renewal when a call answers 401 (expired or deleted session).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "syncloom/connectors/outcome.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::connectors::tryton {

/// What a logged-in call sends: `Authorization: Session base64(user:uid:key)` and the user's context.
struct Credentials {
  std::string authorization;  ///< the header's value ("Session ...")
  wire::Value context;        ///< model.res.user.get_preferences, sent as every model call's last parameter
  int64_t uid = 0;
  uint64_t generation = 0;    ///< increases with every login, so a stale 401 does not log in twice
};

struct Login {
  Outcome outcome;
  std::shared_ptr<const Credentials> credentials;
};

/// Thread-safe. The login itself is the caller's function (it needs the transport), run under the lock so
/// that concurrent callers wait for one login instead of each starting their own (Tryton rate-limits
/// failed logins and each login costs a password hash, about 0.3 s).
class Session {
 public:
  using LoginFn = std::function<Login(uint64_t generation)>;

  explicit Session(LoginFn login) : login_(std::move(login)) {}

  /// The current credentials, logging in first when there are none.
  Login current();
  /// After a call with credentials of `stale_generation` answered 401: a newer session if another thread
  /// already renewed it, else a fresh login.
  Login renew(uint64_t stale_generation);
  /// Forgets the session (tests; a password change).
  void reset();

 private:
  LoginFn login_;
  std::mutex mutex_;
  std::shared_ptr<const Credentials> credentials_;
  uint64_t generation_ = 0;
};

/// "Session " + base64(user:uid:key).
std::string session_header(std::string_view user, int64_t uid, std::string_view key);
std::string base64(std::string_view bytes);

}  // namespace syncloom::connectors::tryton
