// `syncloom map MAPPING --flow DOMAIN`: NDJSON records in, mapped records out, rejects with reasons apart.
// Streams line by line, so memory stays bounded whatever the input size.
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/interp/fixture_refs.hpp"

namespace syncloom::cli {
namespace {

struct MapOptions {
  std::string mapping;
  std::string flow;
  std::string engine = "interp";
  std::string input = "-", output = "-", rejects;
  std::string refs;
};

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += char(c);
    else if (c == '\n') out += "\\n";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += char(c);
  }
  return out + "\"";
}

int run_map(const MapOptions& opts) {
  if (opts.engine != "interp") {
    std::cerr << "error: the `" << opts.engine << "` engine is not built yet; use --engine interp\n";
    return kExitUsage;
  }
  frontend::Compilation compilation;
  if (!compilation.check_file(opts.mapping)) {
    std::cerr << "error: " << compilation.io_error() << "\n";
    return kExitUsage;
  }
  if (compilation.diagnostics().has_errors()) {
    diag::render_human(std::cerr, compilation.sources(), compilation.diagnostics().all(), {});
    return kExitFindings;
  }
  ir::Module module = frontend::lower(*compilation.program());
  // --flow DOMAIN, or DOMAIN:SOURCE->TARGET when a domain has several flows.
  std::vector<size_t> matches;
  for (size_t i = 0; i < module.flows.size(); ++i) {
    const auto& f = module.flows[i];
    if (opts.flow == f.domain || opts.flow == f.domain + ":" + f.source + "->" + f.target) matches.push_back(i);
  }
  if (matches.size() != 1) {
    std::cerr << "error: " << (matches.empty() ? "no flow matches" : "several flows match") << " `" << opts.flow << "`; flows:\n";
    for (const auto& f : module.flows) std::cerr << "  " << f.domain << ":" << f.source << "->" << f.target << "\n";
    return kExitUsage;
  }
  interp::FixtureRefs refs;
  if (!opts.refs.empty()) {
    std::ifstream refs_in(opts.refs, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(refs_in)), std::istreambuf_iterator<char>());
    std::string error;
    if (!refs_in || !refs.parse(text, error)) {
      std::cerr << "error: " << (refs_in ? error : "cannot read '" + opts.refs + "'") << "\n";
      return kExitUsage;
    }
  }
  std::ifstream in_file;
  std::ofstream out_file, rejects_file;
  if (opts.input != "-") {
    in_file.open(opts.input, std::ios::binary);
    if (!in_file) return std::cerr << "error: cannot read '" << opts.input << "'\n", kExitUsage;
  }
  if (opts.output != "-") {
    out_file.open(opts.output, std::ios::binary);
    if (!out_file) return std::cerr << "error: cannot write '" << opts.output << "'\n", kExitUsage;
  }
  if (!opts.rejects.empty()) {
    rejects_file.open(opts.rejects, std::ios::binary);
    if (!rejects_file) return std::cerr << "error: cannot write '" << opts.rejects << "'\n", kExitUsage;
  }
  std::istream& in = opts.input == "-" ? std::cin : in_file;
  std::ostream& out = opts.output == "-" ? std::cout : out_file;
  // Without --rejects, rejects go to stderr: never silently dropped.
  std::ostream& rejects = opts.rejects.empty() ? std::cerr : rejects_file;

  interp::Interpreter engine(module);
  size_t flow = matches.front();
  uint64_t line_no = 0, records = 0, written = 0, filtered = 0, rejected = 0;
  auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  bool tty = isatty(STDERR_FILENO);
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++records;
    interp::RunResult r = engine.run(flow, line, opts.refs.empty() ? nullptr : &refs);
    switch (r.outcome) {
      case interp::Outcome::kOutput:
        out << r.output << '\n';
        ++written;
        break;
      case interp::Outcome::kFiltered:
        ++filtered;
        break;
      case interp::Outcome::kRejected:
        ++rejected;
        rejects << "{\"line\":" << line_no << ",\"path\":" << json_string(r.error_path) << ",\"error\":" << json_string(r.error)
                << ",\"record\":" << json_string(line) << "}\n";
        break;
    }
    if (tty && (records & 1023) == 0) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::seconds(1)) {
        std::cerr << "\r" << records << " records...";
        last_progress = now;
      }
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (tty && records >= 1024) std::cerr << "\r";
  std::cerr << "mapped " << records << " records: " << written << " out, " << filtered << " filtered, " << rejected
            << " rejected (" << uint64_t(seconds > 0 ? double(records) / seconds : 0) << " records/s)\n";
  out.flush();
  return kExitOk;
}

}  // namespace

void add_map_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<MapOptions>();
  CLI::App* cmd = app.add_subcommand("map", "Transform NDJSON records with one flow of a mapping");
  cmd->add_option("mapping", opts->mapping, "The mapping file")->required();
  cmd->add_option("--flow", opts->flow, "DOMAIN, or DOMAIN:SOURCE->TARGET")->required();
  cmd->add_option("--engine", opts->engine, "interp (jit to come)")->check(CLI::IsMember({"interp", "jit"}));
  cmd->add_option("--input", opts->input, "NDJSON input (default stdin)");
  cmd->add_option("--output", opts->output, "NDJSON output (default stdout)");
  cmd->add_option("--rejects", opts->rejects, "Rejected records with line, path and reason (default stderr)");
  cmd->add_option("--refs", opts->refs, "Cross-references for ref(): {\"domain\": {\"key\": id}}");
  cmd->callback([opts, &exit_code] { exit_code = run_map(*opts); });
}

}  // namespace syncloom::cli
