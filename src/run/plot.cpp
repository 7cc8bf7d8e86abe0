// The headline plots of a run: a gnuplot script DIR/<name>.gp per plot, reading DIR/metrics.csv
// by column name, drawn to DIR/<name>.svg and DIR/<name>.png (Debian gnuplot-nox: svg, pngcairo).
#include "fdl/run/runner.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fdl::run {
namespace {

// A gnuplot string literal.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string script(const Plot& p) {
  // Rows where a curve has no value (several curves merged in one table) hold "nan": skipped, so
  // that each curve is drawn as one unbroken line.
  std::string s = "set datafile separator \",\"\nset datafile missing \"nan\"\n";
  s += "set terminal svg size 720,480 dynamic background rgb \"white\" font \"sans,12\"\n";
  s += "set output " + quoted(p.name + ".svg") + "\n";
  s += "set title " + quoted(p.title) + " noenhanced\n";
  s += "set xlabel " + quoted(p.xlabel.empty() ? p.x : p.xlabel) + " noenhanced\n";
  s += "set ylabel " + quoted(p.ylabel) + " noenhanced\n";
  if (p.logx) s += "set logscale x\n";
  if (p.logy) s += "set logscale y\n";
  s += "set grid\nset key top right noenhanced\nplot ";
  for (std::size_t i = 0; i < p.y.size(); ++i)
    s += std::string(i ? ", " : "") + quoted(i ? "" : "metrics.csv") + " using " + quoted(p.x) + ":" + quoted(p.y[i]) +
         " with lines lw 2 title " + quoted(p.y[i]);
  s += "\nset terminal pngcairo size 720,480 background rgb \"white\" font \"sans,10\"\n";
  s += "set output " + quoted(p.name + ".png") + "\nreplot\n";
  return s;
}

// The plot with every `y` entry "prefix*" replaced by the series' columns that start with prefix;
// std::logic_error for an entry that names no column.
Plot expanded(const Plot& p, const Series& series) {
  Plot out = p;
  out.y.clear();
  for (const std::string& y : p.y) {
    if (y.empty() || y.back() != '*') {
      series.column(y);
      out.y.push_back(y);
      continue;
    }
    const std::string prefix = y.substr(0, y.size() - 1);
    const std::size_t before = out.y.size();
    for (const std::string& c : series.columns)
      if (c.compare(0, prefix.size(), prefix) == 0) out.y.push_back(c);
    if (out.y.size() == before) throw std::logic_error("series has no column starting with '" + prefix + "'");
  }
  series.column(p.x);
  return out;
}

}  // namespace

std::vector<std::string> draw_plots(const std::vector<Plot>& plots, const Series& series, const std::string& dir) {
  std::vector<std::string> written;
  for (const Plot& unexpanded : plots) {
    if (std::find(series.columns.begin(), series.columns.end(), unexpanded.x) == series.columns.end()) continue;
    const Plot p = expanded(unexpanded, series);  // std::logic_error for a y column the series lacks
    if (series.empty()) continue;
    const std::filesystem::path gp = std::filesystem::path(dir) / (p.name + ".gp");
    std::ofstream(gp) << script(p);
    const std::string command = "cd " + shell_quoted(dir) + " && gnuplot " + shell_quoted(p.name + ".gp") + " 2>/dev/null";
    if (std::system(command.c_str()) != 0) {
      std::cerr << "fdl: warning: gnuplot could not draw " << gp.string() << " (is gnuplot installed?)\n";
      continue;
    }
    written.push_back(p.name + ".svg");
    written.push_back(p.name + ".png");
  }
  return written;
}

}  // namespace fdl::run
