// Examples embedded in the documentation: the first ```loom block of a diagnostics page and the ```text
// rendering the page claims `syncloom lint` prints for it.
#pragma once

#include <string>

namespace syncloom::testing {

struct DocExample {
  std::string source;    ///< the first ```loom block
  std::string rendered;  ///< the first ```text block after it ("`syncloom lint example.loom` reports:")
};

DocExample first_doc_example(const std::string& markdown);

/// The example imports files or loads a schema file, which a page can only show, not ship.
bool example_needs_files(const std::string& source);

}  // namespace syncloom::testing
