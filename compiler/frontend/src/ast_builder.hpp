// Turns ANTLR's parse tree into the AST. Tolerates the holes error recovery leaves (null children).
#pragma once

#include "LoomParser.h"
#include "syncloom/frontend/ast.hpp"
#include "token_source.hpp"

namespace syncloom::frontend::detail {

using P = grammar::LoomParser;

class AstBuilder {
 public:
  AstBuilder(TokenSource& tokens, diag::DiagnosticBag& diags) : tokens_(tokens), diags_(diags) {}

  std::unique_ptr<Module> build(P::FileContext* file);

 private:
  // Declarations (ast_builder.cpp).
  void item(Module& m, P::ItemContext* ctx);
  SystemDecl system(P::SystemDeclContext* ctx);
  ExtendDecl extend(P::ExtendDeclContext* ctx);
  TableDecl table(P::TableDeclContext* ctx);
  FunctionDecl function(P::FunctionDeclContext* ctx);
  TypeRef type_ref(P::TypeRefContext* ctx);
  DomainDecl domain(P::DomainDeclContext* ctx);
  void domain_member(DomainDecl& d, P::DomainMemberContext* ctx);
  SyncClause sync_clause(P::SyncClauseContext* ctx);
  Schedule schedule(P::ScheduleContext* ctx);
  RetryDecl retry(P::RetryDeclContext* ctx);
  CheckDecl check(P::CheckDeclContext* ctx);
  FlowDecl flow(P::FlowDeclContext* ctx);
  RecordRef record_ref(P::NameContext* system, P::NameContext* record);
  Block block(P::BlockContext* ctx);
  WorkflowDecl workflow(P::WorkflowDeclContext* ctx);
  StepDecl step(P::StepDeclContext* ctx);

  // Expressions and leaves (ast_builder_expr.cpp).
  ExprPtr expr(P::ExprContext* ctx);
  ExprPtr primary(P::PrimaryContext* ctx);
  ExprPtr literal(P::LiteralContext* ctx);
  ExprPtr binary(P::ExprContext* ctx, antlr4::Token* op, P::ExprContext* lhs, P::ExprContext* rhs);
  Ident name(P::NameContext* ctx);
  Ident string_ident(antlr4::tree::TerminalNode* node);  ///< a STRING token, decoded
  std::vector<Ident> strings(const std::vector<antlr4::tree::TerminalNode*>& nodes);
  std::string decode_string(antlr4::Token* token);
  Duration duration(antlr4::tree::TerminalNode* node);
  int64_t integer(antlr4::tree::TerminalNode* node, Span* span = nullptr);
  Span span(antlr4::ParserRuleContext* ctx) const;
  Span span(antlr4::tree::TerminalNode* node) const;

  TokenSource& tokens_;
  diag::DiagnosticBag& diags_;
  int depth_ = 0;  ///< expression recursion guard
  bool too_deep_reported_ = false;
};

}  // namespace syncloom::frontend::detail
