// Reading Tryton records in the schema's shape: get, find by key, delta and sweep listings with keyset
// paging, related records (docs/tryton.md, "Reading").
#pragma once
#include <optional>

#include "tryton/core.hpp"

namespace syncloom::connectors::tryton {

Fetched get_record(Core& core, std::string_view record, std::string_view id);
Fetched find_record(Core& core, std::string_view record, const KeyQuery& key);
Page list_records(Core& core, const ListQuery& query);
Page related_records(Core& core, const RelatedQuery& query);

/// Where a keyset scan of one model stands: phase 'a' walks records never written (write_date NULL) by
/// (create_date, id); phase 'b' walks written ones by (write_date, id). Both stop at `until`.
struct ScanPosition {
  char phase = 'a';
  std::string stamp;  ///< the last row's date (ISO 8601), "" before the first row
  int64_t id = 0;
};

struct ScanResult {
  Outcome outcome;
  std::vector<wire::Value> rows;       ///< Tryton's rows, as read
  std::optional<ScanPosition> next;    ///< nullopt: the scan is complete
};

/// Rows of `model` (with `base` added to the domain) created or written in [since, until], `limit` at
/// most, after `from`. Records written while a listing runs get a write_date after `until` and drop out
/// of it (the next listing, from `until` minus its overlap, has them): nothing is repeated or skipped.
ScanResult scan(Core& core, std::string_view model, const wire::Value& base, const std::vector<std::string>& fields,
                const std::optional<Instant>& since, const Instant& until, ScanPosition from, unsigned limit,
                const wire::Value& context);

/// The server's clock minus a second (from the HTTP Date of a cheap call): the `until` of a listing.
std::optional<Instant> server_until(Core& core, Outcome* outcome);

/// A listing cursor: "<source>|<phase>|<until>|<stamp>|<id>".
struct Cursor {
  std::string source = "p";
  ScanPosition position;
  Instant until;
};
std::string encode_cursor(const Cursor& cursor);
std::optional<Cursor> decode_cursor(std::string_view text);

}  // namespace syncloom::connectors::tryton
