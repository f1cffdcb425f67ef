// What every call across the store interface answers: a value or an error naming what failed, never an exception.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace syncloom::store {

/// Why a store call failed. Callers branch on the code; the message is for people and logs.
enum class ErrorCode : unsigned char {
  kIo,               ///< the database could not be read or written (disk full, I/O error, not a database)
  kSchemaTooNew,     ///< the file was written by a newer syncloom (its schema version is above ours)
  kNotAStore,        ///< the file is a database, but not a syncloom store
  kMigrationFailed,  ///< a migration step failed; the file is left at the last version that applied
  kInvalidArgument,  ///< the call itself is wrong (an empty dedupe key, an unknown id)
  kNotFound,         ///< the named entry (dead letter, work item) does not exist
  kConflict,         ///< the entry exists but is not in a state that allows the action (replay of a discarded entry)
  kClosed,           ///< the store is shutting down
};

const char* error_code_name(ErrorCode code);  ///< "io", "schema_too_new", ...

struct Error {
  ErrorCode code = ErrorCode::kIo;
  std::string message{};  ///< names the file, the operation and the entry: "store.db: replay dead letter 7: ..."
};

/// A value or an Error. `Result<std::monostate>` is spelled `Status`.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor): a value is a result
  Result(Error error) : v_(std::move(error)) {}    // NOLINT(google-explicit-constructor): so is an error
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

using Status = Result<std::monostate>;
inline Status ok_status() { return Status(std::monostate{}); }

}  // namespace syncloom::store
