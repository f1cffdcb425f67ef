// The input decoder: one JSON record into Nodes, keeping exactly what the flow's input layout reads.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "runtime/driver.hpp"
#include "runtime/state.hpp"

namespace syncloom::codegen::rt {

/// One layout node: a fixed block (the listed children, matched by key) or, with `keep_all`, everything.
struct PlanNode {
  bool keep_all = true;
  std::vector<std::string> names;  ///< fixed: the children's names, in layout order
  std::vector<Key> keys;           ///< the same names as Keys (what Node::keys points at)
  std::vector<PlanNode> children;  ///< fixed: one per name
  /// Open-addressing table of key_hash -> slot + 1 (0: empty), so that the many keys a flow never reads
  /// are rejected without comparing them against every name.
  std::vector<uint16_t> table;
  uint32_t mask = 0;
};

/// A cheap hash of a key for PlanNode::table: its length and three of its bytes.
inline uint32_t key_hash(const char* p, size_t n) {
  if (n == 0) return 0;
  return uint32_t(n) * 131u + uint8_t(p[0]) * 31u + uint8_t(p[n - 1]) * 7u + uint8_t(p[n / 2]);
}

/// One parser and padded buffer per thread, as in the interpreter (allocating them per record costs more
/// than parsing). Decoded strings point into the parser, so they live until the next record.
struct State::Input {
  simdjson::ondemand::parser parser;
  std::string padded;
  std::vector<Node> node_stack;  ///< children of generic arrays and objects while their count is unknown
  std::vector<Key> key_stack;
};

struct DecodePlan::Impl {
  PlanNode root;  ///< always a fixed block, as the interpreter always prunes the record's top level
};

/// Decodes `json` into the arena of `state`, with the parser and buffers of `input` (the record's, or its
/// previous version's: decoded strings point into them); null and `*error` set (a static message) when the
/// record is rejected, with the interpreter's messages in the interpreter's order.
const Node* decode(State& state, State::Input& input, const DecodePlan::Impl& plan, std::string_view json, const char** error);

}  // namespace syncloom::codegen::rt
