// Random JSON records shaped by a schema, with the edge cases real stores produce: missing fields, nulls,
// empty and long lists, non-ASCII text, escapes, decimals at the edges of precision, negative amounts,
// and now and then a value of the wrong type. Deterministic per seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "syncloom/schema/schema.hpp"

namespace syncloom::testing {

class RecordGenerator {
 public:
  explicit RecordGenerator(uint64_t seed) : rng_(seed) {}
  /// One JSON object for `record`.
  std::string record(const schema::StructType& record);

 private:
  void value(const schema::Type& type, std::string& out, int depth);
  void object(const schema::StructType& st, std::string& out, int depth);
  void string_value(std::string& out);
  void decimal_value(std::string& out);
  bool chance(int percent) { return int(rng_() % 100) < percent; }

  std::mt19937_64 rng_;
};

}  // namespace syncloom::testing
