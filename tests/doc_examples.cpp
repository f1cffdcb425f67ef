// Extraction of the examples in docs/diagnostics pages (see doc_examples.hpp).
#include "doc_examples.hpp"

namespace syncloom::testing {
namespace {

/// The body of the first fenced block opened by `fence` at or after `from`; `from` moves past it.
std::string fenced_block(const std::string& text, const std::string& fence, size_t& from) {
  size_t open = text.find(fence, from);
  if (open == std::string::npos) return "";
  size_t body = open + fence.size();
  size_t close = text.find("\n```", body - 1);
  if (close == std::string::npos) return "";
  from = close + 4;
  return text.substr(body, close + 1 - body);
}

}  // namespace

DocExample first_doc_example(const std::string& markdown) {
  DocExample example;
  size_t at = 0;
  example.source = fenced_block(markdown, "```loom\n", at);
  example.rendered = fenced_block(markdown, "```text\n", at);
  return example;
}

bool example_needs_files(const std::string& source) {
  return source.find("import ") != std::string::npos || source.find("schema \"") != std::string::npos;
}

}  // namespace syncloom::testing
