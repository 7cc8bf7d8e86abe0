// `fdl report`: one self-contained HTML page (plots inlined as data URIs, no external file)
// from a run directory (DIR/result.json), a folder of runs (every result.json below it) or a
// sweep database: the claims table with verdicts and numbers, each run's checks, metrics,
// plots, config and provenance.
#pragma once

#include <string>

namespace fdl::run {

// InputError when `path` is neither a run, a folder holding runs, nor a sweep database.
std::string report_html(const std::string& path);

// Writes report_html(path) to `html_path`.
void write_report(const std::string& path, const std::string& html_path);

}  // namespace fdl::run
