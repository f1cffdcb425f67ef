// How `syncloom replay` prints what it found: per record and field as text or JSON, then a summary per domain.
#pragma once
#include <iosfwd>
#include <map>
#include <string>

#include "syncloom/core/shadow_replay.hpp"

namespace syncloom::cli {

/// One reported record (a difference, or a record the running version never wrote) as text lines.
void print_record_text(const core::ReplayedRecord& record, std::ostream& out);
/// The same as a JSON object, one line.
std::string record_json(const core::ReplayedRecord& record);

/// The summary table per domain and the differing records per field.
void print_summary_text(const std::map<std::string, core::ReplaySummary>& summaries, std::ostream& out);
/// {"DOMAIN": {"compared": N, ...}, ...}
std::string summary_json(const std::map<std::string, core::ReplaySummary>& summaries);

}  // namespace syncloom::cli
