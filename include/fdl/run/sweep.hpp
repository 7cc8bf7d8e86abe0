// Sweeps: every point of a sweep file (grid × seeds, see settings.hpp) is a job; each finished
// job is one row of the SQLite table `runs` (WAL mode), committed at once, keyed by the hash of
// its experiment and resolved config, so a rerun (or a restart after SIGKILL) skips what is done
// and never writes a run twice.
//
//   CREATE TABLE runs(config_hash TEXT PRIMARY KEY, experiment TEXT, config TEXT (JSON),
//                     status TEXT ('done' | 'failed' | 'diverged'), passed INTEGER,
//                     metrics TEXT (JSON), wall_seconds REAL, provenance TEXT (JSON),
//                     result TEXT (result.json, '' when failed), error TEXT, finished_at TEXT)
#pragma once

#include "fdl/run/settings.hpp"

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace fdl::run {

struct Job {
  std::string experiment;
  std::vector<Setting> settings;
  std::string config;  // resolved config, JSON
  std::string hash;    // FNV-1a 64 of experiment and config, hex
};

// The jobs of a sweep file, each config resolved (InputError for a bad key or value, before
// anything runs); points resolving to the same config are one job.
std::vector<Job> plan_sweep(const SweepFile& sweep);

struct Record {
  std::string hash, experiment, config, status;
  bool passed = false;
  std::string metrics = "{}", provenance = "{}", result, error;
  double wall_seconds = 0;
};

// Runs a job to its record; an exception inside the experiment gives status "failed".
Record run_job(const Job& job);

// Jobs and records as text, for sending between MPI ranks.
std::string to_message(const Job& job);
std::string to_message(const Record& record);
Job job_from_message(const std::string& text);
Record record_from_message(const std::string& text);

class SweepDb {
 public:
  explicit SweepDb(const std::string& path);  // creates the table; InputError if it cannot
  ~SweepDb();
  SweepDb(const SweepDb&) = delete;
  SweepDb& operator=(const SweepDb&) = delete;

  std::set<std::string> finished() const;  // config hashes
  void insert(const Record& r);            // one transaction; a hash already present is left as it is
  std::vector<Record> runs() const;

 private:
  struct Handle;
  std::unique_ptr<Handle> db_;
};

// Runs the unfinished jobs one after another in this process, inserting each record.
void run_serially(const std::vector<Job>& jobs, SweepDb& db, const std::function<void(const Record&)>& finished);

// "12 jobs: 7 done (6 passed), 1 diverged, 0 failed, 4 pending".
std::string sweep_status(const std::vector<Job>& jobs, const SweepDb& db);

}  // namespace fdl::run
