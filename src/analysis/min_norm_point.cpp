#include "fdl/analysis/min_norm_point.hpp"

#include <stdexcept>
#include <vector>

namespace fdl::analysis {
namespace {

// argmin ‖Σ μ_i p_i‖ over the affine hull of the corral (Σμ = 1): the KKT system
//   [PᵀP 1; 1ᵀ 0] [μ; θ] = [0; 1].
Eigen::VectorXd affine_minimizer(const Eigen::MatrixXd& points, const std::vector<int>& corral) {
  const int k = static_cast<int>(corral.size());
  Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(k + 1, k + 1);
  for (int a = 0; a < k; ++a) {
    for (int b = 0; b < k; ++b) kkt(a, b) = points.col(corral[a]).dot(points.col(corral[b]));
    kkt(a, k) = kkt(k, a) = 1.0;
  }
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(k + 1);
  rhs(k) = 1.0;
  return kkt.fullPivLu().solve(rhs).head(k);
}

}  // namespace

MinNormPoint min_norm_point(const Eigen::MatrixXd& points, double tol) {
  const int m = static_cast<int>(points.cols());
  if (m == 0) throw std::invalid_argument("min_norm_point: no points");
  const double scale = points.colwise().squaredNorm().maxCoeff();
  MinNormPoint r;
  r.weights = Eigen::VectorXd::Zero(m);
  int first;
  points.colwise().squaredNorm().minCoeff(&first);
  std::vector<int> corral{first};
  r.weights(first) = 1.0;
  Eigen::VectorXd x = points.col(first);
  for (r.iterations = 1; r.iterations <= 10 * m + 100; ++r.iterations) {
    int j;
    (points.transpose() * x).minCoeff(&j);
    if (points.col(j).dot(x) >= x.squaredNorm() - tol * scale) break;  // x is optimal
    bool in_corral = false;
    for (int i : corral) in_corral = in_corral || i == j;
    if (in_corral) break;  // no progress possible within tolerance
    corral.push_back(j);
    while (true) {  // minor cycles
      Eigen::VectorXd mu = affine_minimizer(points, corral);
      bool interior = (mu.array() > tol).all();
      if (interior) {
        for (std::size_t a = 0; a < corral.size(); ++a) r.weights(corral[a]) = mu(a);
        break;
      }
      // Move from λ towards μ until the first weight reaches 0, and drop it.
      double theta = 1.0;
      for (std::size_t a = 0; a < corral.size(); ++a) {
        double l = r.weights(corral[a]);
        if (mu(a) <= tol && l - mu(a) > 0) theta = std::min(theta, l / (l - mu(a)));
      }
      std::vector<int> kept;
      for (std::size_t a = 0; a < corral.size(); ++a) {
        double& l = r.weights(corral[a]);
        l = l + theta * (mu(a) - l);
        if (l > tol) kept.push_back(corral[a]);
        else l = 0.0;
      }
      corral = kept;
      if (corral.size() <= 1) {
        if (corral.empty()) throw std::logic_error("min_norm_point: corral emptied");
        r.weights(corral[0]) = 1.0;
        break;
      }
    }
    r.weights /= r.weights.sum();
    x = points * r.weights;
  }
  r.point = x;
  r.norm = x.norm();
  return r;
}

}  // namespace fdl::analysis
