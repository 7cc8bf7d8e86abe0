#include "fdl/run/runner.hpp"

#include "fdl/ad/gemm.hpp"
#include "fdl/version.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fdl::run {
namespace {

using nlohmann::ordered_json;  // keys in insertion order, as DESIGN.md lists them

constexpr std::size_t kInlineEntries = 10000;  // series, solution and reference up to this size go inline

ordered_json value_json(const Value& v) {
  return std::visit([](const auto& x) { return ordered_json(x); }, v);
}

ordered_json matrix_json(const Eigen::MatrixXd& m) {
  if (m.cols() == 1) return ordered_json(std::vector<double>(m.data(), m.data() + m.size()));
  ordered_json rows = ordered_json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    std::vector<double> row(std::size_t(m.cols()));
    for (Eigen::Index j = 0; j < m.cols(); ++j) row[std::size_t(j)] = m(i, j);
    rows.push_back(row);
  }
  return rows;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw InputError("cannot write '" + path.string() + "': expected a writable directory");
}

std::string csv(const Outcome& o) {
  std::string out;
  char buf[40];
  auto header = [&](const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + names[i];
    out += "\n";
  };
  auto row = [&](const std::vector<double>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%.17g", values[i]);
      out += (i ? "," : "") + std::string(buf);
    }
    out += "\n";
  };
  const Series& s = o.result.series;
  if (!s.columns.empty()) {
    header(s.columns);
    for (const auto& r : s.rows) row(r);
  } else {  // no curves: one row of the named metrics
    std::vector<std::string> names;
    std::vector<double> values;
    for (const auto& [k, v] : o.result.metrics) names.push_back(k), values.push_back(v);
    header(names);
    row(values);
  }
  return out;
}

}  // namespace

std::vector<const Experiment*> verified_experiments(bool quick) {
  std::vector<const Experiment*> chosen;
  for (const Experiment& e : experiments())
    if (!(quick && e.long_running)) chosen.push_back(&e);
  return chosen;
}

Outcome execute(const Experiment& e, const Config& config, Progress& progress) {
  Provenance p{version(), commit(), utc_now(), ad::blas_threads(), 0};
  auto start = std::chrono::steady_clock::now();
  Result r = e.run(config, progress);
  p.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& [name, value] : r.metrics)
    if (!std::isfinite(value)) r.diverged = true;
  return {&e, config, std::move(r), std::move(p)};
}

std::string config_json(const Config& config) {
  ordered_json c = ordered_json::object();
  for (const auto& [k, v] : config.values()) c[k] = value_json(v);
  c["seed"] = config.seed();
  return c.dump();
}

std::string result_json(const Outcome& o) {
  const Result& r = o.result;
  ordered_json j;
  j["experiment"] = o.experiment->name;
  j["claim"] = o.experiment->claim;
  j["summary"] = o.experiment->summary;
  j["status"] = o.status();
  j["config"] = ordered_json::parse(config_json(o.config));
  j["metrics"] = ordered_json::object();
  for (const auto& [k, v] : r.metrics) j["metrics"][k] = v;
  if (r.series.rows.size() * r.series.columns.size() <= kInlineEntries) {
    j["series"] = ordered_json::object();
    for (const std::string& c : r.series.columns) j["series"][c] = r.series.column(c);
  } else {
    j["series"] = "metrics.csv";
  }
  ordered_json checks = ordered_json::array();
  for (const Check& c : r.checks)
    checks.push_back({{"name", c.name}, {"value", c.value}, {"relation", c.relation}, {"threshold", c.threshold}, {"passed", c.passed()}});
  j["verdict"] = {{"passed", r.passed()}, {"checks", checks}};
  if (r.solution.size() > 0 && std::size_t(r.solution.size()) <= kInlineEntries) j["solution"] = matrix_json(r.solution);
  if (r.reference.size() > 0 && std::size_t(r.reference.size()) <= kInlineEntries) j["reference"] = matrix_json(r.reference);
  j["plots"] = ordered_json::array();
  for (const Plot& p : o.experiment->plots) j["plots"].push_back(p.name);
  const Provenance& p = o.provenance;
  j["provenance"] = {{"version", p.version}, {"commit", p.commit}, {"date", p.date}, {"threads", p.threads}, {"wall_seconds", p.wall_seconds}};
  return j.dump(2);
}

std::vector<std::string> write_run(const Outcome& o, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError("cannot create output directory '" + dir + "': " + ec.message());
  write_file(std::filesystem::path(dir) / "result.json", result_json(o) + "\n");
  write_file(std::filesystem::path(dir) / "metrics.csv", csv(o));
  return draw_plots(o.experiment->plots, o.result.series, dir);
}

std::string checks_table(const Result& r) {
  std::string out;
  char line[512];
  for (const Check& c : r.checks) {
    std::snprintf(line, sizeof line, "  [%s] %s: %g %s %g\n", c.passed() ? "PASS" : "FAIL", c.name.c_str(), c.value,
                  c.relation.c_str(), c.threshold);
    out += line;
  }
  if (r.diverged) out += "  [FAIL] the run diverged (NaN/Inf)\n";
  return out;
}

}  // namespace fdl::run
