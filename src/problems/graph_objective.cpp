#include "fdl/problems/graph_objective.hpp"

#include <string>

namespace fdl::problems {

GraphObjective::GraphObjective(std::vector<Block> blocks, const Trace& loss, Sum sum, ad::Mode mode) {
  trace(std::move(blocks), loss, sum, mode);
}

void GraphObjective::trace(std::vector<Block> blocks, const Trace& loss, Sum sum, ad::Mode mode) {
  if (blocks.empty()) throw std::invalid_argument("GraphObjective: no parameter blocks");
  graph_ = std::make_unique<ad::Graph>();
  graph_->set_mode(mode);
  blocks_ = std::move(blocks);
  parameters_.clear();
  dimension_ = 0;
  for (const Block& b : blocks_) {
    if (b.rows <= 0 || b.cols <= 0)
      throw std::invalid_argument("GraphObjective: parameter block of shape " + ad::shape_string(b.rows, b.cols));
    parameters_.push_back(graph_->variable(Matrix::Zero(b.rows, b.cols)));
    dimension_ += b.rows * b.cols;
  }
  Var traced = loss(*graph_, parameters_);
  if (sum == Sum::single) {
    if (traced.rows() != 1 || traced.cols() != 1)
      throw std::invalid_argument("GraphObjective: the loss must be 1×1, got " + ad::shape_string(traced));
    loss_ = traced, samples_ = 0;
  } else {
    if (traced.cols() != 1 || traced.rows() < 1)
      throw std::invalid_argument("GraphObjective: per-sample losses must be n×1, got " + ad::shape_string(traced));
    samples_ = traced.rows();
    weights_ = graph_->constant(Matrix::Constant(samples_, 1, 1.0 / static_cast<double>(samples_)));
    loss_ = ad::sum(weights_ * traced);
  }
}

void GraphObjective::check_dimension(const char* what, const Vector& w) const {
  if (w.size() != dimension_)
    throw std::invalid_argument(std::string(what) + ": vector of size " + std::to_string(w.size()) + ", expected the dimension " +
                                std::to_string(dimension_));
}

std::vector<Matrix> GraphObjective::unflatten(const Vector& w) const {
  check_dimension("unflatten", w);
  std::vector<Matrix> parts;
  Index at = 0;
  for (const Block& b : blocks_) {
    parts.push_back(w.segment(at, b.rows * b.cols).reshaped(b.rows, b.cols));
    at += b.rows * b.cols;
  }
  return parts;
}

Vector GraphObjective::flatten(const std::vector<Matrix>& parts) const {
  if (parts.size() != blocks_.size())
    throw std::invalid_argument("flatten: " + std::to_string(parts.size()) + " blocks, expected " + std::to_string(blocks_.size()));
  for (std::size_t k = 0; k < parts.size(); ++k)
    if (parts[k].rows() != blocks_[k].rows || parts[k].cols() != blocks_[k].cols)
      throw std::invalid_argument("flatten: block " + std::to_string(k) + " is " + ad::shape_string(parts[k].rows(), parts[k].cols()) +
                                  ", expected " + ad::shape_string(blocks_[k].rows, blocks_[k].cols));
  return ad::flatten(parts);
}

void GraphObjective::set_parameters(const Vector& w) {
  check_dimension("set_parameters", w);
  Index at = 0;
  for (std::size_t k = 0; k < blocks_.size(); ++k) {
    const Block& b = blocks_[k];
    parameters_[k].value() = w.segment(at, b.rows * b.cols).reshaped(b.rows, b.cols);
    at += b.rows * b.cols;
  }
}

double GraphObjective::value(const Vector& w) {
  check_dimension("value", w);
  set_parameters(w);
  graph_->forward(0);
  return loss_.scalar();
}

double GraphObjective::evaluate(Vector& grad) {
  const double f = graph_->mode() == ad::Mode::clarke ? ad::clarke_value_and_grad(*graph_, loss_).value
                                                      : ad::value_and_grad(*graph_, loss_);
  grad.resize(dimension_);
  Index at = 0;
  for (const Var& p : parameters_) {
    grad.segment(at, p.grad().size()) = p.grad().reshaped();
    at += p.grad().size();
  }
  return f;
}

double GraphObjective::value_and_grad(const Vector& w, Vector& grad) {
  check_dimension("value_and_grad", w);
  set_parameters(w);
  return evaluate(grad);
}

double GraphObjective::batch_value_and_grad(const Vector& w, std::span<const Index> batch, Vector& grad) {
  if (samples_ == 0) return Objective::batch_value_and_grad(w, batch, grad);
  check_dimension("batch_value_and_grad", w);  // before the weights change
  if (batch.empty()) throw std::invalid_argument("batch_value_and_grad: empty batch");
  Matrix& c = weights_.value();
  c.setZero();
  for (Index i : batch) {
    if (i < 0 || i >= samples_) {
      c.setConstant(1.0 / static_cast<double>(samples_));
      throw std::out_of_range("batch_value_and_grad: sample " + std::to_string(i) + " is not in 0.." + std::to_string(samples_ - 1));
    }
    c(i) += 1.0 / static_cast<double>(batch.size());
  }
  set_parameters(w);
  const double f = evaluate(grad);
  c.setConstant(1.0 / static_cast<double>(samples_));
  return f;
}

Vector GraphObjective::hvp(const Vector& w, const Vector& v) {
  check_dimension("hvp", w);
  check_dimension("hvp direction", v);
  set_parameters(w);
  return ad::flatten(ad::hvp(*graph_, loss_, unflatten(v)));
}

Vector GraphObjective::outputs(const Vector& w) {
  if (!has_outputs()) throw std::logic_error("outputs: this objective traces no model outputs");
  set_parameters(w);
  graph_->forward(0);
  return output_.value().reshaped();
}

Matrix GraphObjective::output_jacobian(const Vector& w) {
  if (!has_outputs()) throw std::logic_error("output_jacobian: this objective traces no model outputs");
  set_parameters(w);
  return ad::jacobian(*graph_, output_);
}

}  // namespace fdl::problems
