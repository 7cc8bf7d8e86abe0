// Claim (c) on real data: the weakly regularized two-layer ReLU net's normalized margin, test error
// and margin-based generalization bound as the width grows (Wei, Lee, Liu, Ma, NeurIPS 2019: the
// max normalized margin γ^{*,m} is non-decreasing in m (Thm 3.2), and for two-layer nets with a
// 1-Lipschitz, 1-homogeneous activation the test error is at most (6/γ)·√(D/n) + ε(γ),
// D = (1/n)Σ‖x_i‖² (Thm 3.1) — so the guarantee improves with overparametrization).
//
// Fashion-MNIST (Xiao, Rasul, Vollgraf 2017), two classes (labels ±1), `per_class` random training
// images of each, images average-pooled by `pool`×`pool` and scaled to unit norm (D = 1); the test
// set is every t10k image of the two classes. For each width m: problems::RegularizedRelu
// (f = Σ_j a_j relu(w_jᵀx), no bias), GD with step η warm-started along the λ's; then
//   γ = min_i y_i f(x_i)/‖Θ‖₂²,   test error,   and, when the net separates its training set, the
//   bound of Thm 3.1 with all its constants (analysis::two_layer_margin_bound, δ = 0.05).
// Checks (overparametrization helps): γ at the largest width ≥ γ at the smallest, and the test
// error at the largest width ≤ the one at the smallest. Minutes at its default size: `fdl verify
// --quick` skips it.
#include "fdl/analysis/generalization.hpp"
#include "fdl/data/fashion_mnist.hpp"
#include "fdl/optim/gradient_descent.hpp"
#include "fdl/optim/minimize.hpp"
#include "fdl/problems/regularized_relu.hpp"
#include "fdl/run/lists.hpp"

#include <iomanip>
#include <limits>
#include <sstream>

namespace fdl::experiments {
namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

// 28×28 images (rows of X) averaged over pool×pool blocks, then each row scaled to unit norm.
Matrix pooled_unit_rows(const Matrix& X, int pool) {
  const int side = 28 / pool;
  Matrix out = Matrix::Zero(X.rows(), side * side);
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    for (int r = 0; r < side * pool; ++r)
      for (int c = 0; c < side * pool; ++c) out(i, (r / pool) * side + c / pool) += X(i, r * 28 + c) / double(pool * pool);
    const double norm = out.row(i).norm();
    if (norm > 0) out.row(i) /= norm;
  }
  return out;
}

data::LabelledImages load(const run::Config& cfg, bool train) {
  data::FashionMnistOptions o;
  o.train = train;
  o.classes = {int(cfg.integer("class_negative")), int(cfg.integer("class_positive"))};
  if (o.classes[0] == o.classes[1]) throw run::InputError("config keys 'class_negative' and 'class_positive': expected two different classes");
  o.labels = data::Labels::signed_;
  o.per_class = train ? cfg.integer("per_class") : 0;
  o.subset = data::Subset::random;
  o.seed = cfg.seed();
  return data::load_fashion_mnist(o);
}

