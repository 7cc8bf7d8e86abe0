// fdl — the command line. Exit codes: 0 success (and verdict PASS), 1 verdict FAIL, 2 bad input,
// 3 internal error.
#include "distribute.hpp"
#include "fdl/ad/gemm.hpp"
#include "fdl/data/array.hpp"
#include "fdl/run/report.hpp"
#include "fdl/run/runner.hpp"
#include "fdl/run/settings.hpp"
#include "fdl/run/sweep.hpp"
#include "fdl/version.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>

namespace {

using namespace fdl::run;

// Bad input (a config error, or a data file that cannot be read as expected) is exit code 2;
// anything else that escapes is an internal error, exit code 3.
int exit_code(const std::exception& e) {
  const bool bad_input = dynamic_cast<const InputError*>(&e) || dynamic_cast<const fdl::data::DataError*>(&e);
  std::cerr << (bad_input ? "fdl: " : "fdl: internal error: ") << e.what() << "\n";
  return bad_input ? 2 : 3;
}

// The live line "iteration t/T  loss  rate  ETA" on stderr, only on a terminal and without --quiet.
struct ProgressLine {
  bool enabled;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  Progress progress() {
    if (!enabled) return {};
    start = std::chrono::steady_clock::now();
    return Progress([this](std::int64_t t, std::int64_t total, double loss) {
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double rate = elapsed > 0 ? double(t) / elapsed : 0;
      const double eta = rate > 0 ? double(total - t) / rate : 0;
      std::fprintf(stderr, "\r  iteration %lld/%lld  loss %.4g  %.3g it/s  ETA %.1f s\033[K", (long long)t, (long long)total, loss, rate, eta);
      std::fflush(stderr);
    });
  }
  void clear() const {
    if (enabled) std::fprintf(stderr, "\r\033[K"), std::fflush(stderr);
  }
};

void print_keys(const Experiment& e) {
  std::printf("%s (claim %s): %s\n\nconfig keys (--set KEY=VALUE, or KEY = VALUE in --config FILE.toml):\n", e.name.c_str(),
              e.claim.c_str(), e.summary.c_str());
  for (const Key& k : e.schema.keys())
    std::printf("  %-20s %-8s %-10s %s (%s)\n", k.name.c_str(), type_name(k.type), format(k.fallback).c_str(), k.doc.c_str(),
                k.expected().c_str());
  std::printf("  %-20s %-8s %-10s %s\n", "seed", "integer", "0", "seed of every random choice (also --seed)");
}

std::vector<Setting> settings_of(const std::string& config_file, const std::vector<std::string>& sets, const std::string& seed) {
  std::vector<Setting> settings;
  if (!config_file.empty()) settings = read_settings(config_file);
  for (const std::string& s : sets) settings.push_back(parse_assignment(s));
  if (!seed.empty()) settings.push_back({"seed", seed, "--seed"});
  return settings;
}

void set_threads(int threads) {
  if (threads > 0) fdl::ad::set_blas_threads(threads);
}

int run_one(const std::string& name, const std::vector<Setting>& settings, const std::string& out, ProgressLine line) {
  const Experiment& e = experiment(name);
  Config config(e.schema, settings);
  Progress progress = line.progress();
  Outcome o = execute(e, config, progress);
  line.clear();
  std::cout << e.name << " (claim " << e.claim << "): " << e.summary << "\n\n" << o.result.report << "\n" << checks_table(o.result);
  if (!out.empty()) {
    write_run(o, out);
    std::cout << "results in " << out << "/result.json\n";
  }
  std::cout << "verdict: " << (o.result.passed() ? "PASS" : "FAIL") << "\n";
  return o.result.passed() ? 0 : 1;
}

int verify(const std::string& seed, const std::string& out, bool quick, ProgressLine line) {
  bool all = true;
  std::vector<Outcome> outcomes;
  for (const Experiment* e : verified_experiments(quick)) {
    std::cerr << "running " << e->name << " ...\n";
    Progress progress = line.progress();
    outcomes.push_back(execute(*e, Config(e->schema, settings_of("", {}, seed)), progress));
    line.clear();
    write_run(outcomes.back(), (std::filesystem::path(out) / e->name).string());
  }
  std::printf("%-26s %-6s %-7s %s\n", "experiment", "claim", "verdict", "checks");
  for (const Outcome& o : outcomes) {
    std::printf("%-26s %-6s %-7s\n%s", o.experiment->name.c_str(), o.experiment->claim.c_str(), o.result.passed() ? "PASS" : "FAIL",
                checks_table(o.result).c_str());
    all = all && o.result.passed();
  }
  const std::string html = (std::filesystem::path(out) / "report.html").string();
  write_report(out, html);
  for (const Experiment& e : experiments())
    if (quick && e.long_running) std::printf("%-26s %-6s skipped (long; run without --quick)\n", e.name.c_str(), e.claim.c_str());
  std::printf("%zu experiments, %s; report in %s\n", outcomes.size(), all ? "all PASS" : "some FAIL", html.c_str());
  return all ? 0 : 1;
}

int sweep_on_rank0(const fdl::cli::MpiSession& mpi, const std::vector<Job>& jobs, const std::string& db_path, bool status) {
  SweepDb db(db_path);
  if (status) {
    std::cout << sweep_status(jobs, db) << "\n";
    return 0;
  }
  const std::set<std::string> finished = db.finished();
  std::vector<Job> pending;
  for (const Job& j : jobs)
    if (!finished.count(j.hash)) pending.push_back(j);
  std::cout << jobs.size() << " jobs, " << jobs.size() - pending.size() << " already finished, " << mpi.size() << " rank(s)\n";
  std::size_t count = jobs.size() - pending.size();
  fdl::cli::distribute(mpi, pending, &db, [&](const Record& r) {
    std::printf("[%zu/%zu] %-8s %s %s %.3f s%s%s\n", ++count, jobs.size(), r.status.c_str(), r.passed ? "PASS" : "FAIL",
                r.config.c_str(), r.wall_seconds, r.error.empty() ? "" : "  error: ", r.error.c_str());
    std::fflush(stdout);
  });
  std::cout << sweep_status(jobs, db) << "\n";
  return 0;
}

// Every rank reads and checks the sweep file (bad input ends them all alike); afterwards an error
// on rank 0 aborts the other ranks, which would otherwise wait for work.
int sweep(const fdl::cli::MpiSession& mpi, const std::string& file, std::string db_path, bool status) {
  const std::vector<Job> jobs = plan_sweep(read_sweep_file(file));
  if (db_path.empty()) db_path = std::filesystem::path(file).replace_extension(".sqlite").string();
  if (mpi.rank() != 0) {
    if (!status) fdl::cli::distribute(mpi, {}, nullptr, nullptr);
    return 0;
  }
  try {
    return sweep_on_rank0(mpi, jobs, db_path, status);
  } catch (const std::exception& e) {
    const int code = exit_code(e);
    if (mpi.size() > 1) mpi.abort(code);
    return code;
  }
}

// `fdl run NAME --help`: the experiment's keys, defaults and docs.
bool experiment_help(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[1], "run") != 0) return false;
  const Experiment* e = find_experiment(argv[2]);
  for (int i = 3; e && i < argc; ++i)
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) return print_keys(*e), true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (experiment_help(argc, argv)) return 0;
  CLI::App app{"fdl: a laboratory for the foundations of deep learning"};
  app.set_version_flag("--version", std::string("fdl ") + fdl::version() + " (" + fdl::commit() + ")");
  app.require_subcommand(0, 1);

  auto* list = app.add_subcommand("list", "List the registered experiments, one line each");

  std::string name, config_file, seed, out, db, path;
  std::vector<std::string> sets;
  bool quiet = false, status = false;
  int threads = 0;
  auto* run = app.add_subcommand("run", "Run one experiment and print its verdict (`fdl run NAME --help`: its config keys)");
  run->add_option("name", name, "Experiment name (see `fdl list`)")->required();
  run->add_option("--config", config_file, "TOML file of config keys (tables give dotted keys)");
  run->add_option("--set", sets, "Override a config key: --set key=value (repeatable; after --config)");
  run->add_option("--seed", seed, "Seed of every random choice (default 0)");
  run->add_option("--out", out, "Write DIR/result.json, DIR/metrics.csv and the plots");
  run->add_option("--threads", threads, "BLAS threads of large products (default: OpenBLAS's)");
  run->add_flag("--quiet,-q", quiet, "No progress line");

  auto* verify_cmd = app.add_subcommand("verify", "Run every experiment at its default size, print the claims table, write the report; exit 0 only if all pass");
  verify_cmd->add_option("--seed", seed, "Seed of every random choice (default 0)");
  std::string verify_out = "results/verify";
  verify_cmd->add_option("--out", verify_out, "Directory of the runs and report.html")->capture_default_str();
  verify_cmd->add_option("--threads", threads, "BLAS threads of large products (default: OpenBLAS's)");
  verify_cmd->add_flag("--quiet,-q", quiet, "No progress line");
  bool quick = false;
  verify_cmd->add_flag("--quick", quick, "Skip the long experiments (real-data runs of minutes)");

  int sweep_threads = 1;
  auto* sweep_cmd = app.add_subcommand("sweep", "Run the grid × seeds of a sweep file into SQLite (resumable; under mpirun, over ranks)");
  sweep_cmd->add_option("file", path, "Sweep file (TOML: experiment, seeds, [grid], [set])")->required();
  sweep_cmd->add_option("--db", db, "SQLite database (default: FILE with extension .sqlite)");
  sweep_cmd->add_flag("--status", status, "Show how far the sweep is, run nothing");
  sweep_cmd->add_option("--threads", sweep_threads, "BLAS threads per run")->capture_default_str();

  std::string report_out;
  auto* report = app.add_subcommand("report", "Write a self-contained HTML report of a run, a folder of runs or a sweep database");
  report->add_option("path", path, "Run directory, folder of runs, or sweep database")->required();
  report->add_option("--out", report_out, "HTML file (default: DIR/report.html, or DB with extension .html)");

  try {
    app.parse(argc, argv);
    const ProgressLine line{!quiet && isatty(fileno(stderr)) != 0};
    set_threads(threads);
    if (list->parsed()) {
      for (const Experiment& e : experiments()) std::printf("%-26s %-5s %s\n", e.name.c_str(), e.claim.c_str(), e.summary.c_str());
      if (experiments().empty()) std::cout << "no experiments registered\n";
      return 0;
    }
    if (run->parsed()) return run_one(name, settings_of(config_file, sets, seed), out, line);
    if (verify_cmd->parsed()) return verify(seed, verify_out, quick, line);
    if (report->parsed()) {
      if (report_out.empty())
        report_out = std::filesystem::is_directory(path) ? (std::filesystem::path(path) / "report.html").string()
                                                         : std::filesystem::path(path).replace_extension(".html").string();
      write_report(path, report_out);
      std::cout << "report in " << report_out << "\n";
      return 0;
    }
    if (sweep_cmd->parsed()) {
      set_threads(sweep_threads);
      fdl::cli::MpiSession mpi(argc, argv);
      return sweep(mpi, path, db, status);
    }
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    return exit_code(e);
  }
}
