// Simulator: the httplib server, request parsing (raw query order, form and JSON bodies, method override),
// HTTPS detection and HTTP-level faults.
#include "sim.hpp"

#include "auth.hpp"
#include "router.hpp"
#include "seed.hpp"

#include <httplib.h>

#include <chrono>
#include <thread>

namespace woosim {
namespace {

// PHP's parse_str for $_GET and $_POST: '+' is a space, then percent-decoding; order kept.
Query parse_query(const std::string& text) {
  Query q;
  size_t start = 0;
  while (start < text.size()) {
    size_t amp = text.find('&', start);
    if (amp == std::string::npos) amp = text.size();
    std::string part = text.substr(start, amp - start);
    start = amp + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string k = part.substr(0, eq), v = eq == std::string::npos ? "" : part.substr(eq + 1);
    for (auto* s : {&k, &v})
      for (auto& c : *s)
        if (c == '+') c = ' ';
    q.emplace_back(raw_url_decode(k), raw_url_decode(v));
  }
  return q;
}

void send(httplib::Response& res, const Reply& r) {
  res.status = r.status;
  for (const auto& [k, v] : r.headers) res.set_header(k, v);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(php_json(r.body), "application/json; charset=UTF-8");
}

const char* kHtmlError =
    "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head><meta charset=\"UTF-8\"><title>WordPress &rsaquo; Error</title></head>\n"
    "<body id=\"error-page\"><div class=\"wp-die-message\"><p>There has been a critical error on this website.</p></div></body>\n</html>\n";

}  // namespace

Simulator::Simulator(Options options) : options_(std::move(options)), faults_(1) {}

Simulator::~Simulator() { stop(); }

bool Simulator::bind(std::string& error) {
  if (!zone_.load(options_.timezone, error)) return false;
  if (options_.tls_cert.empty()) {
    server_ = std::make_unique<httplib::Server>();
  } else {
    auto tls = std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
    if (!tls->is_valid()) {
      error = "cannot use --tls-cert " + options_.tls_cert + " with --tls-key " + options_.tls_key + " (not PEM, or they do not match)";
      return false;
    }
    server_ = std::move(tls);
  }
  int threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server_->set_payload_max_length(static_cast<size_t>(options_.max_body));
  server_->set_read_timeout(30, 0);
  server_->set_write_timeout(30, 0);
  server_->set_keep_alive_max_count(1000);
  // Catch-all handlers (not the pre-routing hook, which runs before httplib has read the body).
  auto all = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  server_->Get(".*", all).Post(".*", all).Put(".*", all).Patch(".*", all).Delete(".*", all).Options(".*", all);
  // A handler that throws (a request shape no check foresaw) answers WordPress's 500 instead of dying;
  // handlers work on drafts, so the store is left as it was.
  server_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send(res, wc_error(500, "internal_server_error", "There has been a critical error on this website."));
  });
  if (options_.port == 0) port_ = server_->bind_to_any_port(options_.host);
  else port_ = server_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  if (port_ <= 0) {
    error = "cannot listen on " + options_.host + ":" + std::to_string(options_.port);
    return false;
  }
  store_.site = options_.site_url.empty() ? std::string(scheme()) + "://" + options_.host + ":" + std::to_string(port_) : options_.site_url;
  store_.zone = &zone_;
  store_.clock = &clock_;
  store_.faults = &faults_;
  store_.default_webhook_secret = options_.webhook_secret;
  store_.keys[options_.key] = ApiKey{options_.secret, options_.scope, {}};
  deliveries_ = std::make_unique<DeliveryQueue>(store_, DeliveryOptions{options_.webhook_timeout_ms, 2000});
  if (options_.seed) {
    std::lock_guard lock(store_.mu);
    seed_store(store_, *options_.seed, SeedCounts{});
  }
  store_.deliveries = deliveries_.get();
  deliveries_->start();
  return true;
}