run::Result run_margin_fashion_mnist(const run::Config& cfg, run::Progress& progress) {
  const int pool = int(cfg.integer("pool"));
  if (28 % pool != 0) throw run::InputError("config key 'pool': expected a divisor of 28 (1, 2, 4, 7, 14, 28), got " + std::to_string(pool));
  const data::LabelledImages train = load(cfg, true), test = load(cfg, false);
  const Matrix X = pooled_unit_rows(train.X, pool), X_test = pooled_unit_rows(test.X, pool);
  const std::vector<std::int64_t> widths = run::integer_list(cfg, "widths", 1, 100000);
  const std::vector<double> lambdas = run::number_list(cfg, "lambdas", 0.0, 1.0);
  const std::int64_t steps = cfg.integer("steps");

  run::Result result;
  std::ostringstream report;
  report << std::setprecision(4) << "Fashion-MNIST classes " << train.classes[0] << " (−1) vs " << train.classes[1] << " (+1): " << X.rows()
         << " training, " << X_test.rows() << " test images, " << X.cols() << " inputs (" << pool << "×" << pool << " pooling, unit norm); GD η = "
         << cfg.number("eta") << ", " << steps << " steps per λ along " << cfg.text("lambdas") << "\n"
         << "       m   train loss   γ (normalized margin)   train error   test error   margin bound (Thm 3.1)\n";
  std::vector<double> m_values, margins, test_errors, bounds;
  const std::int64_t total = std::int64_t(widths.size() * lambdas.size()) * steps;
  std::int64_t done = 0;
  for (std::int64_t m : widths) {
    problems::RegularizedRelu net(X, train.y, m, lambdas[0]);
    Vector theta = net.initial_point(cfg.seed() * 1000003 + std::uint64_t(m), cfg.number("init_scale"));
    optim::GradientDescent gd(optim::Schedule::constant(cfg.number("eta")));
    optim::Stopping stop;
    stop.max_iterations = steps;
    double loss = 0;
    for (double lambda : lambdas) {
      net.set_lambda(lambda);
      const optim::Report r = optim::minimize(net, gd, theta, stop);
      if (r.status == optim::Status::diverged) {
        result.diverged = true;
        result.report = report.str() + "  m = " + std::to_string(m) + ": diverged\n";
        return result;
      }
      loss = r.value;
      done += steps;
      progress(done, total, loss);
    }
    const double gamma = net.normalized_margin(theta), error = net.error(theta, X_test, test.y);
    const double bound = gamma > 0 ? analysis::two_layer_margin_bound(net.first_layer(theta), net.output_layer(theta), X, train.y).bound
                                   : std::numeric_limits<double>::quiet_NaN();
    m_values.push_back(double(m)), margins.push_back(gamma), test_errors.push_back(error), bounds.push_back(bound);
    const std::string key = "m=" + std::to_string(m) + ".";
    result.metrics[key + "normalized_margin"] = gamma;
    result.metrics[key + "train_error"] = net.error(theta, X, train.y);
    result.metrics[key + "test_error"] = error;
    if (gamma > 0) result.metrics[key + "bound"] = bound;
    report << std::setw(8) << m << "   " << std::left << std::setw(12) << loss << " " << std::setw(23) << gamma << " " << std::setw(13)
           << result.metrics[key + "train_error"] << " " << std::setw(12) << error << " " << (gamma > 0 ? std::to_string(bound) : "vacuous (γ ≤ 0)")
           << std::right << "\n";
  }
  result.checks.push_back({"γ(largest width) − γ(smallest width)", margins.back() - margins.front(), ">=", 0.0});
  result.checks.push_back({"test error(largest width) − test error(smallest width)", test_errors.back() - test_errors.front(), "<=", 0.0});
  result.series = run::Series::padded({{"width", m_values}, {"normalized margin", margins}, {"test error", test_errors}, {"margin bound (Thm 3.1)", bounds}});
  result.report = report.str();
  return result;
}

const run::Registration registration{{
    "margin-fashion-mnist",
    "c",
    "real data: normalized margin, test error and margin bound of weakly regularized two-layer ReLU nets vs width (minutes)",
    run::Schema()
        .integer("class_negative", 2, 0, 9, "Fashion-MNIST class labelled −1 (2 = pullover)")
        .integer("class_positive", 4, 0, 9, "Fashion-MNIST class labelled +1 (4 = coat)")
        .integer("per_class", 1000, 1, 6000, "training images per class (random subset)")
        .integer("pool", 2, 1, 28, "average pooling of the 28×28 images (a divisor of 28)")
        .text("widths", "2,8,32,128", {}, "widths m (increasing)")
        .text("lambdas", "1e-3,1e-4,1e-5", {}, "λ path (warm start)")
        .integer("steps", 1000, 1, 100000000, "GD steps per λ")
        .number("eta", 0.5, 1e-6, 100.0, "GD step size")
        .number("init_scale", 0.1, 0.0, 100.0, "initial W, a i.i.d. N(0, scale²)"),
    run_margin_fashion_mnist,
    {{"fashion_mnist_vs_width", "Fashion-MNIST: test error and margin bound vs width", "width", {"test error", "margin bound (Thm 3.1)"},
      "width m", "test error, bound", true, true},
     {"fashion_mnist_margin", "Fashion-MNIST: normalized margin vs width", "width", {"normalized margin"}, "width m", "gamma", true, false}},
    /*long_running=*/true,
}};

}  // namespace
}  // namespace fdl::experiments
