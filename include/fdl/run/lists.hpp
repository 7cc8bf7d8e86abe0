// Config keys that hold lists of values (a sweep inside one run: widths, depths, λ's): a text key
// of comma-separated values, "100,400,1600" or "1e-3, 1e-5" (`--set widths=100,400`, in TOML
// `widths = "100,400"`), each checked against a range.
#pragma once

#include "fdl/run/experiment.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace fdl::run {

// InputError naming the key and the expectation for an empty list, a value that is not a number
// (an integer), or one outside [lo, hi].
std::vector<double> number_list(const Config& config, const std::string& key, double lo, double hi);
std::vector<std::int64_t> integer_list(const Config& config, const std::string& key, std::int64_t lo, std::int64_t hi);

}  // namespace fdl::run
