// Settings of config keys from the command line (`--set key=value`) and from TOML files
// (`--config FILE.toml`): tables become dotted keys, so `[cost]\nn = 50` sets `cost.n`.
#pragma once

#include "fdl/run/experiment.hpp"

#include <string>
#include <vector>

namespace fdl::run {

// "key=value" → Setting{key, value, "--set"}; InputError when there is no '=' or no key.
Setting parse_assignment(const std::string& assignment);

// Every value of a TOML file, in file order, as settings with origin = the path. InputError
// naming the file when it cannot be read or parsed, and naming the key when a value is not a
// single number, integer, boolean or string.
std::vector<Setting> read_settings(const std::string& toml_path);

// A sweep file: one experiment, the cartesian product of the [grid] lists × the seeds, and
// fixed overrides in [set]:
//
//   experiment = "gd-least-squares"
//   seeds = [1, 2, 3]            # default [0]
//   [grid]
//   init = ["zero", "gaussian"]
//   [set]
//   iterations = 2000
struct SweepFile {
  std::string experiment;
  std::vector<std::uint64_t> seeds;
  std::vector<std::pair<std::string, std::vector<std::string>>> grid;  // key → values as text
  std::vector<Setting> fixed;
  // The settings of every point: grid keys vary slowest in file order, seeds fastest.
  std::vector<std::vector<Setting>> points() const;
};
SweepFile read_sweep_file(const std::string& path);

}  // namespace fdl::run
