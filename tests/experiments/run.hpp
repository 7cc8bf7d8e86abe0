// What the experiment tests share: running a registered experiment quietly at the given settings,
// and writing user data to a temporary .npy file for it.
#pragma once

#include "fdl/data/npy.hpp"
#include "fdl/run/experiment.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fdl::test {

inline run::Result run_experiment(const std::string& name, std::vector<run::Setting> settings, std::uint64_t seed) {
  const run::Experiment& e = run::experiment(name);
  run::Progress quiet;
  return e.run(run::Config(e.schema, settings, seed), quiet);
}

// values (a matrix or vector) as <tmp>/fdl_<name>.npy; returns the path. Names are unique per test
// file, since ctest runs test cases in parallel processes.
template <class M>
std::string write_temp_npy(const std::string& name, const M& values) {
  const auto path = std::filesystem::temp_directory_path() / ("fdl_" + name + ".npy");
  data::write_npy(path, data::Array::from(values));
  return path.string();
}

}  // namespace fdl::test
