#include "fdl/run/sweep.hpp"

#include "fdl/run/runner.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cstdio>
#include <ctime>

namespace fdl::run {
namespace {

using nlohmann::json;

std::string fnv1a(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::vector<Job> plan_sweep(const SweepFile& sweep) {
  const Experiment& e = experiment(sweep.experiment);
  std::vector<Job> jobs;
  std::set<std::string> seen;
  for (auto& settings : sweep.points()) {
    Config config(e.schema, settings);
    Job job{e.name, settings, config_json(config), ""};
    job.hash = fnv1a(job.experiment + "\n" + job.config);
    if (seen.insert(job.hash).second) jobs.push_back(std::move(job));
  }
  return jobs;
}

Record run_job(const Job& job) {
  Record r;
  r.hash = job.hash, r.experiment = job.experiment, r.config = job.config, r.status = "failed";
  try {
    const Experiment& e = experiment(job.experiment);
    Progress quiet;
    Outcome o = execute(e, Config(e.schema, job.settings), quiet);
    r.status = o.status();
    r.passed = o.result.passed();
    r.result = result_json(o);
    json j = json::parse(r.result);
    r.metrics = j["metrics"].dump();
    r.provenance = j["provenance"].dump();
    r.wall_seconds = o.provenance.wall_seconds;
  } catch (const std::exception& ex) {
    r.error = ex.what();
  }
  return r;
}

std::string to_message(const Job& job) {
  json settings = json::array();
  for (const Setting& s : job.settings) settings.push_back({s.key, s.text, s.origin});
  return json{{"experiment", job.experiment}, {"settings", settings}, {"config", job.config}, {"hash", job.hash}}.dump();
}

Job job_from_message(const std::string& text) {
  json j = json::parse(text);
  Job job{j["experiment"], {}, j["config"], j["hash"]};
  for (const auto& s : j["settings"]) job.settings.push_back({s[0], s[1], s[2]});
  return job;
}

std::string to_message(const Record& r) {
  return json{{"hash", r.hash},         {"experiment", r.experiment}, {"config", r.config}, {"status", r.status},
              {"passed", r.passed},     {"metrics", r.metrics},       {"provenance", r.provenance},
              {"result", r.result},     {"error", r.error},           {"wall_seconds", r.wall_seconds}}
      .dump();
}

Record record_from_message(const std::string& text) {
  json j = json::parse(text);
  return {j["hash"], j["experiment"], j["config"], j["status"], j["passed"], j["metrics"], j["provenance"], j["result"], j["error"],
          j["wall_seconds"]};
}

struct SweepDb::Handle {
  sqlite3* db = nullptr;
  std::string path;
  ~Handle() { sqlite3_close(db); }
  void exec(const std::string& sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string m = message ? message : "unknown error";
      sqlite3_free(message);
      throw InputError("sweep database '" + path + "': " + m);
    }
  }
};

SweepDb::SweepDb(const std::string& path) : db_(std::make_unique<Handle>()) {
  db_->path = path;
  if (sqlite3_open(path.c_str(), &db_->db) != SQLITE_OK)
    throw InputError("cannot open sweep database '" + path + "': " + sqlite3_errmsg(db_->db) + " (expected a writable SQLite file)");
  sqlite3_busy_timeout(db_->db, 10000);
  db_->exec("PRAGMA journal_mode=WAL");
  db_->exec("PRAGMA synchronous=NORMAL");
  db_->exec(
      "CREATE TABLE IF NOT EXISTS runs(config_hash TEXT PRIMARY KEY, experiment TEXT NOT NULL, config TEXT NOT NULL,"
      " status TEXT NOT NULL CHECK(status IN ('done', 'failed', 'diverged')), passed INTEGER NOT NULL,"
      " metrics TEXT NOT NULL, wall_seconds REAL NOT NULL, provenance TEXT NOT NULL, result TEXT NOT NULL,"
      " error TEXT NOT NULL, finished_at TEXT NOT NULL)");
}

SweepDb::~SweepDb() = default;

std::set<std::string> SweepDb::finished() const {
  std::set<std::string> out;
  for (const Record& r : runs()) out.insert(r.hash);
  return out;
}

void SweepDb::insert(const Record& r) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_->db,
                     "INSERT INTO runs VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
                     " ON CONFLICT(config_hash) DO NOTHING",
                     -1, &st, nullptr);
  const std::string* texts[] = {&r.hash, &r.experiment, &r.config, &r.status};
  for (int i = 0; i < 4; ++i) sqlite3_bind_text(st, i + 1, texts[i]->c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 5, r.passed);
  sqlite3_bind_text(st, 6, r.metrics.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, 7, r.wall_seconds);
  sqlite3_bind_text(st, 8, r.provenance.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 9, r.result.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 10, r.error.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw std::runtime_error("sweep database '" + db_->path + "': " + sqlite3_errmsg(db_->db));
}

std::vector<Record> SweepDb::runs() const {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_->db,
                         "SELECT config_hash, experiment, config, status, passed, metrics, provenance, result, error, wall_seconds"
                         " FROM runs ORDER BY rowid",
                         -1, &st, nullptr) != SQLITE_OK)
    throw InputError("sweep database '" + db_->path + "': " + sqlite3_errmsg(db_->db) + " (expected a table runs)");
  std::vector<Record> out;
  auto text = [&](int i) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i))); };
  while (sqlite3_step(st) == SQLITE_ROW)
    out.push_back({text(0), text(1), text(2), text(3), sqlite3_column_int(st, 4) != 0, text(5), text(6), text(7), text(8),
                   sqlite3_column_double(st, 9)});
  sqlite3_finalize(st);
  return out;
}

void run_serially(const std::vector<Job>& jobs, SweepDb& db, const std::function<void(const Record&)>& finished) {
  for (const Job& job : jobs) {
    Record r = run_job(job);
    db.insert(r);
    finished(r);
  }
}

std::string sweep_status(const std::vector<Job>& jobs, const SweepDb& db) {
  std::set<std::string> planned;
  for (const Job& j : jobs) planned.insert(j.hash);
  int done = 0, passed = 0, diverged = 0, failed = 0;
  for (const Record& r : db.runs()) {
    if (!planned.count(r.hash)) continue;
    done += r.status == "done";
    passed += r.passed;
    diverged += r.status == "diverged";
    failed += r.status == "failed";
  }
  const int pending = int(jobs.size()) - done - diverged - failed;
  char line[256];
  std::snprintf(line, sizeof line, "%zu jobs: %d done (%d passed), %d diverged, %d failed, %d pending", jobs.size(), done, passed,
                diverged, failed, pending);
  return line;
}

}  // namespace fdl::run
