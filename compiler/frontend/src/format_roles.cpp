// Token roles from the parse tree. The formatter works on tokens, but a few decisions need the grammar:
// where statements start (so continuation lines can be told apart), and which `-`, `(` and `[` are
// prefix minus, call parentheses and index brackets.
#include "LoomParser.h"
#include "format_stages.hpp"

namespace syncloom::frontend::detail {
namespace {

using grammar::LoomParser;

/// Rules whose every match is one statement: these are what a line normally starts with.
bool is_statement_rule(size_t rule) {
  switch (rule) {
    case LoomParser::RuleHeader:
    case LoomParser::RuleItem:
    case LoomParser::RuleExtendMember:
    case LoomParser::RuleTableEntry:
    case LoomParser::RuleDomainMember:
    case LoomParser::RuleFlowStmt:
    case LoomParser::RuleWorkflowMember:
    case LoomParser::RuleStepMember:
      return true;
    default:
      return false;
  }
}

/// The first direct child of `ctx` that is a token of `type`, or nullptr.
antlr4::Token* child_token(antlr4::ParserRuleContext* ctx, size_t type) {
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal != nullptr && terminal->getSymbol()->getType() == type) return terminal->getSymbol();
  }
  return nullptr;
}

void mark(std::vector<uint8_t>& roles, antlr4::Token* token, TokenRole role) {
  if (token != nullptr && token->getTokenIndex() < roles.size()) roles[token->getTokenIndex()] |= role;
}

void mark_context(antlr4::ParserRuleContext* ctx, std::vector<uint8_t>& roles) {
  if (is_statement_rule(ctx->getRuleIndex())) mark(roles, ctx->getStart(), kStatementStart);

  if (dynamic_cast<LoomParser::AssignStmtContext*>(ctx) != nullptr ||
      dynamic_cast<LoomParser::LetStmtContext*>(ctx) != nullptr) {
    mark(roles, ctx->getStart(), kAlignableStart);
    mark(roles, child_token(ctx, LoomParser::ASSIGN), kAlignOperator);
  } else if (dynamic_cast<LoomParser::MetaAssignStmtContext*>(ctx) != nullptr) {
    mark(roles, ctx->getStart(), kAlignableStart);
    mark(roles, child_token(ctx, LoomParser::ASSIGN), kAlignOperator);
    mark(roles, child_token(ctx, LoomParser::LBRACK), kTightOpen);
  } else if (dynamic_cast<LoomParser::TableRowContext*>(ctx) != nullptr ||
             dynamic_cast<LoomParser::TableDefaultContext*>(ctx) != nullptr) {
    mark(roles, ctx->getStart(), kAlignableStart);
    mark(roles, child_token(ctx, LoomParser::FAT_ARROW), kAlignOperator);
  } else if (dynamic_cast<LoomParser::NegExprContext*>(ctx) != nullptr) {
    mark(roles, child_token(ctx, LoomParser::MINUS), kUnaryMinus);
  } else if (dynamic_cast<LoomParser::IndexExprContext*>(ctx) != nullptr) {
    mark(roles, child_token(ctx, LoomParser::LBRACK), kTightOpen);
  } else if (dynamic_cast<LoomParser::CallPrimaryContext*>(ctx) != nullptr ||
             dynamic_cast<LoomParser::FunctionDeclContext*>(ctx) != nullptr) {
    mark(roles, child_token(ctx, LoomParser::LPAREN), kTightOpen);
  } else if (dynamic_cast<LoomParser::EnumTypeContext*>(ctx) != nullptr) {
    mark(roles, child_token(ctx, LoomParser::LPAREN), kTightOpen);
    mark(roles, child_token(ctx, LoomParser::PLUS), kEnumPlus);
  }
}

}  // namespace

std::vector<uint8_t> token_roles(antlr4::CommonTokenStream& tokens) {
  std::vector<uint8_t> roles(tokens.getTokens().size(), 0);
  LoomParser parser(&tokens);
  parser.removeErrorListeners();
  antlr4::ParserRuleContext* root = parser.file();

  // An explicit stack: a long `a + b + c ...` chain nests as deep as it is long.
  std::vector<antlr4::ParserRuleContext*> pending{root};
  while (!pending.empty()) {
    antlr4::ParserRuleContext* ctx = pending.back();
    pending.pop_back();
    mark_context(ctx, roles);
    for (antlr4::tree::ParseTree* child : ctx->children) {
      if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(child)) pending.push_back(rule);
    }
  }
  return roles;
}

}  // namespace syncloom::frontend::detail
