// fdl::data — arrays from files: NPY, CSV, IDX/Fashion-MNIST, and user data by path.
#pragma once

#include "fdl/data/array.hpp"
#include "fdl/data/csv.hpp"
#include "fdl/data/fashion_mnist.hpp"
#include "fdl/data/load.hpp"
#include "fdl/data/npy.hpp"
