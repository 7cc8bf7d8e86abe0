#include "fdl/run/settings.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <sstream>

namespace fdl::run {
namespace {

// A single TOML value as the text a `--set` would give; nullopt for arrays, tables and dates.
std::optional<std::string> scalar_text(const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto f = node.as_floating_point()) return format(Value(f->get()));
  return std::nullopt;
}

toml::table parse_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot read config file '" + path + "': expected a readable TOML file");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "config file '" << path << "' line " << e.source().begin.line << ": " << e.description()
        << " (expected TOML)";
    throw InputError(msg.str());
  }
}

// Appends each scalar of `table` as a setting "prefix.key"; `leaf` handles the non-scalars.
template <class Leaf>
void flatten(const toml::table& table, const std::string& prefix, Leaf&& leaf) {
  for (const auto& [k, node] : table) {
    std::string key = prefix + std::string(k.str());
    if (const toml::table* sub = node.as_table())
      flatten(*sub, key + ".", leaf);
    else
      leaf(key, node);
  }
}

}  // namespace

Setting parse_assignment(const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) throw InputError("--set '" + assignment + "': expected key=value");
  return {assignment.substr(0, eq), assignment.substr(eq + 1), "--set"};
}

std::vector<Setting> read_settings(const std::string& toml_path) {
  std::vector<Setting> out;
  flatten(parse_file(toml_path), "", [&](const std::string& key, const toml::node& node) {
    auto text = scalar_text(node);
    if (!text)
      throw InputError("config key '" + key + "' in '" + toml_path + "': expected a single number, integer, boolean or string");
    out.push_back({key, *text, toml_path});
  });
  return out;
}

SweepFile read_sweep_file(const std::string& path) {
  toml::table file = parse_file(path);
  SweepFile sweep;
  auto where = [&](const std::string& key) { return "sweep file '" + path + "', key '" + key + "'"; };
  for (const auto& [k, node] : file) {
    const std::string key(k.str());
    if (key == "experiment") {
      auto name = node.value<std::string>();
      if (!name) throw InputError(where(key) + ": expected the experiment's name as a string");
      sweep.experiment = *name;
    } else if (key == "seeds") {
      const toml::array* seeds = node.as_array();
      if (!seeds || seeds->empty()) throw InputError(where(key) + ": expected a non-empty list of non-negative integers");
      for (const toml::node& s : *seeds) {
        auto v = s.value<std::int64_t>();
        if (!v || *v < 0 || !s.is_integer()) throw InputError(where(key) + ": expected a non-empty list of non-negative integers");
        sweep.seeds.push_back(std::uint64_t(*v));
      }
    } else if (key == "grid" || key == "set") {
      const toml::table* table = node.as_table();
      if (!table) throw InputError(where(key) + ": expected a table [" + key + "]");
      flatten(*table, "", [&](const std::string& name, const toml::node& value) {
        if (key == "set") {
          auto text = scalar_text(value);
          if (!text) throw InputError(where("set." + name) + ": expected a single number, integer, boolean or string");
          sweep.fixed.push_back({name, *text, path});
          return;
        }
        const toml::array* list = value.as_array();
        if (!list || list->empty()) throw InputError(where("grid." + name) + ": expected a non-empty list of values");
        std::vector<std::string> texts;
        for (const toml::node& v : *list) {
          auto text = scalar_text(v);
          if (!text) throw InputError(where("grid." + name) + ": expected a list of numbers, integers, booleans or strings");
          texts.push_back(*text);
        }
        sweep.grid.emplace_back(name, std::move(texts));
      });
    } else {
      throw InputError(where(key) + ": unknown key; expected experiment, seeds, [grid], [set]");
    }
  }
  if (sweep.experiment.empty()) throw InputError("sweep file '" + path + "': expected a key experiment = \"NAME\"");
  if (sweep.seeds.empty()) sweep.seeds = {0};
  return sweep;
}

std::vector<std::vector<Setting>> SweepFile::points() const {
  std::vector<std::vector<Setting>> points{fixed};
  for (const auto& [key, values] : grid) {
    std::vector<std::vector<Setting>> next;
    for (const auto& p : points)
      for (const std::string& v : values) {
        next.push_back(p);
        next.back().push_back({key, v, "[grid]"});
      }
    points = std::move(next);
  }
  std::vector<std::vector<Setting>> out;
  for (const auto& p : points)
    for (std::uint64_t seed : seeds) {
      out.push_back(p);
      out.back().push_back({"seed", std::to_string(seed), "seeds"});
    }
  return out;
}

}  // namespace fdl::run
