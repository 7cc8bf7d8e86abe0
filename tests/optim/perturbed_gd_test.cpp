#include "fdl/optim/perturbed_gd.hpp"

#include "fdl/optim/minimize.hpp"
#include "objectives.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fdl::optim {
namespace {

// f(x, y) = ½x² − ½y² + ¼y⁴: a strict saddle at 0 (Hessian eigenvalues 1, −1), minima at (0, ±1).
class Saddle : public Objective {
 public:
  Index dimension() const override { return 2; }
  double value(const Vector& w) override { return 0.5 * w(0) * w(0) - 0.5 * w(1) * w(1) + 0.25 * std::pow(w(1), 4); }
  double value_and_grad(const Vector& w, Vector& g) override {
    g.resize(2);
    g << w(0), -w(1) + std::pow(w(1), 3);
    return value(w);
  }
};

PerturbedGDParameters parameters(std::uint64_t seed) {
  return {.eta = 0.1, .radius = 1e-3, .g_thres = 1e-6, .t_thres = 200, .f_thres = 1e-4, .seed = seed};
}

TEST(PerturbedGradientDescent, GDStallsAtTheSaddleWhilePerturbedGDEscapesToAMinimum) {
  Saddle f;
  for (std::uint64_t seed : {1, 2, 3}) {
    PerturbedGradientDescent pgd(parameters(seed));
    Vector w = Vector::Zero(2);  // exactly at the saddle: plain GD never moves
    const Report r = minimize(f, pgd, w, {.max_iterations = 100000});
    EXPECT_EQ(r.status, Status::finished_by_method) << seed;
    EXPECT_NEAR(std::abs(w(1)), 1.0, 1e-5) << seed;
    EXPECT_NEAR(w(0), 0.0, 1e-5) << seed;
    EXPECT_GE(pgd.perturbations(), 1);
  }
}

TEST(PerturbedGradientDescent, AwayFromSmallGradientsItIsGradientDescent) {
  Saddle f;
  PerturbedGradientDescent pgd(parameters(0));
  Vector w(2), g(2);
  w << 1.0, 0.5;
  pgd.init(w);
  const Vector before = w;
  f.value_and_grad(before, g);
  pgd.step(f, w, 0);
  EXPECT_LT((w - (before - 0.1 * g)).norm(), 1e-16);
  EXPECT_EQ(pgd.perturbations(), 0);
}

TEST(PerturbedGradientDescent, PerturbationIsUniformInTheBall) {
  std::mt19937_64 rng(4);
  Vector xi(3);
  double inner = 0;
  const int n = 20000;
  for (int k = 0; k < n; ++k) {
    uniform_in_ball(rng, 2.0, xi);
    EXPECT_LE(xi.norm(), 2.0);
    inner += xi.norm() <= 1.0;
  }
  EXPECT_NEAR(inner / n, 1.0 / 8, 0.01);  // volume of the half-radius ball in 3D: (1/2)³
}

TEST(PerturbedGradientDescent, PaperParametersFollowTheirFormulas) {
  const auto p = paper_parameters(/*ell=*/2, /*rho=*/1, /*epsilon=*/0.01, /*delta=*/0.1, /*delta_f=*/1, /*d=*/10, /*c=*/1);
  const double chi = 3 * std::max(std::log(10 * 2 * 1 / (1e-4 * 0.1)), 4.0);
  EXPECT_DOUBLE_EQ(p.eta, 0.5);
  EXPECT_DOUBLE_EQ(p.g_thres, 0.01 / (chi * chi));
  EXPECT_DOUBLE_EQ(p.radius, 0.01 / (chi * chi) / 2);
  EXPECT_DOUBLE_EQ(p.f_thres, std::sqrt(1e-6) / (chi * chi * chi));
  EXPECT_EQ(p.t_thres, static_cast<Index>(std::ceil(chi * 2 / std::sqrt(0.01))));
  EXPECT_THROW(paper_parameters(0, 1, 1, 0.1, 1, 1), std::invalid_argument);
}

}  // namespace
}  // namespace fdl::optim
