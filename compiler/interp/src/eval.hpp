// Internals of the interpreter: the evaluator, input conversion, built-ins and JSON in/out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "syncloom/interp/interpreter.hpp"

namespace syncloom::interp::detail {

/// The record fails: it goes to the rejects stream (or the dead-letter queue) with this reason.
struct RecordError {
  std::string reason;
};
/// A fallible conversion failed: `??` catches this; `!` and everything else turn it into a RecordError.
struct ConversionError : RecordError {};
/// Evaluation reached `omit`: the field statement whose value it is catches it and writes nothing.
struct Omitted {};

/// Converts raw input JSON to the static type a read expects (objects and lists of objects stay raw:
/// their fields convert when read). Throws RecordError naming `path`.
Value convert_input(const Value& raw, const ir::Type& type, const std::string& path);

/// Parses one JSON document (UTF-8 validated) into raw values; numbers keep their text. With `layout`,
/// fields the flow never reads are skipped instead of built (their structure and UTF-8 are still
/// validated by simdjson; their scalars are never parsed).
Value parse_json(std::string_view json, const ir::InputField* layout = nullptr);
/// Appends `v` as JSON: decimals and raw numbers as exact number text, timestamps/dates as ISO 8601 strings.
void write_json(const Value& v, std::string& out);
/// The same; when a value cannot be written (a non-finite float, an invalid decimal or date), `*path` (empty) is
/// left holding the keys and "[i]" indexes that lead to it.
void write_json(const Value& v, std::string& out, std::vector<std::string>* path);

/// What a built-in call carries besides its arguments: its compiled pattern or loaded zone (ir::Node::index).
struct CallResources {
  const sl_regex* regex = nullptr;
  const sl_zone* zone = nullptr;
};
CallResources resources_of(const ir::Module& module, const std::string& name, int32_t index);

/// Evaluates built-in `name` (docs/language.md §7) on evaluated arguments; `type` is the call's IR type.
Value call_builtin(const std::string& name, std::vector<Value>& args, const ir::Type& type, const CallResources& res = {});
/// The families of built-ins in their own files; nullopt when `name` is not theirs. List functions take a null
/// list as empty; the others run after call_builtin has propagated null arguments.
std::optional<Value> call_list_builtin(const std::string& name, std::vector<Value>& args, const ir::Type& type);
std::optional<Value> call_regex_builtin(const std::string& name, std::vector<Value>& args, const CallResources& res);
std::optional<Value> call_zone_builtin(const std::string& name, std::vector<Value>& args, const CallResources& res);
std::optional<Value> call_text_builtin(const std::string& name, std::vector<Value>& args);
/// Parses one JSON document of any kind (an object, array, string, number, bool or null) into raw values;
/// ConversionError when it is not JSON (parse_json is fallible).
Value parse_json_document(std::string_view json);
/// A stdlib failure as the record's error (a conversion failure when `conversion`).
[[noreturn]] void fail_status(sl_status st);

class Evaluator {
 public:
  /// `names` are the frame's local names (ir::Flow::local_names or ir::Function::local_names).
  Evaluator(const ir::Module& module, const RefResolver* refs, const Value& root, int32_t locals,
            const std::vector<std::string>* names = nullptr)
      : module_(module), refs_(refs), root_(root), locals_(size_t(locals)), origins_(size_t(locals)), names_(names) {}

  Value eval(const ir::Node& n);
  /// The record's previous version (changed() compares with it); null: none, changed() is true.
  void set_previous(const Value* previous) { previous_ = previous; }
  /// Runs statements, collecting output fields into `out`.
  void exec(const std::vector<ir::Stmt>& stmts, Object& out);
  /// Where evaluation is, for error messages: "lines[2].unit_price".
  std::string where() const;
  /// Calls user function `n.index` with evaluated arguments (`caller`: the frame `n`'s operands belong to).
  Value call_with(const ir::Node& n, std::vector<Value> args, const Evaluator* caller = nullptr);

 private:
  Value read_input(const ir::Node& n);
  Value arith(const ir::Node& n, const Value& a, const Value& b);
  int compare(const Value& a, const Value& b);
  bool equal(const Value& a, const Value& b);
  bool truth(const Value& v);
  Value for_loop(const ir::Node& n);
  /// Binds each element of `n`'s list in turn and calls `each()` for those passing the filter.
  template <typename Each>
  void iterate(const ir::Node& n, Each each);
  Value call_user(const ir::Node& n);
  Value table(const ir::Node& n);
  Value changed(const ir::Node& n);

  // Output paths (docs/semantics.md, "Where a rejection points"). A value written where it stands (a field's
  // value) is built element by element, each element at its place in the output list; inside a value that is
  // not written where it is computed (a `let`, a `for` passed to a function), the path stays that of the
  // output being computed.
  /// `n` as written at the current output path.
  Value eval_written(const ir::Node& n);
  /// Appends the elements `n` writes to `out`; `null` when a part of a `+` (or the `if`) is null.
  void append_written(const ir::Node& n, List& out, bool& null);
  void enter(std::string segment) {
    if (value_depth_ == 0) path_.push_back(std::move(segment));
  }
  void leave() {
    if (value_depth_ == 0) path_.pop_back();
  }

  // Input paths: what a local stands for in the input, spelt only when a message needs it.
  struct Origin {
    const Evaluator* frame = nullptr;  ///< whose locals `node` reads (a parameter's: the caller)
    const ir::Node* node = nullptr;    ///< null: nothing known, the local's own name
    int64_t position = -1;             ///< >= 0: element `position` of the list `node`; else `node` itself
  };
  /// The input spelling of local `local`: `shipping_lines[0]`, else its name (`s`).
  std::string origin_of(int32_t local) const;
  /// The input spelling of `n`'s value, when it is an input value (a read, a local); nullopt otherwise.
  std::optional<std::string> value_path(const ir::Node& n) const;
  /// The input spelling of element `position` of the list `n`, when the list is in the input.
  std::optional<std::string> element_path(const ir::Node& n, int64_t position) const;

  const ir::Module& module_;
  const RefResolver* refs_;
  const Value& root_;
  std::vector<Value> locals_;
  std::vector<Origin> origins_;
  const std::vector<std::string>* names_;
  std::vector<std::string> path_;
  int value_depth_ = 0;  ///< > 0: evaluating a value not written where it stands; path_ stays as it is
  const Value* previous_ = nullptr;
};

}  // namespace syncloom::interp::detail
