// Reading and merging request bodies the way WooCommerce's controllers do: typed getters that report
// rest_invalid_param, address merges, meta_data with row ids.
#pragma once

#include "reply.hpp"
#include "store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace woosim {

/// Collects argument errors of one request body; `reply()` is the 400 when there are any.
struct BodyCheck {
  std::vector<InvalidParam> bad;
  bool ok() const { return bad.empty(); }
  Reply reply() const { return invalid_params(bad); }

  std::optional<std::string> str(const Json& body, const std::string& key);
  std::optional<bool> boolean(const Json& body, const std::string& key);
  std::optional<int64_t> integer(const Json& body, const std::string& key);
  /// A money string ("21.99" or "" for unset); an integer is accepted as WordPress coerces it.
  std::optional<std::string> money(const Json& body, const std::string& key);
  std::optional<std::string> one_of(const Json& body, const std::string& key, const std::vector<std::string>& allowed);
};

/// Lenient reads of nested request objects (attributes, images, line rows), where WooCommerce ignores what it
/// cannot use: a string (an integer is written as text) or "", an integer (or integer text) or 0, a boolean or
/// `fallback`, an array or [].
std::string text_of(const Json& object, const char* key);
int64_t int_of(const Json& object, const char* key);
bool bool_of(const Json& object, const char* key, bool fallback);
Json array_of(const Json& object, const char* key);

/// Copies the known address fields present in `patch` into `address` (billing/shipping).
void merge_address(Json& address, const Json& patch);
/// A billing (with_contact: email, phone) or shipping address with every field empty.
Json empty_address(bool with_contact);
/// Applies `[{id?, key, value}]` to `meta`: by id, else replacing the first row with that key, else new rows.
void merge_meta(Store& store, Json& meta, const Json& patch);
/// ASCII lower case (coupon codes, emails, search).
std::string lowercase(std::string s);
/// Lower-case, runs of other characters as '-': WordPress's sanitize_title for ASCII names.
std::string slugify(const std::string& name);

}  // namespace woosim
