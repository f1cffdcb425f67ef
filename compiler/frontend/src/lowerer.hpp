// Lowering state for one module: table and function indexes, local slots, type conversion.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lower_types.hpp"
#include "syncloom/diag/source_manager.hpp"
#include "syncloom/frontend/program.hpp"
#include "syncloom/ir/module.hpp"

namespace syncloom::frontend::detail {

class Lowerer {
 public:
  explicit Lowerer(Program& program);

  ir::Module run();

 private:
  // lower_expr.cpp
  ir::NodePtr expr(const Expr* e);
  ir::NodePtr member(const Expr* e);
  ir::NodePtr binary(const Expr* e);
  ir::NodePtr call(const Expr* e);
  ir::NodePtr for_expr(const Expr* e, const schema::StructType* target);
  /// The keys of key function `lambda` over `list`, as a `for` (sort_by, group_by).
  ir::NodePtr key_list(const Expr* list, const Expr* lambda);
  /// `x["key"]` and `x[i]` on an `any` value.
  ir::NodePtr any_index(const Expr* e);
  /// Wraps `n` in a lossless int -> decimal/float conversion when `want` needs one.
  ir::NodePtr coerce(ir::NodePtr n, const ir::TypeRef& want);
  ir::NodePtr value_for(const Expr* e, const ir::TypeRef& want, const schema::StructType* target_element);

  // lower.cpp
  std::vector<ir::Stmt> block(const Block& b, const schema::StructType* target);
  ir::Flow flow(const FlowDecl& f, const DomainDecl* domain, const WorkflowDecl* workflow = nullptr,
               const StepDecl* step = nullptr);
  /// Does `e` (a key or idempotency expression) read `record` ("woo.order") through a system path?
  static bool reads_record(const Expr* e, const std::string& record);
  /// Does workflow `w` start on events carrying `f`'s source record (so its filter and checks apply to `f`)?
  static bool triggered_by_source(const WorkflowDecl* w, const FlowDecl& f);
  void append_checks(const std::vector<CheckDecl>& checks, std::vector<ir::Stmt>& body);

  // lower_workflow.cpp: the predicates and keys the runtime evaluates, as kFilter and kKey flows
  ir::WorkflowCode workflow_code(const WorkflowDecl& w, const std::string& name, ir::Module& m);
  /// A kFilter (`filter`) or kKey (`key`) flow over `record`; `start_in_envelope`: it reads `start` from the envelope.
  int32_t predicate(ir::Module& m, ir::FlowRole role, const std::string& domain, const std::string& record,
                    const Expr* e, bool start_in_envelope);
  int32_t bind(const std::string& name, bool input_frame);
  void unbind(size_t mark) { scope_.resize(mark); }

  struct Binding {
    std::string name;
    int32_t slot;
    bool input_frame;  ///< a loop variable over a list read from the input: members are input reads
  };

  Program& program_;
  TypeLowering types_;
  std::map<const TableDecl*, int32_t> table_index_;
  std::map<const FunctionDecl*, int32_t> function_index_;
  std::vector<Binding> scope_;
  int32_t next_local_ = 0;
  std::vector<std::string> local_names_;  ///< of the flow or function being lowered, by slot
  /// `start` reads the envelope's kStartField (the flow's source is not the start record).
  bool start_in_envelope_ = false;
  /// The target record's declared meta key types (`extend ... { meta "k": T }`), for its top-level block.
  const std::map<std::string, schema::TypePtr>* target_meta_keys_ = nullptr;
};

}  // namespace syncloom::frontend::detail
