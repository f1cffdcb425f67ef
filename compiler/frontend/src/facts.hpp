// What a condition being true (or false) says about the paths it tests: which are not null, which
// literal values a path may or may not have. Sema narrows optional types with it (after `check x !=
// null`, in `if x != null then ...`, under a `when` that tests x) and finds value-table rows a filter
// makes unreachable (L0007).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "syncloom/frontend/ast.hpp"

namespace syncloom::frontend::detail {

/// The identity of a path a condition can test: "$billing.email" for a field of the flow's record,
/// "%3.sku" for a field of local binding 3; "" for anything else.
std::string path_key(const Expr* e);

struct Facts {
  std::set<std::string> non_null;                      ///< paths that are not null
  std::map<std::string, std::set<std::string>> only;   ///< path -> the only literal values it can have
  std::map<std::string, std::set<std::string>> never;  ///< path -> literal values it cannot have
  bool empty() const { return non_null.empty() && only.empty() && never.empty(); }
};

/// What `condition` being `truth` implies (`and`, `or`, `not`, ==, !=, in, not in, ordered comparisons).
/// The condition must have been checked (names resolved).
Facts facts_of(const Expr* condition, bool truth);
/// Both hold / one of them holds.
Facts conjoin(Facts a, const Facts& b);
Facts disjoin(const Facts& a, const Facts& b);

/// The facts in force at one point of a flow: a stack, one frame per enclosing condition.
class FactStack {
 public:
  void push(Facts f) { frames_.push_back(std::move(f)); }
  void pop() { frames_.pop_back(); }
  size_t size() const { return frames_.size(); }
  void resize(size_t n) { frames_.resize(n); }
  bool non_null(const std::string& key) const;
  /// The values `key` can have, or nullopt when nothing restricts them to a list.
  std::optional<std::set<std::string>> only(const std::string& key) const;
  /// Values `key` cannot have.
  std::set<std::string> never(const std::string& key) const;

 private:
  std::vector<Facts> frames_;
};

}  // namespace syncloom::frontend::detail
