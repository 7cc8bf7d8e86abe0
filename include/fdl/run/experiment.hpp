// The experiment registry. An experiment states one claim of the talk: it declares its config
// schema (keys, types, defaults, ranges, one-line docs), runs, measures named metrics and curves,
// and returns a verdict computed from measured numbers against stated thresholds.
//
//   const run::Registration registration{{
//       "gd-least-squares", "demo", "GD from w0 on least squares reaches the interpolant nearest w0",
//       run::Schema()
//           .integer("n", 20, 1, 100000, "examples (rows of A)")
//           .number("eta", 1.0, 0, 4, "step size times L = ‖A‖²/n")
//           .text("init", "zero", {"zero", "gaussian"}, "initial point"),
//       run_gd_least_squares,                                       // Result(const Config&, Progress&)
//       {{"loss", "Training loss", "iteration", {"loss"}, "iteration t", "L(w_t)", false, true}}}};
//
// Each experiment file registers itself with a static `Registration`. The experiments are
// compiled into an object library so that their registrations are always linked.
#pragma once

#include <Eigen/Core>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace fdl::run {

// Bad input from the user (unknown key, wrong type, out of range, unreadable file): exit code 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A config value: a number, an integer, a flag or a text.
using Value = std::variant<double, std::int64_t, bool, std::string>;
enum class Type { number, integer, flag, text };
const char* type_name(Type t);  // "number", "integer", "flag", "text"

// One declared key. Numbers and integers lie in [lo, hi]; a text with choices is one of them.
struct Key {
  std::string name;
  Type type;
  Value fallback;
  double lo = 0, hi = 0;
  std::vector<std::string> choices;
  std::string doc;

  std::string expected() const;              // "an integer in [1, 100000]", "one of zero, gaussian", …
  // Throws InputError naming the key, the origin of the text and what was expected.
  Value parse(const std::string& text, const std::string& origin = "") const;
};

std::string format(const Value& v);  // numbers round-trip ("0.1", "1e-12"), flags "true"/"false"

class Schema {
 public:
  Schema& number(std::string name, double fallback, double lo, double hi, std::string doc);
  Schema& integer(std::string name, std::int64_t fallback, std::int64_t lo, std::int64_t hi, std::string doc);
  Schema& flag(std::string name, bool fallback, std::string doc);
  // A text key; with choices, the value must be one of them.
  Schema& text(std::string name, std::string fallback, std::vector<std::string> choices, std::string doc);

  const std::vector<Key>& keys() const { return keys_; }
  const Key* find(const std::string& name) const;

 private:
  Schema& add(Key key);
  std::vector<Key> keys_;
};

// A user's setting of one key as text, and where it came from ("--set", "sweep.toml", …) for
// messages. The key "seed" sets the seed.
struct Setting {
  std::string key, text, origin;
};

// Every key of a schema resolved: its default unless a setting gives it (later settings win).
class Config {
 public:
  // Throws InputError for a key the schema does not declare, a text that is not of the key's
  // type, or a value outside its range or choices; the message names key, origin and expectation.
  Config(const Schema& schema, const std::vector<Setting>& settings, std::uint64_t seed = 0);

  // Typed reads of declared keys; reading an undeclared key or with the wrong type is a
  // programming error (std::logic_error).
  double number(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  bool flag(const std::string& key) const;
  const std::string& text(const std::string& key) const;
  std::uint64_t seed() const { return seed_; }

  // The resolved values by key (without the seed).
  const std::map<std::string, Value>& values() const { return values_; }

 private:
  const Value& at(const std::string& key, Type type) const;
  std::map<std::string, Value> values_;
  std::map<std::string, Type> types_;
  std::uint64_t seed_;
};

// A check of the verdict: `value relation threshold`.
struct Check {
  std::string name;
  double value;
  std::string relation;  // "<=" or ">="
  double threshold;
  bool passed() const { return relation == "<=" ? value <= threshold : value >= threshold; }
};

// Curves: named columns over rows (usually one row per recorded iteration); `metrics.csv`.
struct Series {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;

  void add(std::vector<double> row);  // std::logic_error unless it has one entry per column
  std::vector<double> column(const std::string& name) const;
  bool empty() const { return rows.empty(); }
  // Columns of unequal lengths side by side (curves over different axes: iterations, widths, …);
  // the shorter ones are padded with NaN, which plots skip.
  static Series padded(const std::vector<std::pair<std::string, std::vector<double>>>& columns);
};

struct Result {
  std::string report;                     // human-readable tables
  std::map<std::string, double> metrics;  // named numbers
  Series series;
  std::vector<Check> checks;
  Eigen::MatrixXd solution, reference;  // what the method found and what theory predicts (may be empty)
  bool diverged = false;                // a NaN/Inf ended the run
  bool passed() const;                  // not diverged, at least one check, and all pass
};

// A headline plot: columns `y` of the series against column `x`, one line each; written as
// DIR/<name>.svg and DIR/<name>.png. A `y` entry ending in '*' stands for every column that starts
// with the text before it, in series order (one line per width of a sweep, say).
struct Plot {
  std::string name, title, x;
  std::vector<std::string> y;
  std::string xlabel, ylabel;
  bool logx = false, logy = false;
};

// Live progress of a long run. An experiment calls progress(t, total, loss) as often as it likes;
// the sink (the CLI's terminal line) is called at most every `interval` and at the last iteration.
class Progress {
 public:
  using Sink = std::function<void(std::int64_t iteration, std::int64_t total, double loss)>;
  Progress() = default;
  explicit Progress(Sink sink, double interval_seconds = 0.1);
  void operator()(std::int64_t iteration, std::int64_t total, double loss) {
    if (sink_) tick(iteration, total, loss);
  }

 private:
  void tick(std::int64_t iteration, std::int64_t total, double loss);
  Sink sink_;
  std::chrono::steady_clock::duration interval_{};
  std::chrono::steady_clock::time_point last_{};
};

struct Experiment {
  std::string name;     // stable, as in DESIGN.md
  std::string claim;    // the seed's claim id, e.g. "a1"
  std::string summary;  // one line
  Schema schema;
  std::function<Result(const Config&, Progress&)> run;
  std::vector<Plot> plots;
  bool long_running = false;  // minutes at its default size: `fdl verify --quick` skips it
};

const std::vector<Experiment>& experiments();
const Experiment* find_experiment(const std::string& name);
const Experiment& experiment(const std::string& name);  // InputError naming the known ones

struct Registration {
  explicit Registration(Experiment e);
};

}  // namespace fdl::run
