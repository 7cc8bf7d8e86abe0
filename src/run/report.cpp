#include "fdl/run/report.hpp"

#include "fdl/run/experiment.hpp"
#include "fdl/run/sweep.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fdl::run {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read '" + path.string() + "'");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string base64(const std::string& bytes) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 | (unsigned char)bytes[i + 2];
    for (int k = 18; k >= 0; k -= 6) out += digits[(v >> k) & 63];
  }
  if (i < bytes.size()) {
    unsigned v = (unsigned char)bytes[i] << 16 | (i + 1 < bytes.size() ? (unsigned char)bytes[i + 1] << 8 : 0);
    out += digits[(v >> 18) & 63];
    out += digits[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? digits[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  return out;
}

std::string number(const json& v) {
  if (v.is_null()) return "NaN";
  if (!v.is_number()) return escape(v.is_string() ? v.get<std::string>() : v.dump());
  std::ostringstream s;
  s << v.get<double>();
  return s.str();
}

std::string verdict(bool passed) {
  return passed ? "<span class=pass>PASS</span>" : "<span class=fail>FAIL</span>";
}

std::string checks_cell(const json& verdict_json) {
  std::string out;
  for (const auto& c : verdict_json["checks"])
    out += (c["passed"].get<bool>() ? "✓ " : "✗ ") + escape(c["name"]) + ": " + number(c["value"]) + " " +
           escape(c["relation"]) + " " + number(c["threshold"]) + "<br>";
  return out;
}

std::string key_value_table(const json& object) {
  std::string out = "<table class=kv>";
  for (const auto& [k, v] : object.items()) out += "<tr><td>" + escape(k) + "</td><td>" + number(v) + "</td></tr>";
  return out + "</table>";
}

struct Run {
  fs::path dir;
  json result;
};

std::string run_section(const Run& run, int index) {
  const json& r = run.result;
  std::string out = "<section id=run" + std::to_string(index) + "><h2>" + escape(r["experiment"]) + " " +
                    verdict(r["verdict"]["passed"]) + "</h2>";
  out += "<p>" + escape(r.value("summary", "")) + " (claim " + escape(r.value("claim", "")) + ", status " +
         escape(r.value("status", "")) + ", " + escape(run.dir.string()) + ")</p>";
  out += "<h3>Checks</h3><p>" + checks_cell(r["verdict"]) + "</p>";
  for (const auto& plot : r.value("plots", json::array())) {
    const fs::path svg = run.dir / (plot.get<std::string>() + ".svg"), png = run.dir / (plot.get<std::string>() + ".png");
    if (fs::exists(svg))
      out += "<img alt=\"" + escape(plot) + "\" src=\"data:image/svg+xml;base64," + base64(read_file(svg)) + "\">";
    else if (fs::exists(png))
      out += "<img alt=\"" + escape(plot) + "\" src=\"data:image/png;base64," + base64(read_file(png)) + "\">";
  }
  out += "<div class=cols><div><h3>Metrics</h3>" + key_value_table(r["metrics"]) + "</div>";
  out += "<div><h3>Config</h3>" + key_value_table(r["config"]) + "</div>";
  out += "<div><h3>Provenance</h3>" + key_value_table(r["provenance"]) + "</div></div></section>";
  return out;
}

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>" + escape(title) +
         "</title><style>"
         "body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}"
         "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
         "th{background:#f0f0f0}.pass{color:#fff;background:#2a7;padding:0 .4em}.fail{color:#fff;background:#c33;padding:0 .4em}"
         ".cols{display:flex;gap:2em;flex-wrap:wrap}img{max-width:100%;border:1px solid #ddd;margin:.5em 0}"
         "section{border-top:2px solid #ddd;margin-top:2em}</style></head><body><h1>" +
         escape(title) + "</h1>" + body + "</body></html>\n";
}

std::string runs_report(std::vector<Run> runs, const std::string& title) {
  int passed = 0;
  std::string table = "<table><tr><th>experiment</th><th>claim</th><th>verdict</th><th>checks</th><th>wall s</th></tr>";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const json& r = runs[i].result;
    passed += r["verdict"]["passed"].get<bool>();
    table += "<tr><td><a href=\"#run" + std::to_string(i) + "\">" + escape(r["experiment"]) + "</a></td><td>" +
             escape(r.value("claim", "")) + "</td><td>" + verdict(r["verdict"]["passed"]) + "</td><td>" + checks_cell(r["verdict"]) +
             "</td><td>" + number(r["provenance"]["wall_seconds"]) + "</td></tr>";
  }
  std::string body = "<p>" + std::to_string(runs.size()) + " runs, " + std::to_string(passed) + " PASS, " +
                     std::to_string(runs.size() - passed) + " FAIL.</p>" + table + "</table>";
  for (std::size_t i = 0; i < runs.size(); ++i) body += run_section(runs[i], int(i));
  return page(title, body);
}

std::string sweep_report(const std::string& path) {
  SweepDb db(path);
  std::vector<Record> records = db.runs();
  int passed = 0;
  std::string table = "<table><tr><th>#</th><th>experiment</th><th>status</th><th>verdict</th><th>config</th><th>metrics</th><th>wall s</th></tr>";
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    passed += r.passed;
    table += "<tr><td>" + std::to_string(i + 1) + "</td><td>" + escape(r.experiment) + "</td><td>" + escape(r.status) + "</td><td>" +
             verdict(r.passed) + "</td><td>" + key_value_table(json::parse(r.config)) + "</td><td>" +
             (r.status == "failed" ? escape(r.error) : key_value_table(json::parse(r.metrics))) + "</td><td>" +
             number(r.wall_seconds) + "</td></tr>";
  }
  return page("fdl sweep " + path, "<p>" + std::to_string(records.size()) + " finished runs, " + std::to_string(passed) +
                                       " PASS.</p>" + table + "</table>");
}

bool is_sqlite(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, 16);
  return std::string(header, 15) == "SQLite format 3";
}

}  // namespace

std::string report_html(const std::string& path) {
  if (fs::is_regular_file(path)) {
    if (!is_sqlite(path)) throw InputError("report of '" + path + "': expected a run directory, a folder of runs or a sweep database");
    return sweep_report(path);
  }
  if (!fs::is_directory(path)) throw InputError("report of '" + path + "': no such file or directory");
  std::vector<fs::path> files;
  if (fs::exists(fs::path(path) / "result.json"))
    files.push_back(fs::path(path) / "result.json");
  else
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.path().filename() == "result.json") files.push_back(entry.path());
  if (files.empty()) throw InputError("report of '" + path + "': expected DIR/result.json or result.json files below DIR, found none");
  std::sort(files.begin(), files.end());
  std::vector<Run> runs;
  for (const fs::path& f : files) {
    try {
      runs.push_back({f.parent_path(), json::parse(read_file(f))});
    } catch (const json::exception& e) {
      throw InputError("'" + f.string() + "': expected a result.json of fdl run (" + e.what() + ")");
    }
  }
  return runs_report(std::move(runs), "fdl report: " + path);
}

void write_report(const std::string& path, const std::string& html_path) {
  const std::string html = report_html(path);
  std::ofstream out(html_path);
  out << html;
  if (!out) throw InputError("cannot write report '" + html_path + "'");
}

}  // namespace fdl::run
