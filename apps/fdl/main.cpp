// fdl — the command line. Exit codes: 0 success (and verdict PASS), 1 verdict FAIL, 2 bad input,
// 3 internal error.
#include "fdl/run/experiment.hpp"
#include "fdl/version.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <iostream>

namespace {

using namespace fdl::run;

std::map<std::string, std::string> parse_sets(const std::vector<std::string>& sets) {
  std::map<std::string, std::string> values;
  for (const std::string& s : sets) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("--set '" + s + "': expected key=value");
    values[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return values;
}

void print_checks(const Result& r) {
  for (const Check& c : r.checks)
    std::printf("  [%s] %s: %g %s %g\n", c.passed() ? "PASS" : "FAIL", c.name.c_str(), c.value, c.relation.c_str(), c.threshold);
}

int run_one(const std::string& name, const std::vector<std::string>& sets, std::uint64_t seed) {
  const Experiment* e = find_experiment(name);
  if (!e) throw InputError("unknown experiment '" + name + "' (see `fdl list`)");
  Config cfg(parse_sets(sets), seed);
  Result r = e->run(cfg);
  std::cout << e->name << " (claim " << e->claim << "): " << e->summary << "\n\n" << r.report << "\n";
  print_checks(r);
  std::cout << "verdict: " << (r.passed() ? "PASS" : "FAIL") << "\n";
  return r.passed() ? 0 : 1;
}

int verify(std::uint64_t seed) {
  bool all = true;
  std::vector<std::pair<const Experiment*, Result>> results;
  for (const Experiment& e : experiments()) {
    Config cfg({}, seed);
    std::cerr << "running " << e.name << " ...\n";
    results.emplace_back(&e, e.run(cfg));
  }
  std::printf("%-26s %-6s %-7s %s\n", "experiment", "claim", "verdict", "checks");
  for (const auto& [e, r] : results) {
    std::printf("%-26s %-6s %-7s\n", e->name.c_str(), e->claim.c_str(), r.passed() ? "PASS" : "FAIL");
    print_checks(r);
    all = all && r.passed();
  }
  std::printf("%zu experiments, %s\n", results.size(), all ? "all PASS" : "some FAIL");
  return all ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fdl: a laboratory for the foundations of deep learning"};
  app.set_version_flag("--version", std::string("fdl ") + fdl::version() + " (" + fdl::commit() + ")");
  app.require_subcommand(0, 1);

  auto* list = app.add_subcommand("list", "List the registered experiments, one line each");

  std::string name;
  std::vector<std::string> sets;
  std::uint64_t seed = 0;
  auto* run = app.add_subcommand("run", "Run one experiment and print its verdict");
  run->add_option("name", name, "Experiment name (see `fdl list`)")->required();
  run->add_option("--set", sets, "Override a config key: --set key=value (repeatable)");
  run->add_option("--seed", seed, "Seed of every random choice");

  auto* verify_cmd = app.add_subcommand("verify", "Run every experiment at its default size; exit 0 only if all pass");
  verify_cmd->add_option("--seed", seed, "Seed of every random choice");

  try {
    app.parse(argc, argv);
    if (list->parsed()) {
      for (const Experiment& e : experiments()) std::printf("%-26s %-4s %s\n", e.name.c_str(), e.claim.c_str(), e.summary.c_str());
      if (experiments().empty()) std::cout << "no experiments registered\n";
      return 0;
    }
    if (run->parsed()) return run_one(name, sets, seed);
    if (verify_cmd->parsed()) return verify(seed);
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const InputError& e) {
    std::cerr << "fdl: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "fdl: internal error: " << e.what() << "\n";
    return 3;
  }
}
