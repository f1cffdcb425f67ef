// Shared questions about IR nodes that both engines must answer alike (output and input paths).
#include "syncloom/ir/node.hpp"

namespace syncloom::ir {

bool written_by_element(const Node& n) {
  if (n.op == Op::kFor) return true;
  if (!n.type || n.type->kind != Kind::kList) return false;
  return n.op == Op::kList || n.op == Op::kListConcat || n.op == Op::kIf;
}

std::string input_path(const std::string& base, const std::vector<std::string>& path) {
  std::string s = base;
  for (const auto& p : path) s += (s.empty() ? "" : ".") + p;
  return s;
}

std::string input_element_path(const std::string& base, const Node& n, const std::string& position) {
  if (n.index < 0 || size_t(n.index) > n.path.size()) return input_path(base, n.path) + "[" + position + "]";
  // A projection: the element is the projected list's element, read on through the rest of the path.
  std::vector<std::string> before(n.path.begin(), n.path.begin() + n.index), after(n.path.begin() + n.index, n.path.end());
  return input_path(input_path(base, before) + "[" + position + "]", after);
}

}  // namespace syncloom::ir
