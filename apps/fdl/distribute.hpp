// Sweeps over MPI ranks (OpenMPI), with a dynamic work queue: rank 0 alone owns the database; it
// hands one job at a time to each rank that asks, runs jobs itself on a second thread, and inserts
// every record as it arrives. Launched without mpirun, the sweep runs in this one process.
#pragma once

#include "fdl/run/sweep.hpp"

#include <functional>
#include <string>
#include <vector>

namespace fdl::cli {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);  // MPI_Init only when started by mpirun
  ~MpiSession();
  int rank() const { return rank_; }
  int size() const { return size_; }
  [[noreturn]] void abort(int code) const;

 private:
  bool active_ = false;
  int rank_ = 0, size_ = 1;
};

// On rank 0: runs `pending` over all ranks (or serially on one), inserting each record into `db`
// and reporting it to `finished`. On the other ranks: serves jobs until rank 0 says stop
// (`db` is null there).
void distribute(const MpiSession& mpi, const std::vector<run::Job>& pending, run::SweepDb* db,
                const std::function<void(const run::Record&)>& finished);

}  // namespace fdl::cli
