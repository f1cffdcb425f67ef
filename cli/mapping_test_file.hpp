// The `*_test.yaml` files of `syncloom test`: which mapping, and cases of input and expected outcome.
//
//   mapping: woocommerce-tryton.loom          # relative to this file
//   refs: {products: {WOO-MUG: 7}}            # optional, for every case (a case's refs add to these)
//   cases:
//     - name: paid order becomes a sale
//       flow: orders                          # DOMAIN or DOMAIN:SOURCE->TARGET, as `syncloom map --flow`
//       input_file: testdata/order.json       # or `input: {...}`; `patch: {...}` changes fields of either
//       patch: {"line_items[1]": {quantity: 3}}   # one list element, by index
//       previous_patch: {status: pending}     # the record's previous version, for changed()
//       start_file: testdata/order.json       # or `start: {...}`, then `start_patch`: a workflow's start
//                                             # record, for a step's flow that reads `start`
//       expect: {reference: WOO-727, ...}     # or expect_rejection / expect_filtered
//       expect_key: WOO-727                   # and/or the domain key and idempotency parts
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mapping_test_value.hpp"

namespace syncloom::cli {

enum class Expectation : uint8_t {
  kOutput,     ///< `expect`: the output record, compared structurally
  kRejection,  ///< `expect_rejection`: the error contains `error_contains` (and the path is `error_path`)
  kFiltered,   ///< `expect_filtered: true`
};

struct MappingTestCase {
  std::string name;
  int line = 0;  ///< 1-based line of the case in its file
  std::string flow;
  TestValue refs;         ///< the file's refs merged with the case's, an object (maybe empty)
  std::string input_json; ///< the record, compact JSON
  std::optional<std::string> previous_json;  ///< the record's previous version (changed()), compact JSON
  std::optional<std::string> start_json;     ///< a workflow's start record (RunContext::start), compact JSON
  /// An outcome expectation (`expect`, `expect_rejection`, `expect_filtered`) was given; without one the
  /// case checks only the identity below.
  bool check_outcome = true;
  std::optional<TestValue> expected_key;                  ///< `expect_key`
  std::optional<std::vector<TestValue>> expected_parts;   ///< `expect_idempotency`
  Expectation expectation = Expectation::kOutput;
  TestValue expected;          ///< kOutput
  std::string error_contains;  ///< kRejection
  std::string error_path;      ///< kRejection; empty: any path
  bool check_path = false;
};

struct MappingTestFile {
  std::string path;     ///< as found
  std::string mapping;  ///< resolved against the test file's directory
  std::vector<MappingTestCase> cases;
};

/// Reads and validates a test file and the input files it names. False and `error` ("file:line: message")
/// on I/O errors, YAML syntax errors and malformed or unknown keys.
bool load_mapping_test_file(const std::string& path, MappingTestFile& out, std::string& error);

}  // namespace syncloom::cli
