// The moduli of the unitary discrete Fourier transform of a real vector,
//
//   |β̂_k|,  β̂_k = d^{-1/2} Σ_j β_j e^{−2πi jk/d},  k = 0, …, d − 1,
//
// and the Fourier-ℓ1 norm ‖Fβ‖₁ = Σ_k |β̂_k|: the norm whose max-margin separator a full-width
// two-layer linear convolutional net converges to (Gunasekar, Lee, Soudry, Srebro 2018). Direct
// O(d²) sums: the sizes of the experiments (d ≤ 1024) do not need an FFT.
#pragma once

#include <Eigen/Dense>

namespace fdl::analysis {

// The unitary DFT matrix F, F(k, j) = d^{-1/2} e^{−2πi jk/d}: β̂ = F β.
Eigen::MatrixXcd unitary_dft(Eigen::Index d);
Eigen::VectorXd fourier_modulus(const Eigen::VectorXd& beta);
double fourier_l1_norm(const Eigen::VectorXd& beta);

}  // namespace fdl::analysis
