// Losses, composed from the primitives (so that every mode and derivative applies to them).
// `z` are predictions (n×1 or n×K), `y` labels as a constant node of the same shape as z.
#pragma once

#include "fdl/ad/ops.hpp"

#include <vector>

namespace fdl::ad {

// ½·mean((z − y)²)
Var squared_loss(Var z, Var y);
// mean log(1 + e^{−y z}), labels ±1
Var logistic_loss(Var z, Var y);
// mean e^{−y z}, labels ±1
Var exponential_loss(Var z, Var y);
// mean max(0, 1 − y z), labels ±1
Var hinge_loss(Var z, Var y);
// mean over rows i of logsumexp(z_i·) − z_{i, label_i}; z is n×K, labels in [0, K)
Var softmax_cross_entropy(Var z, const std::vector<int>& labels);

// Log-domain versions, log L: finite and accurate when L underflows (separable data, long runs).
//   log mean log(1 + e^{u_i}) = logsumexp(log_softplus(u)) − log n,   u = −y z
//   log mean e^{u_i}          = logsumexp(u) − log n
Var log_logistic_loss(Var z, Var y);
Var log_exponential_loss(Var z, Var y);

}  // namespace fdl::ad
