// Running an experiment and keeping what it found: DIR/result.json (the contract of DESIGN.md),
// DIR/metrics.csv (its series) and the headline plots DIR/<plot>.svg and .png (gnuplot).
//
// result.json: {experiment, claim, summary, status ("done" | "diverged"), config (every key,
// resolved, with "seed"), metrics, series ({column: [values]} when small, else "metrics.csv"),
// verdict {passed, checks: [{name, value, relation, threshold, passed}]}, solution, reference
// (nested lists, when at most 10⁴ entries), plots ([names]), provenance {version, commit, date,
// threads, wall_seconds}}.
#pragma once

#include "fdl/run/experiment.hpp"

#include <string>
#include <vector>

namespace fdl::run {

struct Provenance {
  std::string version, commit, date;  // date: UTC, ISO 8601
  int threads = 1;                    // BLAS threads of the large products
  double wall_seconds = 0;
};

struct Outcome {
  const Experiment* experiment;
  Config config;
  Result result;
  Provenance provenance;
  std::string status() const { return result.diverged ? "diverged" : "done"; }
};

// The experiments `fdl verify` runs, in registry order: every one, or with quick = true every one
// that is not long_running.
std::vector<const Experiment*> verified_experiments(bool quick);

// Runs `e` under `config`, timing it and recording provenance.
Outcome execute(const Experiment& e, const Config& config, Progress& progress);

// The resolved config as a JSON object (keys sorted, "seed" included), and result.json's text.
std::string config_json(const Config& config);
std::string result_json(const Outcome& outcome);

// Writes DIR/result.json, DIR/metrics.csv and the plots (creating DIR). Returns the plot files
// written; a missing gnuplot leaves the plots out with a warning on stderr.
std::vector<std::string> write_run(const Outcome& outcome, const std::string& dir);

// Draws `plots` from DIR/metrics.csv with gnuplot; returns the files written. A plot whose x
// column the series lacks is left out (a part of the experiment that was switched off, e.g.
// overparam-deep's deep.run = false); a missing y column is a programming error (logic_error).
std::vector<std::string> draw_plots(const std::vector<Plot>& plots, const Series& series, const std::string& dir);

// The verdict lines "  [PASS] name: value <= threshold".
std::string checks_table(const Result& r);

}  // namespace fdl::run
