// `syncloom push --config C SYSTEM.RECORD --input F [--mode create|update|upsert|create-if-absent] [--key F]`:
// writes NDJSON records (such as `syncloom map`'s output) and prints one result line per record: the
// target id, or the error. Exit 0 when every record was written, 1 when one was not, 2 on usage errors.
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "open_systems.hpp"
#include "syncloom/wire/value.hpp"

namespace syncloom::cli {
namespace {

struct PushOptions {
  OpenOptions open;
  std::string target;
  std::string input = "-";
  std::string mode = "create";
  std::string key;
  std::string id_field;
  unsigned batch = 100;
};

std::optional<connectors::WriteMode> parse_mode(const std::string& mode) {
  if (mode == "create") return connectors::WriteMode::kCreate;
  if (mode == "update") return connectors::WriteMode::kUpdate;
  if (mode == "upsert") return connectors::WriteMode::kUpsert;
  if (mode == "create-if-absent") return connectors::WriteMode::kCreateIfAbsent;
  return std::nullopt;
}

// A result line: {"line":3,"key":"WOO-727","outcome":"ok","id":"41","created":true} or {"line":4,"outcome":"permanent",...}.
std::string result_line(uint64_t line, const connectors::Written& w, const std::string& key = {}) {
  wire::Value v = wire::Value::object();
  v.set("line", wire::Value::integer(static_cast<int64_t>(line)));
  if (!key.empty()) v.set("key", wire::Value::string(key));
  v.set("outcome", wire::Value::string(connectors::outcome_kind_name(w.outcome.kind)));
  if (w.outcome.ok()) {
    v.set("id", wire::Value::string(w.id));
    v.set("created", wire::Value::boolean(w.created));
    if (!w.version.empty()) v.set("version", wire::Value::string(w.version));
  } else {
    v.set("error", wire::Value::string(w.outcome.message));
    if (!w.outcome.code.empty()) v.set("code", wire::Value::string(w.outcome.code));
    if (!w.outcome.field.empty()) v.set("field", wire::Value::string(w.outcome.field));
    if (w.outcome.http_status) v.set("status", wire::Value::integer(w.outcome.http_status));
  }
  return wire::dump(v);
}

// Text of a key field for find-by-key: strings as they are, numbers as their text.
std::string field_text(const wire::Value& v) { return v.is_string() || v.is_number() ? v.text() : wire::dump(v); }

int run_push(const PushOptions& options) {
  std::string system, record;
  if (!split_system_record(options.target, system, record, std::cerr)) return kExitUsage;
  auto mode = parse_mode(options.mode);
  if (!mode) {
    std::cerr << "error: --mode " << options.mode << ": expected create, update, upsert or create-if-absent\n";
    return kExitUsage;
  }
  if ((*mode == connectors::WriteMode::kUpsert || *mode == connectors::WriteMode::kCreateIfAbsent) && options.key.empty()) {
    std::cerr << "error: --mode " << options.mode << " needs --key FIELD (the field to find existing records by)\n";
    return kExitUsage;
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  if (options.input != "-") {
    file.open(options.input, std::ios::binary);
    if (!file) {
      std::cerr << "error: " << options.input << ": cannot read\n";
      return kExitUsage;
    }
    in = &file;
  }
  OpenOptions open_options = options.open;
  open_options.only = system;
  auto open = open_systems(open_options, std::cerr);
  if (!open) return kExitUsage;
  connectors::Connector& connector = *open->connectors.at(system);

  uint64_t line_no = 0, written = 0, failed = 0, created = 0;
  std::vector<connectors::WriteRequest> batch;
  std::vector<uint64_t> batch_lines;
  auto flush = [&] {
    if (batch.empty()) return;
    auto results = connector.write_batch(batch);
    for (size_t i = 0; i < results.size(); ++i) {
      std::cout << result_line(batch_lines[i], results[i], batch[i].key.value) << "\n";
      if (results[i].outcome.ok()) {
        ++written;
        created += results[i].created;
      } else {
        ++failed;
      }
    }
    std::cout.flush();
    batch.clear();
    batch_lines.clear();
  };
  std::string line;
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto parsed = wire::parse(line);
    if (!parsed.value || !parsed.value->is_object()) {
      connectors::Written bad;
      bad.outcome = connectors::Outcome::permanent(parsed.value ? "not a JSON object" : "not JSON: " + parsed.error, "bad_input");
      std::cout << result_line(line_no, bad) << "\n";
      ++failed;
      continue;
    }
    connectors::WriteRequest request;
    request.record = record;
    request.mode = *mode;
    request.json = line;
    if (!options.key.empty()) {
      const wire::Value* k = parsed.value->find(options.key);
      if (!k || k->is_null() || (k->is_string() && k->text().empty())) {
        // Without its key a record cannot be searched for, and creating it blind could duplicate it.
        connectors::Written bad;
        bad.outcome = connectors::Outcome::permanent("the record has no `" + options.key + "` (the --key field)", "no_key", options.key);
        std::cout << result_line(line_no, bad) << "\n";
        ++failed;
        continue;
      }
      request.key = {options.key, field_text(*k)};
      request.idempotency_key = system + "." + record + ":" + request.key.value;
    }
    std::string id_field = options.id_field.empty() ? "id" : options.id_field;
    if (const wire::Value* id = parsed.value->find(id_field); id && !id->is_null()) request.id = field_text(*id);
    batch.push_back(std::move(request));
    batch_lines.push_back(line_no);
    if (batch.size() >= options.batch) flush();
  }
  flush();
  auto stats = connector.stats();
  std::cerr << "pushed " << written << " of " << (written + failed) << " " << system << "." << record << " records ("
            << created << " created, " << (written - created) << " existing or updated, " << failed << " failed), "
            << stats.requests << " requests on " << stats.connections << " connection"
            << (stats.connections == 1 ? "" : "s") << "\n";
  return failed ? kExitFindings : kExitOk;
}

}  // namespace

void add_push_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("push", "Write NDJSON records to a system; one result line per record");
  auto options = std::make_shared<PushOptions>();
  options->open.config_path = "syncloom.yaml";
  cmd->add_option("target", options->target, "SYSTEM.RECORD, such as erp.salesOrder")->required();
  cmd->add_option("--config,-c", options->open.config_path, "Configuration file")->capture_default_str();
  cmd->add_option("--input,-i", options->input, "NDJSON records (- for stdin)")->capture_default_str();
  cmd->add_option("--mode", options->mode, "create, update, upsert or create-if-absent")->capture_default_str();
  cmd->add_option("--key", options->key,
                  "Field that identifies a record in the target (reference, sku, email): searched before create");
  cmd->add_option("--id-field", options->id_field, "Field holding the target's id for updates (default id)");
  cmd->add_option("--batch", options->batch, "Records per batch request (the connector caps it at the system's limit)")
      ->capture_default_str();
  cmd->add_flag("--verbose,-v", options->open.verbose, "Print each request (credentials redacted) on stderr");
  cmd->callback([options, &exit_code] { exit_code = run_push(*options); });
}

}  // namespace syncloom::cli
