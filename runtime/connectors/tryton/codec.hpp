// Tryton's JSON-RPC encodings both ways: Decimal/date/datetime objects, dotted x2many reads, One2Many
// `create` lists and Many2Many `add` lists, guided by the record's schema type (schemas/tryton.yaml).
//
//   {"__class__":"Decimal","decimal":"19.90"}              <->  19.90 (a JSON number with that exact text)
//   {"__class__":"date","year":2026,"month":11,"day":26}   <->  "2026-11-26"
//   {"__class__":"datetime",...,"microsecond":151658}       <->  "2026-12-02T01:09:15.151658Z" (naive UTC)
//   "lines.": [{...}, ...] (a dotted read)                  <->  "lines": [{...}]  /  [["create", [{...}]]]
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/schema/schema.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::connectors::tryton {

/// A UTC instant as Tryton stores it (naive, microseconds).
struct Instant {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0;
  friend auto operator<=>(const Instant&, const Instant&) = default;
};

/// "2026-12-02T01:09:15Z", "2026-12-02T01:09:15.151658", "2026-12-02 01:09:15+01:00", "2026-12-02":
/// offsets are converted to UTC. Nullopt for anything else, and for an instant whose UTC year is not
/// 1 to 9999 (so that format_instant's text parses back to it).
std::optional<Instant> parse_instant(std::string_view text);
/// "2026-12-02T01:09:15Z", with ".151658" before the Z when the microseconds are not 0.
std::string format_instant(const Instant& instant);
/// `instant` moved by `seconds` (negative: earlier), across days, months and years.
Instant add_seconds(const Instant& instant, int64_t seconds);

wire::Value decimal_object(std::string_view text);
wire::Value date_object(int year, int month, int day);
wire::Value datetime_object(const Instant& instant);

/// A Tryton Decimal's text as a plain JSON number text: Python spells some Decimals with an exponent
/// ("0E-8", "1E+1"); those become "0.00000000" and "10". Nullopt for NaN, infinities and garbage.
std::optional<std::string> plain_decimal_text(std::string_view text);

/// The fields to ask Tryton's `read` for, so that one call returns a record of `type` with its nested
/// lists: scalars by name, lists of structs as dotted names ("lines.unit_price", "lines.id").
/// `skip` names fields Tryton does not store under that name (computed by the connector).
std::vector<std::string> read_fields(const schema::StructType& type, const std::vector<std::string>& skip = {});

/// A record as Tryton's read answers it -> the schema's shape: only the schema's fields, in its order,
/// decoded (Decimal -> number, date -> "YYYY-MM-DD", datetime -> ISO 8601 UTC, "lines." -> "lines").
/// A value Tryton sends in an unexpected encoding is kept as sent: the pipeline that reads it rejects
/// the record with the field's path, so nothing is hidden.
wire::Value decode_record(const schema::StructType& type, const wire::Value& tryton);
wire::Value decode_value(const schema::Type& type, const wire::Value& tryton);

enum class WriteKind : unsigned char {
  kCreate,  ///< lists become [["create", [...]]] (One2Many) and [["add", [...]]] (Many2Many ids)
  kUpdate,  ///< the same; the writer removes the existing members first (see write.cpp)
};

struct Encoded {
  std::optional<wire::Value> values;  ///< the `vals` object for create/write
  std::string error;                  ///< "lines[0].unit_price: \"12,50\" is not a decimal"
  std::string field;                  ///< the path the error is about
};

/// The schema's shape -> Tryton's `vals`: read-only fields and `id` are left out (a record read from
/// Tryton can be written back), a field the schema does not know is an error naming it, values are
/// checked against their types (a decimal must be exact decimal text, a date YYYY-MM-DD).
Encoded encode_record(const schema::StructType& type, const wire::Value& record, WriteKind kind);

}  // namespace syncloom::connectors::tryton
