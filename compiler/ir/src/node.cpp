// Shared questions about IR nodes that both engines must answer alike (output and input paths).
#include "syncloom/ir/module.hpp"

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

bool may_omit(const Node& n, const Module& m) {
  if (n.op == Op::kOmit) return true;
  if (n.op == Op::kFor) return may_omit(*n.operands[0], m);
  if (n.op == Op::kTable && n.index >= 0 && size_t(n.index) < m.tables.size()) {
    const Table& t = m.tables[size_t(n.index)];
    for (const auto& [key, value] : t.rows)
      if (may_omit(*value, m)) return true;
    if (t.fallback && may_omit(*t.fallback, m)) return true;
  }
  for (const auto& op : n.operands)
    if (may_omit(*op, m)) return true;
  return false;
}

}  // namespace syncloom::ir
