// Compilation: reads the root file, follows imports (detecting cycles), parses, then runs sema.
#include "syncloom/frontend/frontend.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sema.hpp"
#include "syncloom/frontend/parse.hpp"

namespace syncloom::frontend {
namespace fs = std::filesystem;
namespace {

/// Mapping files are small text files; a bigger one is a mistake (or /dev/zero) and would exhaust memory.
constexpr std::uintmax_t kMaxSourceBytes = 16u << 20;

bool read_file(const std::string& path, std::string& out, std::string& error) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    error = "cannot read '" + path + "': No such file or directory";
    return false;
  }
  if (fs::is_directory(status)) {
    error = "'" + path + "' is a directory";
    return false;
  }
  // Devices, FIFOs and sockets never end (or block): only regular files are sources.
  if (!fs::is_regular_file(status)) {
    error = "'" + path + "' is not a regular file";
    return false;
  }
  if (auto size = fs::file_size(path, ec); !ec && size > kMaxSourceBytes) {
    error = "'" + path + "' is larger than 16 MiB";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

/// Loads imports depth-first; `stack` holds canonical paths of the files being loaded, for E0502.
class ModuleLoader {
 public:
  ModuleLoader(Program& program, diag::SourceManager& sm, diag::DiagnosticBag& diags)
      : program_(program), sm_(sm), diags_(diags) {}

  bool parse_errors = false;

  void add(std::string path, std::string text, const std::string& canonical) {
    uint32_t file = sm_.add(path, std::move(text));
    size_t before = diags_.error_count();
    auto module = parse_module(sm_, file, diags_);
    if (diags_.error_count() > before) parse_errors = true;
    Module* m = module.get();
    size_t index = program_.modules.size();
    program_.modules.push_back(std::move(module));
    program_.scopes.push_back(ModuleScope{});
    program_.scopes[index].module = m;
    program_.scopes[index].path = path;
    loaded_[canonical] = index;
    stack_.push_back(canonical);
    for (auto& imp : m->imports) follow(path, imp);
    stack_.pop_back();
  }

 private:
  void follow(const std::string& from, const ImportDecl& imp) {
    fs::path target = fs::path(from).parent_path() / imp.path.text;
    std::error_code ec;
    std::string canonical = fs::weakly_canonical(target, ec).string();
    if (ec) canonical = target.lexically_normal().string();
    for (size_t i = 0; i < stack_.size(); ++i) {
      if (stack_[i] == canonical) {
        std::string chain;
        for (size_t k = i; k < stack_.size(); ++k) chain += fs::path(stack_[k]).filename().string() + " -> ";
        chain += fs::path(canonical).filename().string();
        diags_.report(diag::Diagnostic::error("E0502", "import cycle: " + chain)
                          .at(imp.path.span, "this import closes the cycle")
                          .with_help("move the shared tables and functions into a module both can import"));
        return;
      }
    }
    if (auto it = loaded_.find(canonical); it != loaded_.end()) {
      program_.import_targets[&imp] = it->second;
      return;
    }
    std::string text, error;
    if (!read_file(target.string(), text, error)) {
      diags_.report(diag::Diagnostic::error("E0501", "cannot import `" + imp.path.text + "`")
                        .at(imp.path.span, error)
                        .note("import paths are relative to the importing file"));
      return;
    }
    program_.import_targets[&imp] = program_.modules.size();
    add(target.lexically_normal().string(), std::move(text), canonical);
  }

  Program& program_;
  diag::SourceManager& sm_;
  diag::DiagnosticBag& diags_;
  std::map<std::string, size_t> loaded_;
  std::vector<std::string> stack_;
};

}  // namespace

Compilation::Compilation(FrontendOptions options) : options_(std::move(options)) {
  if (options_.schema_dir.empty()) options_.schema_dir = schema::default_schema_dir();
}

Compilation::~Compilation() = default;

bool Compilation::check_file(const std::string& path) {
  std::string text;
  if (!read_file(path, text, io_error_)) return false;
  check_source(path, std::move(text));
  return true;
}

void Compilation::check_source(std::string path, std::string text) {
  program_ = std::make_unique<Program>();
  ModuleLoader loader(*program_, sources_, diags_);
  std::error_code ec;
  std::string canonical = fs::weakly_canonical(path, ec).string();
  loader.add(std::move(path), std::move(text), ec ? std::string() : canonical);
  // Sema on a tree with syntax errors would mostly report echoes of them.
  if (!loader.parse_errors) {
    // Loaded once per compilation unless the caller shares a registry (check_file may run many times).
    if (!options_.schemas) options_.schemas = std::make_shared<schema::SchemaRegistry>(options_.schema_dir);
    detail::Sema sema(*program_, diags_, *options_.schemas);
    sema.run(options_.lint);
  }
  diags_.sort();
}

}  // namespace syncloom::frontend
