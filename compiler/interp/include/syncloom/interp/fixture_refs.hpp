// Cross-references from a JSON fixture, for `syncloom map --refs` and tests (the runtime uses its store):
//   {"customers": {"jane@example.com": 42}, "products": {"WOO-MUG": "4711"}}
#pragma once

#include <map>
#include <string>

#include "syncloom/interp/interpreter.hpp"

namespace syncloom::interp {

class FixtureRefs : public RefResolver {
 public:
  /// Parses the fixture; false and `error` on malformed JSON or shape.
  bool parse(std::string_view json, std::string& error);
  std::optional<Value> resolve(std::string_view domain, const Value& key) const override;

 private:
  std::map<std::string, std::map<std::string, Value>, std::less<>> refs_;
};

/// The key text a fixture and the cross-reference store use: strings as they are, numbers as digits.
std::string key_text(const Value& key);

}  // namespace syncloom::interp
