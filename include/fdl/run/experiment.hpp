// The experiment registry. An experiment states one claim of the talk, runs, measures, and
// returns a verdict computed from measured numbers against stated thresholds.
//
// Each experiment file registers itself with a static `Registration`. The experiments are
// compiled into an object library so that their registrations are always linked.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fdl::run {

// Bad input from the user (unknown key, wrong type, out of range): exit code 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Configuration values given as `--set key=value`, read with typed defaults. Every given key
// must be read by the experiment, else `finish()` reports it as unknown.
class Config {
 public:
  explicit Config(std::map<std::string, std::string> values = {}, std::uint64_t seed = 0);
  double number(const std::string& key, double fallback, double lo, double hi);
  int integer(const std::string& key, int fallback, int lo, int hi);
  std::uint64_t seed() const { return seed_; }
  const std::map<std::string, std::string>& resolved() const { return resolved_; }
  void finish() const;  // throws InputError naming unread keys

 private:
  std::map<std::string, std::string> given_, resolved_;
  std::uint64_t seed_;
};

struct Check {
  std::string name;
  double value;
  std::string relation;  // "<=" or ">=" (value relation threshold)
  double threshold;
  bool passed() const { return relation == "<=" ? value <= threshold : value >= threshold; }
};

struct Result {
  std::string report;                      // human-readable tables
  std::map<std::string, double> metrics;  // named numbers
  std::vector<Check> checks;
  bool passed() const;
};

struct Experiment {
  std::string name;     // stable, as in DESIGN.md
  std::string claim;    // the seed's claim id, e.g. "a1"
  std::string summary;  // one line
  std::function<Result(Config&)> run;
};

const std::vector<Experiment>& experiments();
const Experiment* find_experiment(const std::string& name);

struct Registration {
  explicit Registration(Experiment e);
};

}  // namespace fdl::run
