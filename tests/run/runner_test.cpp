// Running the demo experiment to result.json, sweeps into SQLite, and the report: the pieces the
// CLI tests (tests/cli) exercise end to end, here in-process (also under the sanitizers).
#include "fdl/run/report.hpp"
#include "fdl/run/runner.hpp"
#include "fdl/run/sweep.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fdl::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

run::Outcome demo(std::vector<run::Setting> settings) {
  const run::Experiment& e = run::experiment("gd-least-squares");
  run::Progress quiet;
  return run::execute(e, run::Config(e.schema, settings), quiet);
}

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("fdl_runner_test_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(ResultJson, HoldsConfigMetricsSeriesVerdictSolutionAndProvenance) {
  run::Outcome o = demo({{"iterations", "500", ""}, {"record_every", "100", ""}, {"seed", "5", ""}});
  json r = json::parse(run::result_json(o));
  EXPECT_EQ(r["experiment"], "gd-least-squares");
  EXPECT_EQ(r["status"], "done");
  EXPECT_EQ(r["config"]["iterations"], 500);
  EXPECT_EQ(r["config"]["seed"], 5);
  EXPECT_EQ(r["config"]["init"], "zero");
  EXPECT_EQ(r["metrics"]["final_loss"].get<double>(), o.result.metrics.at("final_loss"));
  EXPECT_EQ(r["series"]["iteration"], json({0.0, 100.0, 200.0, 300.0, 400.0, 500.0}));
  EXPECT_TRUE(r["verdict"]["passed"].get<bool>());
  ASSERT_EQ(r["verdict"]["checks"].size(), 2u);
  EXPECT_EQ(r["verdict"]["checks"][0]["threshold"].get<double>(), 1e-20);
  ASSERT_EQ(r["solution"].size(), 50u);
  EXPECT_EQ(r["solution"][7].get<double>(), o.result.solution(7));
  EXPECT_EQ(r["reference"].size(), 50u);
  for (const char* key : {"version", "commit", "date", "threads", "wall_seconds"}) EXPECT_TRUE(r["provenance"].contains(key)) << key;
}

TEST(ResultJson, NonFiniteLossMeansDivergedAndFail) {
  run::Outcome o = demo({{"eta", "3", ""}, {"iterations", "3000", ""}});
  EXPECT_EQ(o.status(), "diverged");
  EXPECT_FALSE(o.result.passed());
  EXPECT_EQ(json::parse(run::result_json(o))["status"], "diverged");
}

TEST(ResultJson, SameSeedSameNumbers) {
  std::vector<run::Setting> s = {{"init", "gaussian", ""}, {"iterations", "300", ""}, {"seed", "3", ""}};
  json a = json::parse(run::result_json(demo(s))), b = json::parse(run::result_json(demo(s)));
  EXPECT_EQ(a["metrics"].dump(), b["metrics"].dump());
  EXPECT_EQ(a["solution"].dump(), b["solution"].dump());
}

TEST(RunDirectory, MetricsCsvMatchesTheSeriesAndReportInlinesIt) {
  const fs::path dir = fresh_dir("run");
  run::write_run(demo({{"iterations", "1000", ""}, {"record_every", "250", ""}}), (dir / "one").string());
  std::ifstream csv(dir / "one" / "metrics.csv");
  std::string header, line;
  std::getline(csv, header);
  EXPECT_EQ(header, "iteration,loss,distance");
  int rows = 0;
  while (std::getline(csv, line)) ++rows;
  EXPECT_EQ(rows, 5);  // t = 0, 250, …, 1000
  const std::string html = run::report_html(dir.string());
  EXPECT_NE(html.find("gd-least-squares"), std::string::npos);
  EXPECT_NE(html.find("1 runs, 1 PASS, 0 FAIL"), std::string::npos);
  EXPECT_EQ(html.find("src=\"file:"), std::string::npos);
  EXPECT_THROW(run::report_html((dir / "missing").string()), run::InputError);
  EXPECT_THROW(run::report_html(fresh_dir("empty").string()), run::InputError);
  fs::remove_all(dir);
}

run::SweepFile demo_sweep() {
  run::SweepFile s;
  s.experiment = "gd-least-squares";
  s.seeds = {1, 2};
  s.grid = {{"eta", {"1", "1.0", "3"}}};  // "1" and "1.0" resolve to the same config: one job
  s.fixed = {{"iterations", "3000", "test"}};
  return s;
}

TEST(Sweep, PlanResolvesEveryPointAndMergesEqualConfigs) {
  std::vector<run::Job> jobs = run::plan_sweep(demo_sweep());
  ASSERT_EQ(jobs.size(), 4u);
  std::set<std::string> hashes;
  for (const run::Job& j : jobs) hashes.insert(j.hash);
  EXPECT_EQ(hashes.size(), 4u);
  EXPECT_EQ(json::parse(jobs[0].config)["seed"], 1);
  run::SweepFile bad = demo_sweep();
  bad.grid.push_back({"eta_typo", {"1"}});
  EXPECT_THROW(run::plan_sweep(bad), run::InputError);
}

TEST(Sweep, DatabaseKeepsOneRowPerConfigAndRecordsSurviveMessages) {
  const fs::path dir = fresh_dir("db");
  const std::vector<run::Job> jobs = run::plan_sweep(demo_sweep());
  run::Job sent = run::job_from_message(run::to_message(jobs[0]));
  EXPECT_EQ(sent.hash, jobs[0].hash);
  EXPECT_EQ(sent.settings.size(), jobs[0].settings.size());
  {
    run::SweepDb db((dir / "s.sqlite").string());
    std::vector<run::Record> seen;
    run::run_serially(jobs, db, [&](const run::Record& r) { seen.push_back(r); });
    ASSERT_EQ(seen.size(), 4u);
    run::Record again = run::record_from_message(run::to_message(seen[0]));
    EXPECT_EQ(again.metrics, seen[0].metrics);
    EXPECT_EQ(again.result, seen[0].result);
    db.insert(again);  // a record already present is not written twice
    EXPECT_EQ(db.runs().size(), 4u);
    EXPECT_EQ(db.finished().size(), 4u);
    EXPECT_EQ(run::sweep_status(jobs, db), "4 jobs: 2 done (2 passed), 2 diverged, 0 failed, 0 pending");
  }
  run::SweepDb reopened((dir / "s.sqlite").string());
  EXPECT_EQ(reopened.runs().size(), 4u);
  EXPECT_NE(run::report_html((dir / "s.sqlite").string()).find("4 finished runs, 2 PASS"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Sweep, UnopenableDatabaseIsBadInput) {
  EXPECT_THROW(run::SweepDb("/no/such/dir/s.sqlite"), run::InputError);
}

}  // namespace
}  // namespace fdl::test
