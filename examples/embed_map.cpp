// Embedding syncloom: compile a mapping, pick a flow, map one record. Built and run by CI.
//
//   embed_map MAPPING FLOW < record.json
#include <iostream>
#include <iterator>
#include <string>

#include "syncloom/syncloom.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: embed_map MAPPING FLOW < record.json\n";
    return 2;
  }
  // 1. Compile, with the JIT: diagnostics come back rendered; no mapping means errors. Compiled objects are
  //    cached (CompileOptions::cache_dir, default ~/.cache/syncloom), so the next start skips LLVM's codegen.
  syncloom::CompileOptions options;
  options.engine = syncloom::Engine::kJit;
  syncloom::CompileResult compiled = syncloom::compile_file(argv[1], options);
  std::cerr << compiled.diagnostics;
  if (!compiled.mapping) return 1;

  // 2. Pick the flow.
  std::string error;
  auto pipeline = compiled.mapping->pipeline(argv[2], &error);
  if (!pipeline) {
    std::cerr << error << "\n";
    return 2;
  }
  // A flow the JIT does not compile runs on the interpreter, with the same results: worth a log line only.
  if (!pipeline->native()) std::cerr << "note: " << pipeline->fallback_reason() << "\n";

  // 3. Map one record.
  std::string record((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  syncloom::RecordResult result = pipeline->run(record);
  switch (result.outcome) {
    case syncloom::Outcome::kOutput: std::cout << result.output << "\n"; return 0;
    case syncloom::Outcome::kFiltered: std::cout << "filtered\n"; return 0;
    case syncloom::Outcome::kRejected: std::cout << "rejected at " << result.error_path << ": " << result.error << "\n"; return 0;
  }
  return 1;
}
