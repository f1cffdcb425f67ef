// "Did you mean": the candidate with the smallest Damerau-Levenshtein distance, if it is close enough.
#include <algorithm>

#include "sema.hpp"

namespace syncloom::frontend::detail {
namespace {

size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string suggest(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.size() > 64) return {};
  std::string best;
  size_t best_distance = SIZE_MAX;
  // Allow about one edit per three characters, at least one.
  size_t limit = std::max<size_t>(1, name.size() / 3);
  for (const auto& c : candidates) {
    if (c.size() > 64) continue;
    size_t dist = distance(name, c);
    if (dist <= limit && (dist < best_distance || (dist == best_distance && c < best))) {
      best = c;
      best_distance = dist;
    }
  }
  return best;
}

std::string suggest_topic(std::string_view topic, const std::vector<std::string>& known) {
  // RECORD.EVENT: each part must be a near miss on its own, so `order.refunded` does not become
  // `order.restored` (the whole strings are only four edits apart).
  auto split = [](std::string_view t) {
    size_t dot = t.find('.');
    return std::pair{t.substr(0, dot), dot == std::string_view::npos ? std::string_view{} : t.substr(dot + 1)};
  };
  auto close = [](std::string_view a, std::string_view b) { return distance(a, b) <= std::max<size_t>(1, a.size() / 4); };
  auto [record, event] = split(topic);
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const auto& k : known) {
    auto [r, e] = split(k);
    if (!close(record, r) || !close(event, e)) continue;
    size_t dist = distance(topic, k);
    if (dist < best_distance) best = k, best_distance = dist;
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string s = suggest(name, candidates);
  return s.empty() ? std::string() : "did you mean `" + s + "`?";
}

const Local* Env::find_local(std::string_view name) const {
  for (auto it = locals.rbegin(); it != locals.rend(); ++it)
    if (it->name == name) return &*it;
  return nullptr;
}

}  // namespace syncloom::frontend::detail
