// The code registry, expanded from codes.def; duplicates are rejected at compile time.
#include "syncloom/diag/codes.hpp"

#include <algorithm>
#include <iterator>

namespace syncloom::diag {
namespace {

constexpr CodeInfo kCodes[] = {
#define SYNCLOOM_CODE(code, severity, title, summary) {#code, Severity::severity, title, summary},
#include "syncloom/diag/codes.def"
#undef SYNCLOOM_CODE
};

// Codes are never reused; a copy-pasted line in codes.def must fail the build, not shadow a rule.
constexpr bool codes_are_unique() {
  for (size_t i = 0; i < std::size(kCodes); ++i) {
    for (size_t j = i + 1; j < std::size(kCodes); ++j) {
      if (kCodes[i].code == kCodes[j].code) return false;
    }
  }
  return true;
}
static_assert(codes_are_unique(), "codes.def lists a code twice");

}  // namespace

std::span<const CodeInfo> all_codes() { return kCodes; }

const CodeInfo* find_code(std::string_view code) {
  const auto it = std::find_if(std::begin(kCodes), std::end(kCodes), [&](const CodeInfo& c) { return c.code == code; });
  return it == std::end(kCodes) ? nullptr : &*it;
}

}  // namespace syncloom::diag
