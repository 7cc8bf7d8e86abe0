#include "distribute.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace fdl::cli {
namespace {

enum Tag : int { kResult = 1, kJob = 2, kStop = 3 };

void send(const std::string& text, int to, Tag tag) {
  MPI_Send(text.data(), int(text.size()), MPI_CHAR, to, tag, MPI_COMM_WORLD);
}

std::string receive(const MPI_Status& status) {
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  std::string text(std::size_t(count), '\0');
  MPI_Recv(text.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return text;
}

// A rank other than 0: ask for work (an empty result), run each job, send back its record.
void serve() {
  send("", 0, kResult);
  for (;;) {
    MPI_Status status;
    MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    const std::string text = receive(status);
    if (status.MPI_TAG == kStop) return;
    send(run::to_message(run::run_job(run::job_from_message(text))), 0, kResult);
  }
}

// The jobs not yet handed out and the records not yet inserted, shared by rank 0's two threads.
class Queue {
 public:
  explicit Queue(const std::vector<run::Job>& jobs) : jobs_(jobs.begin(), jobs.end()) {}
  std::optional<run::Job> take() {
    std::lock_guard lock(mutex_);
    if (jobs_.empty()) return std::nullopt;
    run::Job job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }
  void put(run::Record r) {
    std::lock_guard lock(mutex_);
    records_.push_back(std::move(r));
  }
  std::deque<run::Record> drain() {
    std::lock_guard lock(mutex_);
    return std::exchange(records_, {});
  }

 private:
  std::mutex mutex_;
  std::deque<run::Job> jobs_;
  std::deque<run::Record> records_;
};

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!std::getenv("OMPI_COMM_WORLD_SIZE") && !std::getenv("PMIX_RANK") && !std::getenv("PMI_RANK")) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (active_) MPI_Finalize();
}

void MpiSession::abort(int code) const {
  if (active_) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

void distribute(const MpiSession& mpi, const std::vector<run::Job>& pending, run::SweepDb* db,
                const std::function<void(const run::Record&)>& finished) {
  if (mpi.rank() != 0) return serve();
  if (mpi.size() == 1) return run::run_serially(pending, *db, finished);

  Queue queue(pending);
  auto record = [&](const run::Record& r) {
    db->insert(r);
    finished(r);
  };
  bool local_done = false;
  std::mutex done_mutex;
  std::thread local([&] {
    while (auto job = queue.take()) queue.put(run::run_job(*job));
    std::lock_guard lock(done_mutex);
    local_done = true;
  });
  int serving = mpi.size() - 1;
  for (;;) {
    for (const run::Record& r : queue.drain()) record(r);
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kResult, MPI_COMM_WORLD, &flag, &status);
    if (flag) {
      const std::string text = receive(status);
      if (!text.empty()) record(run::record_from_message(text));
      if (auto job = queue.take())
        send(run::to_message(*job), status.MPI_SOURCE, kJob);
      else
        send("", status.MPI_SOURCE, kStop), --serving;
      continue;
    }
    {
      std::lock_guard lock(done_mutex);
      if (local_done && serving == 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  local.join();
  for (const run::Record& r : queue.drain()) record(r);
}

}  // namespace fdl::cli
