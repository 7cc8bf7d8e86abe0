// ShallowReluBatch: each replica of a batched GD run follows its own sequential run
// (GraphObjective::value_and_grad and w ← w − η∇f) to rounding, step by step.
#include "fdl/problems/shallow_relu_batch.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace fdl::problems {
namespace {

double relative(const Vector& a, const Vector& b) { return (a - b).norm() / std::max(b.norm(), 1e-300); }

// 32 replicas of (n, d, m) = (64, 8, 16) in one chunk; 5 of (200, 4, 60) in chunks of 2, 2, 1.
TEST(ShallowReluBatch, EachReplicaFollowsItsSequentialGdRun) {
  struct Shape {
    Index n, d, m, replicas;
  };
  for (std::uint64_t problem_seed : {1u, 2u})
    for (Shape shape : {Shape{64, 8, 16, 32}, Shape{200, 4, 60, 5}})
      for (bool train_output : {false, true}) {
        ShallowRelu problem = ShallowRelu::teacher_student(shape.n, shape.d, 2, shape.m, problem_seed, train_output);
        std::vector<std::uint64_t> seeds;
        for (Index s = 0; s < shape.replicas; ++s) seeds.push_back(100 * problem_seed + s);
        ShallowReluBatch<> batch = ShallowReluBatch<>::from_seeds(problem, seeds);
        std::vector<Vector> w;
        for (std::uint64_t s : seeds) w.push_back(problem.initial_point(s));
        const double eta = 0.2;
        Vector grad;
        for (int t = 0; t < 40; ++t) {
          const Vector values = batch.step(eta);
          for (std::size_t r = 0; r < seeds.size(); ++r) {
            const double f = problem.value_and_grad(w[r], grad);
            EXPECT_NEAR(values[r], f, 1e-12 * f) << "step " << t << ", replica " << r;
            if (t == 0) {
              EXPECT_LT(relative(batch.gradient(r), grad), 1e-12);
            }
            w[r] -= eta * grad;
          }
        }
        for (std::size_t r = 0; r < seeds.size(); ++r)
          EXPECT_LT(relative(batch.point(r), w[r]), 1e-12) << "replica " << r << ", train_output " << train_output;
      }
}

// Fixed output layers of their own (one a_r per replica): replica r follows GD on ShallowRelu(X, y, a_r).
TEST(ShallowReluBatch, ReplicasWithTheirOwnOutputWeights) {
  const ShallowRelu problem = ShallowRelu::teacher_student(30, 4, 2, 12, 5);
  std::vector<Vector> points, outputs;
  std::vector<ShallowRelu> own;
  for (std::uint64_t s = 0; s < 3; ++s) {
    points.push_back(problem.initial_point(10 + s));
    outputs.push_back(ShallowRelu::teacher_student(30, 4, 2, 12, 20 + s).output_weights());
    own.emplace_back(problem.X(), problem.y(), outputs.back());
  }
  ShallowReluBatch<> batch(problem, points, outputs);
  std::vector<Vector> w = points;
  Vector grad;
  for (int t = 0; t < 25; ++t) {
    const Vector values = batch.step(0.3);
    for (std::size_t r = 0; r < w.size(); ++r) {
      EXPECT_NEAR(values[r], own[r].value_and_grad(w[r], grad), 1e-12 * values[r]);
      w[r] -= 0.3 * grad;
    }
  }
  for (std::size_t r = 0; r < w.size(); ++r) EXPECT_LT(relative(batch.point(r), w[r]), 1e-12);
  EXPECT_THROW(ShallowReluBatch<>(problem, points, {outputs[0]}), std::invalid_argument);           // count
  EXPECT_THROW(ShallowReluBatch<>(problem, points, {outputs[0], outputs[1], Vector::Ones(3)}), std::invalid_argument);  // size
  const ShallowRelu trained = ShallowRelu::teacher_student(30, 4, 2, 12, 5, /*train_output=*/true);
  EXPECT_THROW(ShallowReluBatch<>(trained, {trained.initial_point(1)}, {outputs[0]}), std::invalid_argument);
}

TEST(ShallowReluBatch, RejectsBadReplicas) {
  ShallowRelu problem = ShallowRelu::teacher_student(10, 3, 1, 4, 1);
  EXPECT_THROW(ShallowReluBatch<>(problem, {}), std::invalid_argument);
  EXPECT_THROW(ShallowReluBatch<>(problem, {Vector::Zero(5)}), std::invalid_argument);
  EXPECT_THROW(ShallowReluBatch<float>(problem, {Vector::Zero(5)}), std::invalid_argument);
  ShallowRelu clarke = ShallowRelu::teacher_student(10, 3, 1, 4, 1, false, ad::Mode::clarke);
  EXPECT_THROW(ShallowReluBatch<>::from_seeds(clarke, {1}), std::invalid_argument);
}

// float32: the same run as float64 to float rounding. Over 200 steps the losses agree to 1e-5
// relative and the points to 1e-4 (float's unit roundoff is 6e-8; the two runs' rounding errors
// are amplified by the GD map, and a relu that flips sign in one run and not the other would show
// up as a jump far above these). The loss must fall: the float run trains.
TEST(ShallowReluBatch, Float32TracksFloat64) {
  for (bool train_output : {false, true}) {
    ShallowRelu problem = ShallowRelu::teacher_student(120, 10, 3, 200, 7, train_output);
    const std::vector<std::uint64_t> seeds = {1, 2, 3};
    auto wide = ShallowReluBatch<double>::from_seeds(problem, seeds);
    auto narrow = ShallowReluBatch<float>::from_seeds(problem, seeds);
    Vector first;
    for (int t = 0; t < 200; ++t) {
      const Vector f64 = wide.step(0.2), f32 = narrow.step(0.2);
      if (t == 0) first = f64;
      for (std::size_t r = 0; r < seeds.size(); ++r) EXPECT_NEAR(f32[r], f64[r], 1e-5 * f64[r]) << "step " << t;
    }
    const Vector last = narrow.evaluate();
    wide.evaluate();
    for (std::size_t r = 0; r < seeds.size(); ++r) {
      EXPECT_LT(relative(narrow.point(r), wide.point(r)), 1e-4) << "replica " << r;
      EXPECT_LT(relative(narrow.gradient(r), wide.gradient(r)), 1e-3) << "replica " << r;
      EXPECT_LT(last[r], 0.5 * first[r]) << "replica " << r;
    }
  }
}

}  // namespace
}  // namespace fdl::problems
