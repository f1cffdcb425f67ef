// `syncloom map MAPPING --flow DOMAIN`: records in (NDJSON, a JSON array, or concatenated JSON documents,
// told apart by content), mapped records out as NDJSON, rejects with their position and reason apart.
// Streams, so memory stays bounded whatever the input size. The flow runs JIT-compiled native code by
// default, or on the interpreter (`--engine interp`, or with a note saying why when the JIT cannot).
// Exit 0 all mapped or filtered, 1 a record was rejected (0 with --allow-rejects) or the mapping has
// errors, 2 usage, I/O, or an input that is not records.
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <vector>

#include "commands.hpp"
#include "syncloom/interp/fixture_refs.hpp"
#include "syncloom/syncloom.hpp"

namespace syncloom::cli {
namespace {

struct MapOptions {
  std::string mapping;
  std::string flow;
  std::string engine = "jit";
  std::string input = "-", output = "-", rejects;
  std::string refs;
  std::string cache_dir;  ///< empty: the default (syncloom::default_jit_cache_dir)
  bool no_cache = false;
  bool jit_o2 = false;
  bool allow_rejects = false;
};

constexpr size_t kStreamBuffer = size_t(1) << 20;

int run_map(const MapOptions& opts) {
  // Records stream through std::cin/std::cout when no file is named; unsynchronised with C stdio they
  // are buffered like files instead of going through stdio a line at a time. Nothing in syncloom uses
  // C stdio, and this runs before any output.
  std::ios::sync_with_stdio(false);
  CompileOptions compile_options;
  compile_options.engine = opts.engine == "jit" ? Engine::kJit : Engine::kInterpreter;
  compile_options.cache_dir = opts.cache_dir;
  compile_options.use_cache = !opts.no_cache;
  compile_options.jit_full_optimisation = opts.jit_o2;
  CompileResult compiled = compile_file(opts.mapping, compile_options);
  if (!compiled.mapping) {
    std::cerr << compiled.diagnostics;
    return compiled.io_error ? kExitUsage : kExitFindings;
  }
  std::string error;
  std::optional<Pipeline> pipeline = compiled.mapping->pipeline(opts.flow, &error);
  if (!pipeline) {
    std::cerr << "error: " << error << "\n";
    return kExitUsage;
  }
  if (pipeline->engine() == Engine::kJit && !pipeline->native())
    std::cerr << "note: flow " << pipeline->flow().selector() << " runs on the interpreter: " << pipeline->fallback_reason() << "\n";
  interp::FixtureRefs refs;
  if (!opts.refs.empty()) {
    std::ifstream refs_in(opts.refs, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(refs_in)), std::istreambuf_iterator<char>());
    if (!refs_in || !refs.parse(text, error)) {
      std::cerr << "error: " << (refs_in ? error : "cannot read '" + opts.refs + "'") << "\n";
      return kExitUsage;
    }
  }
  std::ifstream in_file;
  std::ofstream out_file, rejects_file;
  // 1 MiB stream buffers (the default is 8 KiB): a backfill reads and writes hundreds of megabytes, and a
  // system call per 8 KiB is measurable. Set before open, as the standard library requires.
  std::vector<char> in_buffer(kStreamBuffer), out_buffer(kStreamBuffer);
  in_file.rdbuf()->pubsetbuf(in_buffer.data(), std::streamsize(in_buffer.size()));
  out_file.rdbuf()->pubsetbuf(out_buffer.data(), std::streamsize(out_buffer.size()));
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

  bool tty = isatty(STDERR_FILENO);
  auto start = std::chrono::steady_clock::now();
  auto last = start;
  bool progressed = false;
  auto progress = [&](uint64_t records) {
    auto now = std::chrono::steady_clock::now();
    if (tty && now - last > std::chrono::seconds(1)) {
      std::cerr << "\r" << records << " records...";
      last = now;
      progressed = true;
    }
  };
  StreamStats stats = pipeline->run_stream(in, out, rejects, opts.refs.empty() ? nullptr : &refs, progress);
  out.flush();
  if (progressed) std::cerr << "\r";
  std::cerr << "mapped " << stats.records << " records (" << input_format_name(stats.format) << ", "
            << (pipeline->native() ? "jit" : "interpreter") << "): " << stats.output << " out, " << stats.filtered << " filtered, "
            << stats.rejected << " rejected (" << uint64_t(stats.seconds > 0 ? double(stats.records) / stats.seconds : 0)
            << " records/s)\n";
  if (!out) return std::cerr << "error: cannot write '" << (opts.output == "-" ? "<stdout>" : opts.output) << "'\n", kExitUsage;
  if (!stats.input_error.empty()) {
    // What came before was mapped and written; what follows was not read: the run did not complete.
    std::cerr << "error: " << (opts.input == "-" ? "<stdin>" : opts.input);
    if (stats.error_line > 0) std::cerr << ":" << stats.error_line << ":" << stats.error_column;
    std::cerr << ": " << stats.input_error << "\n";
    return kExitUsage;
  }
  if (stats.rejected > 0 && !opts.allow_rejects) return kExitFindings;
  return kExitOk;
}

}  // namespace

void add_map_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<MapOptions>();
  CLI::App* cmd = app.add_subcommand("map", "Transform records (NDJSON, a JSON array, or JSON documents) with one flow of a mapping");
  cmd->add_option("mapping", opts->mapping, "The mapping file")->required();
  cmd->add_option("--flow", opts->flow, "DOMAIN, or DOMAIN:SOURCE->TARGET")->required();
  cmd->add_option("--engine", opts->engine, "jit (default: native code, the interpreter for a flow it cannot compile), or interp")
      ->check(CLI::IsMember({"interp", "jit"}));
  cmd->add_option("--input", opts->input, "Records: NDJSON, a JSON array of objects, or JSON objects one after another (default stdin)");
  cmd->add_option("--output", opts->output, "NDJSON output (default stdout)");
  cmd->add_option("--rejects", opts->rejects, "Rejected records as NDJSON: line, column, offset, index, path, error, record (default stderr)");
  cmd->add_flag("--allow-rejects", opts->allow_rejects, "Exit 0 even when records were rejected (they are still written to --rejects)");
  cmd->add_option("--refs", opts->refs, "Cross-references for ref(): {\"domain\": {\"key\": id}}");
  cmd->add_option("--cache-dir", opts->cache_dir,
                  "The JIT's object cache (default $SYNCLOOM_CACHE_DIR, else $XDG_CACHE_HOME/syncloom, else ~/.cache/syncloom)");
  cmd->add_flag("--no-cache", opts->no_cache, "Compile with the JIT without reading or writing its object cache");
  cmd->add_flag("--jit-o2", opts->jit_o2, "Compile with LLVM's -O2 from the start (by default a flow starts on light code and moves to -O2 code after 20,000 records)");
  cmd->callback([opts, &exit_code] { exit_code = run_map(*opts); });
}

}  // namespace syncloom::cli
