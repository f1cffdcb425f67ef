// The checks the consumer runs, one per part of the embedding API; each prints what it saw and returns
// false (after saying why on stderr) when the installed package does not behave.
#pragma once
#include <string>

namespace consumer {

struct Settings {
  std::string schema_dir;         ///< "" : the library's default lookup
  std::string erp_kind = "tryton";  ///< the connector kind of the mapping's ERP system
  std::string work_dir;           ///< where the store file goes
};

bool check_mapping(const Settings& settings);  // syncloom::compile_source with the JIT, one record
bool check_store(const Settings& settings);    // syncloom::store: open a SQLite store, accept an event
bool check_runtime(const Settings& settings);  // syncloom::Runtime in code, own connectors, an event synced

}  // namespace consumer
