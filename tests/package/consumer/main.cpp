// The package test's consumer: runs every check and prints "consumer: ok" when all pass.
//
//   syncloom_consumer WORK_DIR [--default-schemas] [--erp-kind KIND]
#include <cstdio>
#include <string>

#include "checks.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: syncloom_consumer WORK_DIR [--default-schemas] [--erp-kind KIND]\n");
    return 2;
  }
  consumer::Settings settings;
  settings.work_dir = argv[1];
  settings.schema_dir = SYNCLOOM_CONSUMER_SCHEMA_DIR;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--default-schemas") settings.schema_dir.clear();
    else if (arg == "--erp-kind" && i + 1 < argc) settings.erp_kind = argv[++i];
    else {
      std::fprintf(stderr, "syncloom_consumer: unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  // A new part of the API gets a check_*.cpp and a line here.
  bool ok = consumer::check_mapping(settings);
  ok = consumer::check_store(settings) && ok;
  ok = consumer::check_runtime(settings) && ok;
  std::printf("consumer: %s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
