// IR expressions: typed trees. The interpreter evaluates them recursively; codegen emits them the same way.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "syncloom/ir/type.hpp"

namespace syncloom::ir {

enum class Op : uint8_t {
  kConst,       ///< `text` holds the literal (decimal digits as written, decoded string); type says which
  kInput,       ///< read `path` from the record (`local` = -1) or from the loop element in local `local`;
                ///< `index` >= 0: the read projects over the list reached after `index` steps (`line_items.total`)
  kLocal,       ///< a let binding, loop variable or function parameter: `local`
  kMember,      ///< field `text` of an object value (operand 0); of each element when operand 0 is a list
  kNeg,         ///< -x (checked)
  kNot,
  kArith,       ///< `text` is + - * / %; operands typed alike after promotion (int -> decimal/float)
  kConcat,      ///< string + string
  kListConcat,  ///< list + list
  kCompare,     ///< `text` is == != < <= > >=
  kAnd,         ///< short-circuit
  kOr,          ///< short-circuit
  kCoalesce,    ///< a ?? b: b when a is null or failed
  kIf,          ///< cond, then, else
  kIn,          ///< needle, list (`negated` for not in)
  kCall,        ///< built-in `text`; `bang` rejects the record when it fails; `index`: its regex or zone, if any
  kCallUser,    ///< user function `index` of the module
  kTable,       ///< value table `index`, operand: key
  kRef,         ///< cross-reference: domain `text`, operand: key; target id type
  kList,        ///< list literal
  kFor,         ///< operand 0 iterable; loop variable in `local`; optional filter `filter`; body `body`
  kObject,      ///< object built from `fields` (for-comprehension bodies, nested blocks as values)
  kConvert,     ///< int -> decimal / float promotion inserted by lowering (never fails)
  kReject,      ///< reject the record with `text`
  kMetaGet,     ///< meta_data (operand 0) value of key `text`
  kChanged,     ///< changed(operand 0): needs the previous version; only in filters
  kOmit,        ///< leave out the innermost output field whose value is being computed (only in field values)
};

struct Stmt;
struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
  Op op = Op::kConst;
  TypeRef type;
  std::string text;
  std::vector<std::string> path;  ///< kInput
  int32_t local = -1;             ///< kInput frame, kLocal, kFor loop variable
  int32_t index = -1;             ///< kTable, kCallUser; kCall: Module::regexes or Module::zones; kInput: the projected list
  bool bang = false;
  bool negated = false;
  std::vector<NodePtr> operands;
  NodePtr filter;                 ///< kFor `when`
  std::vector<Stmt> body;         ///< kFor object body (assignments, lets, checks)
  std::string where;              ///< source location "file:line:col", for record errors
};

/// A statement of a flow body or object block.
struct Stmt {
  enum class Kind : uint8_t {
    kLet,     ///< local `local` = value
    kCheck,   ///< reject with `message` unless value is true
    kField,   ///< output field `name` = value
    kObject,  ///< output field `name` = { body }
    kMeta,    ///< output field `name` = [{"key": K, "value": V}, ...]: body holds kField entries (name K,
              ///< value V) in order; an entry whose value reaches `omit` is left out
  } kind = Kind::kField;
  std::string name;
  int32_t local = -1;
  NodePtr value;
  std::vector<Stmt> body;
  std::string message;
  std::string where;
};

NodePtr make_node(Op op, TypeRef type);

/// Whether a value written into the output where it stands (a field's value, an element of such a list)
/// is written element by element: a `for`, a list literal, `+` of lists, an `if` between lists. Each of its
/// elements then has a place in the output (`lines[2]`) that counts the elements written before it, across
/// every part (docs/semantics.md, "Where a rejection points"). Both engines decide error paths by it.
bool written_by_element(const Node& n);

/// The input spelling of a read's path below its base (`base` is "" for the record): `billing.email`,
/// `line_items[1].total` for the base `line_items[1]`.
std::string input_path(const std::string& base, const std::vector<std::string>& path);
/// The input spelling of element `position` of the list read by `n` (a kInput over `base`): the list's
/// path with the position after it, or, for a projection (`line_items.taxes`), after the projected list
/// (`line_items[1].taxes`). `position` is text: engines may pass a placeholder filled in later.
std::string input_element_path(const std::string& base, const Node& n, const std::string& position);

}  // namespace syncloom::ir
