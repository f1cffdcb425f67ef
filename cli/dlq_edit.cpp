// PATH=VALUE edits and the editor round trip for `syncloom dlq edit`.
#include "dlq_edit.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "syncloom/wire/path.hpp"

namespace syncloom::cli {
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A temporary file holding `text`; "" after printing why.
std::string write_temp(const std::string& label, const std::string& text, std::ostream& err) {
  std::error_code ec;
  std::filesystem::path dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : std::filesystem::temp_directory_path(ec).string();
  std::string path = (dir / ("syncloom-" + label + "-XXXXXX.json")).string();
  int fd = ::mkstemps(path.data(), 5);
  if (fd < 0) {
    err << "error: cannot create a temporary file in " << dir.string() << "\n";
    return {};
  }
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    err << "error: " << path << ": cannot write\n";
    std::filesystem::remove(path, ec);
    return {};
  }
  return path;
}

}  // namespace

std::optional<PathEdit> parse_set(const std::string& text, std::string& why) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    why = "`" + text + "`: expected PATH=VALUE, such as billing.email=ann@example.com or line_items[0].sku=\"S-1\"";
    return std::nullopt;
  }
  std::string value = text.substr(eq + 1);
  auto parsed = wire::parse(value);
  return PathEdit{text.substr(0, eq), parsed.value ? std::move(*parsed.value) : wire::Value::string(value)};
}

std::optional<std::string> apply_edits(const std::string& payload, const std::vector<PathEdit>& edits,
                                       const std::string& prefix, bool& changed, std::ostream& out, std::ostream& err) {
  auto parsed = wire::parse(payload);
  if (!parsed.value) {
    err << "error: " << prefix << "the payload is not JSON (" << line_column(payload, parsed.offset) << ": " << parsed.error
        << "): edit it whole with --editor\n";
    return std::nullopt;
  }
  wire::Value doc = std::move(*parsed.value);
  changed = false;
  for (const auto& edit : edits) {
    if (!edit.value) {
      const wire::Value* old = wire::find_path(doc, edit.path);
      std::string why = wire::erase_path(doc, edit.path);
      if (!why.empty()) {
        err << "error: " << prefix << "--unset " << why << "\n";
        return std::nullopt;
      }
      out << prefix << edit.path << ": removed\n";
      changed = changed || old;
      continue;
    }
    wire::Value before;
    bool created = false;
    std::string why = wire::set_path(doc, edit.path, *edit.value, &before, &created);
    if (!why.empty()) {
      err << "error: " << prefix << "--set " << why << "\n";
      return std::nullopt;
    }
    out << prefix << edit.path << ": " << (created ? "(new)" : wire::dump(before)) << " -> " << wire::dump(*edit.value) << "\n";
    changed = changed || created || !(before == *edit.value);
  }
  return wire::dump(doc);
}

std::optional<std::string> edit_in_editor(const std::string& payload, const std::string& label, bool& changed,
                                          std::ostream& err) {
  auto original = wire::parse(payload);
  std::string text = original.value ? wire::dump_pretty(*original.value) + "\n" : payload;
  std::string path = write_temp(label, text, err);
  if (path.empty()) return std::nullopt;
  const char* editor = std::getenv("VISUAL");
  if (!editor || !*editor) editor = std::getenv("EDITOR");
  if (!editor || !*editor) editor = "vi";
  // Through the shell: EDITOR may carry arguments ("code --wait").
  int status = std::system((std::string(editor) + " " + shell_quote(path)).c_str());
  std::error_code ec;
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    err << "error: the editor (" << editor << ") failed (status " << (WIFEXITED(status) ? WEXITSTATUS(status) : status)
        << "); nothing saved\n";
    std::filesystem::remove(path, ec);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream saved;
  saved << in.rdbuf();
  std::string edited = saved.str();
  auto parsed = wire::parse(edited);
  if (!parsed.value) {
    err << "error: " << path << ": " << line_column(edited, parsed.offset) << ": not JSON (" << parsed.error
        << "); nothing saved, your edit is kept in that file\n";
    return std::nullopt;
  }
  std::filesystem::remove(path, ec);
  changed = !original.value || !(*original.value == *parsed.value);
  return wire::dump(*parsed.value);
}

std::string line_column(const std::string& text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace syncloom::cli
