// No cascades: one mistake in an expression gives diagnostics about that mistake, never follow-on ones
// that show an internal type (`<error>`). Generated from the shipped mappings: every name in every
// expression, replaced in turn by a name that resolves to nothing, or by a value of the wrong type.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "syncloom/diag/render.hpp"
#include "syncloom/frontend/frontend.hpp"

namespace fs = std::filesystem;
using namespace syncloom;

namespace {

const std::string kRoot = SYNCLOOM_SOURCE_DIR;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Byte ranges of the names in expressions: after `=`, `=>`, `when`, `check`, `key`, `in`, up to the line's end.
std::vector<std::pair<size_t, size_t>> expression_names(const std::string& text) {
  std::vector<std::pair<size_t, size_t>> out;
  std::regex start(R"((=>?|\bwhen\b|\bcheck\b|\bkey\b|\bidempotency\b)\s)");
  std::regex name(R"(\b[a-z_][a-z_0-9]*\b)");
  static const std::set<std::string> kKeep = {"and", "or", "not", "in", "if", "then", "else", "for", "when", "reject", "null",
                                              "true", "false", "woo", "erp", "half_even", "half_up", "ref", "check"};
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    std::string line = text.substr(line_start, line_end - line_start);
    std::smatch m;
    size_t comment = line.find('#');
    if (std::regex_search(line, m, start) && (comment == std::string::npos || size_t(m.position(0)) < comment)) {
      size_t from = size_t(m.position(0) + m.length(0));
      std::string rest = line.substr(from, comment == std::string::npos ? std::string::npos : comment - from);
      bool in_string = false;
      for (std::sregex_iterator it(rest.begin(), rest.end(), name), end; it != end; ++it) {
        size_t at = size_t(it->position(0));
        in_string = std::count(rest.begin(), rest.begin() + long(at), '"') % 2 == 1;
        if (in_string || kKeep.count(it->str())) continue;
        out.push_back({line_start + from + at, it->str().size()});
      }
    }
    line_start = line_end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("one mistake in an expression never cascades into diagnostics that show internal types", "[sema][cascade]") {
  auto schemas = std::make_shared<schema::SchemaRegistry>(kRoot + "/schemas");
  int mutations = 0;
  for (const auto& entry : fs::directory_iterator(kRoot + "/mappings")) {
    if (entry.path().extension() != ".loom") continue;
    std::string text = read_file(entry.path());
    // Each name gets one of the mistakes, in turn: every kind still meets every shape of expression.
    static const char* const kMistakes[] = {"zz_nothing", "\"text\"", "[1, zz_nothing]", "(1 + zz_nothing)"};
    size_t position = 0;
    for (auto [at, len] : expression_names(text)) {
      for (const char* replacement : {kMistakes[position++ % 4]}) {
        std::string mutated = text.substr(0, at) + replacement + text.substr(at + len);
        frontend::FrontendOptions options{kRoot + "/schemas", true, schemas};
        frontend::Compilation compilation(options);
        compilation.check_source(entry.path().string(), mutated);
        std::ostringstream rendered;
        diag::render_human(rendered, compilation.sources(), compilation.diagnostics().all(), {});
        ++mutations;
        if (rendered.str().find("<error>") == std::string::npos) continue;
        INFO(entry.path().filename().string() << ": `" << text.substr(at, len) << "` -> " << replacement << "\n" << rendered.str());
        CHECK(rendered.str().find("<error>") == std::string::npos);
      }
    }
  }
  CHECK(mutations > 500);
}
