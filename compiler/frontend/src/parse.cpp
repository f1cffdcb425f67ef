// Parser driver: ANTLR with its recovering error strategy, errors turned into P0xxx diagnostics.
#include "syncloom/frontend/parse.hpp"

#include <algorithm>

#include "LoomParser.h"
#include "ast_builder.hpp"
#include "token_source.hpp"

namespace syncloom::frontend {
namespace {

/// ANTLR quotes tokens as 'x'; diagnostics quote code as `x`.
std::string backticks(std::string s) {
  std::string out;
  bool open = true;
  for (char c : s) {
    if (c == '\'') {
      out += '`';
      open = !open;
    } else {
      out += c;
    }
  }
  return out;
}

/// ANTLR names tokens by grammar symbol; people want words. Soft keywords are folded into "a name".
std::string friendly_expected(std::string set) {
  if (!set.empty() && set.front() == '{' && set.back() == '}') set = set.substr(1, set.size() - 2);
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= set.size()) {
    size_t comma = set.find(", ", start);
    items.push_back(set.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  bool names = false;
  for (auto& i : items) names = names || i == "IDENT";
  static const char* kSoft[] = {"mapping", "version", "module", "import", "from", "system", "schema", "extend", "field", "meta",
                                "required", "read_only", "enum", "table", "default", "fn", "domain", "owner", "owned_by", "key",
                                "sync", "realtime", "event", "batch", "every", "cron", "on", "idempotency", "retry", "backoff",
                                "conflict", "by", "reconcile", "check", "flow", "let", "workflow", "start", "step", "await",
                                "timeout", "update", "create"};
  std::string out;
  for (auto& i : items) {
    std::string word = i;
    if (names && word.size() > 2 && word.front() == '\'' && word.back() == '\'') {
      std::string inner = word.substr(1, word.size() - 2);
      if (std::find(std::begin(kSoft), std::end(kSoft), inner) != std::end(kSoft)) continue;
    }
    if (word == "IDENT") word = "a name";
    else if (word == "QUOTED_IDENT") continue;
    else if (word == "INT") word = "a number";
    else if (word == "DECIMAL") word = "a decimal";
    else if (word == "STRING") word = "a string";
    else if (word == "DURATION") word = "a duration such as `15m`";
    else if (word == "<EOF>") word = "end of file";
    else word = backticks(word);
    out += (out.empty() ? "" : ", ") + word;
  }
  return out;
}

std::string describe(antlr4::Token* token) {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return "`" + text + "`";
}

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorListener(detail::TokenSource& tokens, diag::DiagnosticBag& diags) : tokens_(tokens), diags_(diags) {}

  void syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t, size_t, const std::string& msg,
                   std::exception_ptr) override {
    // One error per offending token is plenty: recovery may report the same spot twice.
    // One error per offending token, and per line: recovery often trips over every token of one
    // mistake (a merge-conflict marker is seven of them), and the first error is the useful one.
    if (offending && offending->getTokenIndex() == last_index_ && count_ > 0) return;
    // A repaired token (`&&` read as `and`) was reported with its fix; the parser would only echo it.
    if (offending && tokens_.repaired(offending->getTokenIndex())) return;
    size_t line = offending ? offending->getLine() : 0;
    if (count_ > 0 && line != 0 && line == last_line_) return;
    last_index_ = offending ? offending->getTokenIndex() : SIZE_MAX;
    last_line_ = line;
    if (++count_ > kMaxErrors) return;
    std::string message = "unexpected " + describe(offending);
    std::string label;
    if (auto at = msg.find("expecting "); at != std::string::npos) {
      label = "expected " + friendly_expected(msg.substr(at + 10));
    } else if (msg.rfind("missing ", 0) == 0) {
      auto at_pos = msg.rfind(" at ");
      message = "missing " + friendly_expected(msg.substr(8, at_pos == std::string::npos ? std::string::npos : at_pos - 8)) +
                " before " + describe(offending);
      label = "expected here";
    } else {
      label = "not valid here";
    }
    if (label.size() > 200) label = label.substr(0, 197) + "...";
    auto d = diag::Diagnostic::error("P0001", message).at(tokens_.span(offending), label);
    // The first error of a file with an unclosed `{` is usually where it shows: say where it opened.
    if (count_ == 1 && tokens_.unclosed_hint() && tokens_.unclosed_hint()->begin != tokens_.span(offending).begin) {
      d.also(*tokens_.unclosed_hint(), "this `{` is never closed");
      d.with_help("add the missing `}`");
    }
    if (count_ == kMaxErrors) d.note("further syntax errors in this file are not shown");
    diags_.report(std::move(d));
  }

 private:
  static constexpr int kMaxErrors = 50;
  detail::TokenSource& tokens_;
  diag::DiagnosticBag& diags_;
  size_t last_index_ = SIZE_MAX;
  size_t last_line_ = 0;
  int count_ = 0;
};

}  // namespace

std::unique_ptr<Module> parse_module(const diag::SourceManager& sm, uint32_t file, diag::DiagnosticBag& diags) {
  detail::TokenSource tokens(sm, file, diags);
  if (tokens.too_deep()) {
    auto m = std::make_unique<Module>();
    m->file = file;
    return m;
  }
  grammar::LoomParser parser(&tokens.tokens());
  parser.removeErrorListeners();
  SyntaxErrorListener listener(tokens, diags);
  parser.addErrorListener(&listener);
  // SLL is enough for this grammar and much faster; fall back to full LL only when SLL fails.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  grammar::LoomParser::FileContext* tree = nullptr;
  {
    diag::DiagnosticBag sll_diags;
    SyntaxErrorListener sll_listener(tokens, sll_diags);
    parser.removeErrorListeners();
    parser.addErrorListener(&sll_listener);
    tree = parser.file();
    if (sll_diags.has_errors()) {
      tokens.tokens().seek(0);
      parser.reset();
      parser.removeErrorListeners();
      parser.addErrorListener(&listener);
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
      tree = parser.file();
    }
  }
  detail::AstBuilder builder(tokens, diags);
  auto module = builder.build(tree);
  if (!module->has_header) {
    diag::Span at{file, 0, 0};
    auto all = tokens.tokens().getTokens();
    for (auto* t : all) {
      if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL && t->getType() != antlr4::Token::EOF) {
        at = tokens.span(t);
        break;
      }
    }
    diags.report(diag::Diagnostic::error("P0005", "missing file header")
                     .at(at, "expected `mapping NAME version N` or `module NAME` first")
                     .with_help("start the file with e.g. `mapping woocommerce_tryton version 1`"));
  }
  return module;
}

}  // namespace syncloom::frontend
