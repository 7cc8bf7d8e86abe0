#include "fdl/run/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace fdl::run {
namespace {

std::vector<Experiment>& registry() {
  static std::vector<Experiment> all;
  return all;
}

template <class T>
T parse(const std::string& key, const std::string& text, const char* what) {
  std::istringstream in(text);
  T value;
  if (!(in >> value) || !in.eof())
    throw InputError("config key '" + key + "': expected " + what + ", got '" + text + "'");
  return value;
}

template <class T>
T ranged(const std::string& key, T value, T lo, T hi) {
  if (!(value >= lo && value <= hi)) {
    std::ostringstream msg;
    msg << "config key '" << key << "': " << value << " is outside [" << lo << ", " << hi << "]";
    throw InputError(msg.str());
  }
  return value;
}

}  // namespace

Config::Config(std::map<std::string, std::string> values, std::uint64_t seed) : given_(std::move(values)), seed_(seed) {
  resolved_["seed"] = std::to_string(seed);
}

double Config::number(const std::string& key, double fallback, double lo, double hi) {
  auto it = given_.find(key);
  double v = it == given_.end() ? fallback : ranged(key, parse<double>(key, it->second, "a number"), lo, hi);
  std::ostringstream s;
  s << v;
  resolved_[key] = s.str();
  return v;
}

int Config::integer(const std::string& key, int fallback, int lo, int hi) {
  auto it = given_.find(key);
  int v = it == given_.end() ? fallback : ranged(key, parse<int>(key, it->second, "an integer"), lo, hi);
  resolved_[key] = std::to_string(v);
  return v;
}

void Config::finish() const {
  for (const auto& [key, value] : given_)
    if (!resolved_.count(key)) throw InputError("unknown config key '" + key + "'");
}

bool Result::passed() const {
  return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed(); });
}

const std::vector<Experiment>& experiments() { return registry(); }

const Experiment* find_experiment(const std::string& name) {
  for (const Experiment& e : registry())
    if (e.name == name) return &e;
  return nullptr;
}

Registration::Registration(Experiment e) {
  registry().push_back(std::move(e));
  std::sort(registry().begin(), registry().end(), [](const Experiment& a, const Experiment& b) { return a.name < b.name; });
}

}  // namespace fdl::run
