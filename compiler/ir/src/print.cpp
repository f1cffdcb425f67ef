// The text form of IR modules: s-expressions with a type on every node, one statement per line.
#include <sstream>

#include "syncloom/ir/module.hpp"

namespace syncloom::ir {

NodePtr make_node(Op op, TypeRef type) {
  auto n = std::make_unique<Node>();
  n->op = op;
  n->type = std::move(type);
  return n;
}

namespace {

const char* op_name(Op op) {
  switch (op) {
    case Op::kConst: return "const";
    case Op::kInput: return "input";
    case Op::kLocal: return "local";
    case Op::kMember: return "member";
    case Op::kNeg: return "neg";
    case Op::kNot: return "not";
    case Op::kArith: return "arith";
    case Op::kConcat: return "concat";
    case Op::kListConcat: return "list_concat";
    case Op::kCompare: return "cmp";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kCoalesce: return "coalesce";
    case Op::kIf: return "if";
    case Op::kIn: return "in";
    case Op::kCall: return "call";
    case Op::kCallUser: return "call_fn";
    case Op::kTable: return "table";
    case Op::kRef: return "ref";
    case Op::kList: return "list";
    case Op::kFor: return "for";
    case Op::kObject: return "object";
    case Op::kConvert: return "convert";
    case Op::kReject: return "reject";
    case Op::kMetaGet: return "meta";
    case Op::kChanged: return "changed";
    case Op::kOmit: return "omit";
  }
  return "?";
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

bool is_identifier(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string type_of(const Node& n) { return n.type ? n.type->to_string() : "?"; }

/// The names of the locals of the flow or function being printed: they spell input paths in messages, so
/// they belong to the text the JIT's cache key hashes.
using Names = std::vector<std::string>;

void print_stmts(const std::vector<Stmt>& stmts, int depth, std::string& out, const Names& names);

std::string local_decl(int32_t local, const Names& names) {
  std::string s = "%" + std::to_string(local);
  if (local >= 0 && size_t(local) < names.size()) s += " " + names[size_t(local)];
  return s;
}

std::string print_node(const Node& n, const Names& names) {
  switch (n.op) {
    case Op::kConst:
      return (n.type && n.type->kind == Kind::kString ? quote(n.text) : n.text) + ":" + type_of(n);
    case Op::kInput: {
      // A projection marks the list it runs over: `$.line_items[].total`.
      std::string s = n.local < 0 ? "$" : "%" + std::to_string(n.local);
      for (size_t i = 0; i <= n.path.size(); ++i) {
        if (int32_t(i) == n.index) s += "[]";
        if (i < n.path.size()) s += "." + n.path[i];
      }
      return s + ":" + type_of(n);
    }
    case Op::kLocal:
      return "%" + std::to_string(n.local) + ":" + type_of(n);
    default:
      break;
  }
  std::string s = "(" + std::string(op_name(n.op));
  bool quoted = n.op == Op::kReject || n.op == Op::kMetaGet || (n.op == Op::kMember && !is_identifier(n.text));
  if (!n.text.empty()) s += " " + (quoted ? quote(n.text) : n.text);
  if (n.bang) s += "!";
  if (n.negated) s += " not";
  if (n.index >= 0) s += " #" + std::to_string(n.index);
  if (n.op == Op::kFor) s += " " + local_decl(n.local, names);
  for (const auto& op : n.operands) s += " " + (op ? print_node(*op, names) : std::string("_"));
  if (n.filter) s += " when " + print_node(*n.filter, names);
  if (!n.body.empty()) {
    std::string inner;
    print_stmts(n.body, 0, inner, names);
    s += " {";
    // Nested bodies print on one line: `{ field a = ...; field b = ... }`.
    std::string line;
    for (char c : inner) line += c == '\n' ? std::string("; ") : std::string(1, c);
    while (!line.empty() && (line.back() == ' ' || line.back() == ';')) line.pop_back();
    s += " " + line + " }";
  }
  return s + "):" + type_of(n);
}

void print_stmts(const std::vector<Stmt>& stmts, int depth, std::string& out, const Names& names) {
  for (const auto& st : stmts) {
    std::string pad(size_t(depth) * 2, ' ');
    switch (st.kind) {
      case Stmt::Kind::kLet:
        out += pad + "let " + local_decl(st.local, names) + " = " + print_node(*st.value, names) + "\n";
        break;
      case Stmt::Kind::kCheck:
        out += pad + "check " + print_node(*st.value, names) + " else " + quote(st.message) + "\n";
        break;
      case Stmt::Kind::kField:
        out += pad + "field " + st.name + " = " + print_node(*st.value, names) + "\n";
        break;
      case Stmt::Kind::kObject:
        out += pad + "object " + st.name + " {\n";
        print_stmts(st.body, depth + 1, out, names);
        out += pad + "}\n";
        break;
      case Stmt::Kind::kMeta:
        out += pad + "meta " + st.name + " {\n";
        for (const auto& entry : st.body) out += pad + "  " + quote(entry.name) + " = " + print_node(*entry.value, names) + "\n";
        out += pad + "}\n";
        break;
    }
  }
}

}  // namespace

std::string Module::to_string() const {
  std::string out = "mapping " + mapping + "\n";
  if (!regexes.empty() || !zones.empty()) out += "\n";
  for (size_t i = 0; i < regexes.size(); ++i) out += "regex #" + std::to_string(i) + " " + quote(regexes[i].pattern) + "\n";
  for (size_t i = 0; i < zones.size(); ++i) out += "zone #" + std::to_string(i) + " " + quote(zones[i].name) + "\n";
  for (size_t i = 0; i < tables.size(); ++i) {
    const Table& t = tables[i];
    out += "\ntable #" + std::to_string(i) + " " + t.name + ": " + t.key->to_string() + " -> " + t.value->to_string() + "\n";
    for (const auto& [key, value] : t.rows) out += "  " + quote(key) + " => " + print_node(*value, {}) + "\n";
    if (t.fallback) out += "  default => " + print_node(*t.fallback, {}) + "\n";
  }
  for (size_t i = 0; i < functions.size(); ++i) {
    const Function& f = functions[i];
    out += "\nfn #" + std::to_string(i) + " " + f.name + "(";
    for (size_t p = 0; p < f.params.size(); ++p) out += (p ? ", " : "") + local_decl(int32_t(p), f.local_names) + ": " + f.params[p]->to_string();
    out += ") -> " + f.result->to_string() + "\n  " + print_node(*f.body, f.local_names) + "\n";
  }
  for (const auto& flow : flows) {
    // Workflow predicates and keys read a record and write none: `filter returns.refund.await[0]: woo.refund`.
    if (flow.role == FlowRole::kMap)
      out += "\nflow " + flow.domain + ": " + flow.source + " -> " + flow.target +
             (flow.write == WriteMode::kUpdateOnly ? " update" : flow.write == WriteMode::kCreateOnly ? " create" : "");
    else
      out += "\n" + std::string(flow_role_name(flow.role)) + " " + flow.domain + ": " + flow.source;
    out += std::string(flow.reads_start ? " with start" : "") + "\n";
    std::string layout = flow.input.to_string();
    std::istringstream lines(layout);
    std::string line;
    std::getline(lines, line);  // the record name, already in the header
    out += "  input\n";
    while (std::getline(lines, line)) out += "  " + line + "\n";
    if (flow.when) out += "  when " + print_node(*flow.when, flow.local_names) + "\n";
    if (flow.key) out += "  key " + print_node(*flow.key, flow.local_names) + (flow.target_key.empty() ? "" : " <-> " + flow.target_key) + "\n";
    for (const auto& part : flow.idempotency) out += "  idempotency " + print_node(*part, flow.local_names) + "\n";
    print_stmts(flow.body, 1, out, flow.local_names);
  }
  return out;
}

}  // namespace syncloom::ir
