#include "fdl/optim/coordinate_descent.hpp"

#include <algorithm>

namespace fdl::optim {

CoordinateRule coordinate_rule(const std::string& name) {
  if (name == "cyclic") return CoordinateRule::cyclic;
  if (name == "randomized") return CoordinateRule::randomized;
  if (name == "gauss_southwell") return CoordinateRule::gauss_southwell;
  if (name == "block_cyclic") return CoordinateRule::block_cyclic;
  if (name == "block_randomized") return CoordinateRule::block_randomized;
  throw std::invalid_argument("coordinate descent: unknown rule '" + name +
                              "', expected cyclic, randomized, gauss_southwell, block_cyclic or block_randomized");
}

CoordinateDescent::CoordinateDescent(Schedule eta, CoordinateRule rule, Index block_size, std::uint64_t seed)
    : eta_(eta), rule_(rule), block_size_(block_size), seed_(seed), rng_(seed) {
  require(block_size >= 1, "CoordinateDescent", "a block size ≥ 1");
}

void CoordinateDescent::init(const Vector& w) {
  rng_.seed(seed_);
  touched_.assign(std::max<Index>(block_size_, 1), 0);
  touched_count_ = 0;
  (void)w;
}

void CoordinateDescent::update(const Vector& g, double value, Vector& w, Index t) {
  check_dimension("CoordinateDescent", "gradient", g, w.size());
  const Index d = w.size();
  if (d == 0) return;
  if (static_cast<Index>(touched_.size()) < block_size_) touched_.assign(block_size_, 0);
  auto set_block = [&](Index block) {
    const Index first = block * block_size_;
    touched_count_ = std::min(block_size_, d - first);
    for (Index k = 0; k < touched_count_; ++k) touched_[k] = first + k;
  };
  const Index blocks = (d + block_size_ - 1) / block_size_;
  switch (rule_) {
    case CoordinateRule::cyclic: touched_[0] = t % d, touched_count_ = 1; break;
    case CoordinateRule::randomized:
      touched_[0] = std::uniform_int_distribution<Index>(0, d - 1)(rng_), touched_count_ = 1;
      break;
    case CoordinateRule::gauss_southwell: g.cwiseAbs().maxCoeff(&touched_[0]), touched_count_ = 1; break;
    case CoordinateRule::block_cyclic: set_block(t % blocks); break;
    case CoordinateRule::block_randomized: set_block(std::uniform_int_distribution<Index>(0, blocks - 1)(rng_)); break;
  }
  const double eta = eta_.at(t, value);
  for (Index k = 0; k < touched_count_; ++k) w(touched_[k]) -= eta * g(touched_[k]);
}

}  // namespace fdl::optim
