// Everything of fdl in one include.
#pragma once

#include "fdl/ad/derivatives.hpp"
#include "fdl/ad/gemm.hpp"
#include "fdl/ad/graph.hpp"
#include "fdl/ad/losses.hpp"
#include "fdl/ad/ops.hpp"
#include "fdl/version.hpp"
