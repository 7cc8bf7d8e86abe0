// Coordinate (gradient) descent (Nesterov 2012; Wright 2015, "Coordinate descent algorithms";
// saddle avoidance: Lee, Panageas, Piliouras, Simchowitz, Jordan, Recht 2019):
//
//   w_{t+1} = w_t − η_t Σ_{i ∈ S_t} ∇_i f(w_t) e_i
//
// with the coordinates S_t chosen by the rule:
//
//   cyclic           S_t = {t mod d}
//   randomized       S_t = {i},  i uniform on {0, …, d−1}, seeded
//   gauss_southwell  S_t = {argmax_i |∇_i f(w_t)|}   (greedy; first index on ties)
//   block_cyclic     S_t = the (t mod ⌈d/b⌉)-th block of b consecutive coordinates
//   block_randomized S_t = a uniformly random block of b consecutive coordinates
//
// touched() returns S_t of the last step. The full gradient is evaluated (Objective gives no
// partial derivatives); the rule decides which of its coordinates move.
#pragma once

#include "fdl/optim/optimizer.hpp"
#include "fdl/optim/schedule.hpp"

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace fdl::optim {

enum class CoordinateRule { cyclic, randomized, gauss_southwell, block_cyclic, block_randomized };
CoordinateRule coordinate_rule(const std::string& name);  // "cyclic", "randomized", …

class CoordinateDescent : public GradientOptimizer {
 public:
  CoordinateDescent(Schedule eta, CoordinateRule rule, Index block_size = 1, std::uint64_t seed = 0);
  std::string name() const override { return "coordinate_descent"; }
  void init(const Vector& w) override;
  void update(const Vector& g, double value, Vector& w, Index t) override;
  std::span<const Index> touched() const { return {touched_.data(), static_cast<std::size_t>(touched_count_)}; }

 private:
  Schedule eta_;
  CoordinateRule rule_;
  Index block_size_;
  std::uint64_t seed_;
  std::mt19937_64 rng_;
  std::vector<Index> touched_;
  Index touched_count_ = 0;
};

}  // namespace fdl::optim
