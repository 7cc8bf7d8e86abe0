#include "fdl/problems/networks.hpp"
#include "fdl/problems/shallow_relu.hpp"

#include "check.hpp"

#include <cmath>

namespace fdl::problems {
namespace {

using testing::random_point;

double sigma(double z, Activation a) { return a == Activation::relu ? std::max(z, 0.0) : std::log1p(std::exp(z)); }

// The deep net's outputs written out with Eigen, layer by layer (Du, Lee, Li, Wang, Zhai 2019).
Vector direct_outputs(const DeepNetwork& f, const Vector& w, const Vector& a) {
  const NetworkShape& s = f.shape();
  const double m = static_cast<double>(s.width), c = activation_normalizer(s.activation);
  std::vector<Matrix> W = f.unflatten(w);
  auto act = [&](const Matrix& z) { return z.unaryExpr([&](double t) { return sigma(t, s.activation); }).eval(); };
  Matrix x = std::sqrt(c / m) * act(f.X() * W[0].transpose());
  for (Index h = 1; h < s.depth; ++h) {
    Matrix branch = act(x * W[h].transpose());
    x = s.architecture == Architecture::fully_connected ? Matrix(std::sqrt(c / m) * branch)
                                                        : Matrix(x + s.c_res / (s.depth * std::sqrt(m)) * branch);
  }
  return x * a;
}

TEST(DeepNetwork, OutputsGradientsAndHvpsForEachArchitectureAndActivation) {
  for (Architecture arch : {Architecture::fully_connected, Architecture::resnet})
    for (Activation act : {Activation::relu, Activation::softplus}) {
      NetworkShape shape{arch, act, 3, 5, 0.7};
      DeepNetwork f = DeepNetwork::random(4, 3, shape, 2);
      EXPECT_EQ(f.dimension(), 5 * 3 + 25 + 25);
      Vector w = f.initial_point(1);
      DeepNetwork trained = DeepNetwork::random(4, 3, shape, 2, true);
      Vector a = trained.unflatten(trained.initial_point(1)).back().reshaped();
      Vector u = direct_outputs(f, w, a);
      EXPECT_LE((f.outputs(w) - u).norm(), 1e-12 * u.norm());
      EXPECT_NEAR(f.value(w), 0.5 * (u - f.y()).squaredNorm() / 4, 1e-12);
      testing::expect_gradient_matches_differences(f, w);
      testing::expect_gradient_matches_differences(trained, trained.initial_point(5));
      if (act == Activation::softplus) testing::expect_hvp_matches_differences(f, w, random_point(w.size(), 3));
      testing::expect_batches_consistent(f, w);
      // Output Jacobian against differences of the outputs, one column.
      Matrix J = f.output_jacobian(w);
      ASSERT_EQ(J.rows(), 4);
      ASSERT_EQ(J.cols(), f.dimension());
      const double h = 1e-6;
      Vector e = Vector::Unit(f.dimension(), 17);
      EXPECT_LE((J.col(17) - (f.outputs(w + h * e) - f.outputs(w - h * e)) / (2 * h)).norm(), 1e-7);
    }
}

TEST(DeepNetwork, NormalizerMakesEachLayerPreserveTheSecondMoment) {
  // c_σ = 1/E[σ(z)²]: against a trapezoid rule on a wider interval (a second quadrature).
  EXPECT_EQ(activation_normalizer(Activation::relu), 2.0);
  double second_moment = 0;
  const double h = 1e-3;
  for (double z = -30; z <= 30; z += h) second_moment += h * std::pow(std::log1p(std::exp(z)), 2) * std::exp(-z * z / 2);
  second_moment /= std::sqrt(2 * M_PI);
  EXPECT_NEAR(activation_normalizer(Activation::softplus) * second_moment, 1.0, 1e-8);
}

TEST(DeepNetwork, ShapeErrorsAreClear) {
  NetworkShape shape{Architecture::resnet, Activation::relu, 2, 4};
  try {
    DeepNetwork(Matrix::Ones(3, 2), Vector::Ones(3), shape, Vector::Ones(5));
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "DeepNetwork: a has 5 entries, the width is 4");
  }
  shape.depth = 0;
  EXPECT_THROW(DeepNetwork(Matrix::Ones(3, 2), Vector::Ones(3), shape, Vector::Ones(4)), std::invalid_argument);
  EXPECT_THROW(DeepNetwork(Matrix::Ones(3, 2), Vector::Ones(2), NetworkShape{}, Vector::Ones(64)), std::invalid_argument);
}

TEST(QuadraticNetwork, ValueGradientAndGlobalMinimumForArbitraryLabels) {
  QuadraticNetwork f = QuadraticNetwork::random(20, 8, 16, 3);
  Vector w = random_point(f.dimension(), 1, 0.5);
  Matrix W = w.reshaped(16, 8);
  Vector u = (f.X() * W.transpose()).array().square().matrix() * f.output_weights();
  EXPECT_NEAR(f.value(w), 0.5 * (u - f.y()).squaredNorm() / 20, 1e-12);
  // u(x) = xᵀ (Wᵀ diag(v) W) x.
  Matrix M = W.transpose() * f.output_weights().asDiagonal() * W;
  EXPECT_NEAR(u(0), f.X().row(0) * M * f.X().row(0).transpose(), 1e-12);
  testing::expect_gradient_matches_differences(f, w);
  testing::expect_hvp_matches_differences(f, w, random_point(f.dimension(), 2));
  // k = 2d with d units of each sign: the arbitrary labels are fit exactly (n = 20 ≤ 36).
  std::optional<Vector> optimum = f.known_optimum();
  ASSERT_TRUE(optimum.has_value());
  Vector g;
  EXPECT_LE(f.value_and_grad(*optimum, g), 1e-20);
  EXPECT_LE(g.norm(), 1e-9);
  // Two units (one of each sign) cannot express a generic symmetric 8×8 matrix.
  EXPECT_FALSE(QuadraticNetwork::random(20, 8, 2, 3).known_optimum().has_value());
  // More samples than d(d+1)/2 = 36: no symmetric M fits arbitrary labels.
  EXPECT_FALSE(QuadraticNetwork::random(50, 8, 16, 3).known_optimum().has_value());
}

TEST(ShallowRelu, OutputJacobianGivesTheNtkGram) {
  // For u = (1/√m) Σ a_r relu(w_rᵀx) with only W trained, (J Jᵀ)_ij = x_iᵀx_j (1/m) Σ_r 1[w_rᵀx_i > 0] 1[w_rᵀx_j > 0]
  // (Du, Zhai, Póczos, Singh 2019, the Gram matrix H).
  ShallowRelu f = ShallowRelu::teacher_student(5, 3, 2, 50, 4);
  Vector w = f.initial_point(7);
  Matrix J = f.output_jacobian(w), W = w.reshaped(50, 3);
  Matrix active = ((f.X() * W.transpose()).array() > 0).cast<double>();
  Matrix H = (f.X() * f.X().transpose()).array() * (active * active.transpose() / 50.0).array();
  EXPECT_LE((J * J.transpose() - H).norm(), 1e-12);
}

}  // namespace
}  // namespace fdl::problems