bool Simulator::serve() { return server_->listen_after_bind(); }

void Simulator::stop() {
  if (server_) server_->stop();
  if (deliveries_) deliveries_->stop();
}

void Simulator::handle(const httplib::Request& req, httplib::Response& res) {
  std::string target = req.target;
  std::string raw_path = target.substr(0, target.find('?'));
  std::string raw_query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
  if (req.path.rfind("/__sim/", 0) == 0 || req.path == "/__sim") {
    if (!options_.control_token.empty() && req.get_header_value("X-Woosim-Token") != options_.control_token) {
      send(res, wc_error(403, "woosim_forbidden", "The control API needs the X-Woosim-Token header."));
      return;
    }
    Json body;
    std::string why;
    if (!req.body.empty() && !parse_json(req.body, body, why)) { send(res, wc_error(400, "woosim_invalid_json", why)); return; }
    send(res, control(req.method, req.path, body, parse_query(raw_query)));
    return;
  }
  Query query = parse_query(raw_query);
  std::string route;
  if (req.path.rfind("/wp-json", 0) == 0 && (req.path.size() == 8 || req.path[8] == '/')) route = req.path.substr(8);
  else if (query_has(query, "rest_route")) route = query_get(query, "rest_route");  // sites without pretty permalinks
  else {
    res.status = 404;
    res.set_content("<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Not Found</h1></body></html>\n", "text/html; charset=UTF-8");
    return;
  }
  handle_api(req, res, route.empty() ? "/" : route);
  stats_.count(req.remote_addr, req.remote_port, res.status);
}

void Simulator::handle_api(const httplib::Request& req, httplib::Response& res, const std::string& route) {
  bool slow = false;
  Faults::Http fault = faults_.draw_http(slow);
  FaultSettings fs = faults_.snapshot();
  if (slow) std::this_thread::sleep_for(std::chrono::milliseconds(fs.slow_ms));
  if (fault == Faults::Http::rate_limit) {
    Reply r = wc_error(429, "woocommerce_rest_too_many_requests", "Too many requests. Please wait and try again.");
    r.headers.emplace_back("Retry-After", std::to_string(fs.retry_after));
    send(res, r);
    return;
  }
  if (fault == Faults::Http::server_error) {
    res.status = fs.server_error_status;
    std::string title = std::to_string(fs.server_error_status) + " Service Unavailable";
    res.set_content("<html><head><title>" + title + "</title></head><body><center><h1>" + title + "</h1></center><hr><center>nginx</center></body></html>\n",
                    "text/html");
    return;
  }
  if (fault == Faults::Http::html) {
    res.status = 200;
    res.set_content(kHtmlError, "text/html; charset=UTF-8");
    return;
  }

  ApiRequest api;
  std::string target = req.target;
  api.auth.method = req.method;
  std::string override_method = req.get_header_value("X-HTTP-Method-Override");
  api.auth.raw_path = target.substr(0, target.find('?'));
  api.auth.query = parse_query(target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1));
  if (override_method.empty()) override_method = query_get(api.auth.query, "_method");
  if (!override_method.empty() && req.method == "POST") api.auth.method = override_method;
  for (auto& c : api.auth.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  api.auth.authorization = req.get_header_value("Authorization");
  api.auth.https = options_.assume_https || !options_.tls_cert.empty() || req.get_header_value("X-Forwarded-Proto") == "https";
  api.route = route;
  std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    api.auth.form = parse_query(req.body);
    api.body = Json::object();
    for (const auto& [k, v] : api.auth.form) api.body[k] = v;
  } else if (!req.body.empty()) {
    std::string why;
    api.bad_json = !parse_json(req.body, api.body, why);
  }
  Reply reply;
  {
    std::lock_guard lock(store_.mu);
    reply = route_request(store_, api);
  }
  send(res, reply);
  if (fault == Faults::Http::truncate) res.body = res.body.substr(0, res.body.size() / 2);
}

}  // namespace woosim
