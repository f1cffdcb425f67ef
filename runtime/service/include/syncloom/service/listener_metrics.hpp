// The listener's counters in the Prometheus text format, for the service's /metrics.
#pragma once

#include <string>

#include "syncloom/service/http_types.hpp"

namespace syncloom::service {

/// Appends `stats` as Prometheus text (HELP, TYPE, samples), names prefixed `syncloom_http_`:
///
///   # HELP syncloom_http_requests_total Complete requests received.
///   # TYPE syncloom_http_requests_total counter
///   syncloom_http_requests_total 1234
///   syncloom_http_rejected_requests_total{reason="body_too_large"} 2
void append_prometheus(const ListenerStats& stats, std::string& out);

}  // namespace syncloom::service
