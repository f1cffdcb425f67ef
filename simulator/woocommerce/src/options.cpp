// parse_options: long options with a value each (`--port 8765` or `--port=8765`), plus flags.
#include "options.hpp"

#include <cstdlib>
#include <string>

namespace woosim {
namespace {

bool to_int(const std::string& s, int64_t lo, int64_t hi, int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  out = std::stoll(s);
  return out >= lo && out <= hi;
}

}  // namespace

const char* usage_text() {
  return "usage: syncloom-woosim --port P [--host 127.0.0.1] [--seed N] [--key K --secret S --webhook-secret W]\n"
         "                       [--scope read|write|read_write] [--timezone UTC] [--site-url URL] [--assume-https]\n"
         "                       [--threads 8] [--max-body BYTES] [--webhook-timeout-ms 60000] [--control-token T]\n"
         "                       [--tls-cert CERT.pem --tls-key KEY.pem]\n"
         "A WooCommerce (wc/v3) store simulator; see docs/woosim.md.\n";
}

bool parse_options(int argc, char** argv, Options& o, std::string& error, bool& help) {
  help = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    if (arg == "--help" || arg == "-h") { help = true; return true; }
    if (arg == "--assume-https") { o.assume_https = true; continue; }
    size_t eq = arg.find('=');
    if (eq != std::string::npos) { value = arg.substr(eq + 1); arg = arg.substr(0, eq); }
    else if (i + 1 < argc) value = argv[++i];
    else { error = arg + " needs a value"; return false; }
    int64_t n = 0;
    if (arg == "--port") { if (!to_int(value, 0, 65535, n)) { error = "--port must be 0..65535"; return false; } o.port = static_cast<int>(n); }
    else if (arg == "--host") o.host = value;
    else if (arg == "--seed") { if (!to_int(value, 0, INT64_MAX, n)) { error = "--seed must be a non-negative integer"; return false; } o.seed = static_cast<uint64_t>(n); }
    else if (arg == "--key") o.key = value;
    else if (arg == "--secret") o.secret = value;
    else if (arg == "--webhook-secret") o.webhook_secret = value;
    else if (arg == "--scope") {
      if (value != "read" && value != "write" && value != "read_write") { error = "--scope must be read, write or read_write"; return false; }
      o.scope = value;
    }
    else if (arg == "--timezone") o.timezone = value;
    else if (arg == "--site-url") { while (!value.empty() && value.back() == '/') value.pop_back(); o.site_url = value; }
    else if (arg == "--threads") { if (!to_int(value, 1, 256, n)) { error = "--threads must be 1..256"; return false; } o.threads = static_cast<int>(n); }
    else if (arg == "--max-body") { if (!to_int(value, 1024, int64_t{1} << 30, n)) { error = "--max-body must be 1024..2^30 bytes"; return false; } o.max_body = n; }
    else if (arg == "--webhook-timeout-ms") { if (!to_int(value, 1, 600000, n)) { error = "--webhook-timeout-ms must be 1..600000"; return false; } o.webhook_timeout_ms = n; }
    else if (arg == "--control-token") o.control_token = value;
    else if (arg == "--tls-cert") o.tls_cert = value;
    else if (arg == "--tls-key") o.tls_key = value;
    else { error = "unknown option " + arg; return false; }
  }
  if (o.port < 0) { error = "--port is required (0 picks a free port)"; return false; }
  if (o.tls_cert.empty() != o.tls_key.empty()) { error = "--tls-cert and --tls-key go together"; return false; }
  if (o.key.empty() || o.secret.empty()) { error = "--key and --secret must not be empty"; return false; }
  return true;
}

}  // namespace woosim
