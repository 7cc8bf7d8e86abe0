#include "fdl/optim/minibatch.hpp"

#include "fdl/optim/optimizer.hpp"

#include <algorithm>
#include <numeric>

namespace fdl::optim {

MinibatchSampler::MinibatchSampler(Minibatch options, Index samples)
    : options_(options), samples_(samples), rng_(options.seed), order_(samples), batch_(options.size) {
  require(samples > 0, "Minibatch", "a finite-sum objective (samples() > 0)");
  require(options.size >= 1 && options.size <= samples, "Minibatch",
          "a batch size in [1, n = " + std::to_string(samples) + "], got " + std::to_string(options.size));
  std::iota(order_.begin(), order_.end(), Index{0});
  position_ = samples;  // the first call starts an epoch
}

std::span<const Index> MinibatchSampler::next() {
  if (options_.replacement) {
    std::uniform_int_distribution<Index> uniform(0, samples_ - 1);
    for (Index& i : batch_) i = uniform(rng_);
    return batch_;
  }
  if (position_ == samples_) {
    std::shuffle(order_.begin(), order_.end(), rng_);
    position_ = 0;
  }
  const Index size = std::min(options_.size, samples_ - position_);
  std::span<const Index> batch(order_.data() + position_, static_cast<std::size_t>(size));
  position_ += size;
  return batch;
}

}  // namespace fdl::optim
