// Minibatches of a finite sum f = (1/n) Σ_i f_i, seeded (std::mt19937_64):
//
//   with replacement      B_t = b indices drawn i.i.d. uniform from {0, …, n−1}
//   without replacement   epochs: a fresh uniform permutation each epoch, cut into consecutive
//                         batches of b (the last one of an epoch smaller when b ∤ n), so every
//                         index appears exactly once per epoch
#pragma once

#include "fdl/problems/objective.hpp"

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace fdl::optim {

struct Minibatch {
  Index size = 1;
  bool replacement = false;
  std::uint64_t seed = 0;
};

class MinibatchSampler {
 public:
  MinibatchSampler() = default;
  MinibatchSampler(Minibatch options, Index samples);
  std::span<const Index> next();  // valid until the next call

 private:
  Minibatch options_;
  Index samples_ = 0;
  std::mt19937_64 rng_;
  std::vector<Index> order_, batch_;
  Index position_ = 0;
};

}  // namespace fdl::optim
