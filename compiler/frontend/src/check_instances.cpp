// E0303: two flows must not write one field of one record. Flows that write the same record type may
// still write different records (instances): guest customers created from orders beside registered
// customers, return sales beside web sales. Two flows are distinct instances when one of them only
// creates records (`create`: it never changes one another flow wrote), or when their records' keys can
// never be equal (value patterns: "WOO-" + an int never equals "WOO-R-" + an int).
#include <algorithm>

#include "types.hpp"
#include "value_pattern.hpp"

namespace syncloom::frontend::detail {
namespace {

/// `erp.salesOrder.reference` -> {"erp.salesOrder", "reference"} when `e` is a plain system path.
std::optional<std::pair<std::string, std::string>> plain_field(const Expr* e) {
  if (!e || e->kind != ExprKind::kMember || !e->operands[0] || e->operands[0]->kind != ExprKind::kMember) return std::nullopt;
  const Expr* record = e->operands[0].get();
  if (!record->operands[0] || record->operands[0]->ref != NameRef::kSystem) return std::nullopt;
  return std::pair{record->operands[0]->text + "." + record->text, e->text};
}

}  // namespace

bool Sema::may_share_instance(int a, int b) {
  const FlowSite& x = flow_sites_[a];
  const FlowSite& y = flow_sites_[b];
  if (!x.flow || !y.flow) return true;
  if (x.flow->create_only || y.flow->create_only) return false;
  std::string record = x.flow->target.system.text + "." + x.flow->target.record.text;
  // The fields that identify a record of this type: the target sides of the domains' keys.
  std::map<std::string, ValuePattern> keys[2];
  const FlowSite* sites[2] = {&x, &y};
  for (auto& d : program_.root().domains) {
    if (!d.key) continue;
    const Expr* sides[2] = {d.key->left.get(), d.key->right.get()};
    for (int s = 0; s < 2; ++s) {
      auto field = plain_field(sides[s]);
      if (!field || field->first != record) continue;
      for (int f = 0; f < 2; ++f) {
        if (sites[f]->domain == &d) keys[f][field->second] = pattern_of(sides[1 - s], program_);
        // A flow that assigns the key field itself says which record it writes.
        if (keys[f].count(field->second)) continue;
        for (auto& stmt : sites[f]->flow->body.stmts)
          if (stmt.kind == FlowStmt::Kind::kAssign && stmt.target.text == field->second)
            keys[f][field->second] = pattern_of(stmt.value.get(), program_);
      }
    }
  }
  for (auto& [field, pattern] : keys[0]) {
    auto other = keys[1].find(field);
    if (other != keys[1].end() && disjoint(pattern, other->second)) return false;
  }
  return true;
}

void Sema::check_double_writes() {
  std::map<std::pair<std::string, std::string>, std::vector<const Write*>> by_field;
  for (auto& w : writes_) by_field[{w.record, w.path}].push_back(&w);
  // A meta_data entry (`meta_data["k"]`) is written too by a flow that writes the whole list: the whole
  // list's writes count as writes of each entry (after the entry's own, so the entry is what is shown).
  for (auto& [field, writes] : by_field) {
    size_t by_key = field.second.find("[\"");
    if (by_key == std::string::npos || field.second.back() != ']') continue;
    auto whole = by_field.find({field.first, field.second.substr(0, by_key)});
    if (whole == by_field.end()) continue;
    for (const Write* w : whole->second) writes.insert(writes.begin(), w);
  }
  // Each later write against the first earlier write of another flow that may reach the same record,
  // gathered per pair of flows: one diagnostic per pair, however many fields they share.
  std::map<std::pair<int, int>, std::vector<std::pair<const Write*, const Write*>>> pairs;
  std::map<std::pair<int, int>, bool> shared;
  for (auto& [field, writes] : by_field) {
    for (size_t i = 1; i < writes.size(); ++i) {
      for (size_t k = 0; k < i; ++k) {
        if (writes[k]->flow == writes[i]->flow) continue;
        // Flows share many fields: decide each pair once.
        auto pair = std::minmax(writes[k]->flow, writes[i]->flow);
        auto known = shared.find(pair);
        if (known == shared.end()) known = shared.emplace(pair, may_share_instance(pair.first, pair.second)).first;
        if (!known->second) continue;
        pairs[{writes[k]->flow, writes[i]->flow}].push_back({writes[i], writes[k]});
        break;
      }
    }
  }
  for (auto& [flows, clashes] : pairs) {
    // The first clash in the file is the one shown.
    std::sort(clashes.begin(), clashes.end(), [](auto& a, auto& b) { return a.first->span.begin < b.first->span.begin; });
    auto [second, first] = clashes.front();
    auto d = diag::Diagnostic::error("E0303", "two flows write " + second->record + "." + second->path)
                 .at(second->span, "written here")
                 .also(first->span, "also written here")
                 .note("one field, one writer: otherwise the last sync silently wins");
    if (clashes.size() > 1) {
      std::string more;
      for (size_t i = 1; i < clashes.size(); ++i) more += (i == 1 ? "`" : ", `") + clashes[i].first->path + "`";
      d.note("the two flows also both write " + more);
    }
    d.with_help("keep one of the assignments; if the flows write different records, give them keys that cannot be equal, "
                "or mark the one that only creates records `create`");
    report(std::move(d));
  }
}

}  // namespace syncloom::frontend::detail
