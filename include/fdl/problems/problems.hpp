// fdl::problems — objectives with data and known optima (see docs/problems.md).
#pragma once

#include "fdl/problems/classification.hpp"
#include "fdl/problems/graph_objective.hpp"
#include "fdl/problems/least_squares.hpp"
#include "fdl/problems/matrix_completion.hpp"
#include "fdl/problems/matrix_sensing.hpp"
#include "fdl/problems/networks.hpp"
#include "fdl/problems/objective.hpp"
#include "fdl/problems/phase_retrieval.hpp"
#include "fdl/problems/regularized_relu.hpp"
#include "fdl/problems/shallow_relu.hpp"
#include "fdl/problems/strict_saddle.hpp"
