#include "fdl/run/experiment.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

namespace fdl::run {
namespace {

std::vector<Experiment>& registry() {
  static std::vector<Experiment> all;
  return all;
}

template <class T>
bool parse_whole(const std::string& text, T& value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && !text.empty();
}

std::string number_text(double v) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ptr);
}

}  // namespace

const char* type_name(Type t) {
  switch (t) {
    case Type::number: return "number";
    case Type::integer: return "integer";
    case Type::flag: return "flag";
    case Type::text: return "text";
  }
  return "?";
}

std::string format(const Value& v) {
  struct {
    std::string operator()(double x) const { return number_text(x); }
    std::string operator()(std::int64_t x) const { return std::to_string(x); }
    std::string operator()(bool x) const { return x ? "true" : "false"; }
    std::string operator()(const std::string& x) const { return x; }
  } visit;
  return std::visit(visit, v);
}

std::string Key::expected() const {
  switch (type) {
    case Type::number: return "a number in [" + number_text(lo) + ", " + number_text(hi) + "]";
    case Type::integer:
      return "an integer in [" + std::to_string(std::int64_t(lo)) + ", " + std::to_string(std::int64_t(hi)) + "]";
    case Type::flag: return "true or false";
    case Type::text: {
      if (choices.empty()) return "a text";
      std::string s = "one of ";
      for (std::size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
      return s;
    }
  }
  return "";
}

Value Key::parse(const std::string& text, const std::string& origin) const {
  auto fail = [&]() -> Value {
    throw InputError("config key '" + name + "'" + (origin.empty() ? "" : " (from " + origin + ")") + ": expected " + expected() +
                     ", got '" + text + "'");
  };
  switch (type) {
    case Type::number: {
      double v;
      if (!parse_whole(text, v) || !(v >= lo && v <= hi)) return fail();
      return v;
    }
    case Type::integer: {
      std::int64_t v;
      if (!parse_whole(text, v) || !(double(v) >= lo && double(v) <= hi)) return fail();
      return v;
    }
    case Type::flag:
      if (text == "true" || text == "1") return true;
      if (text == "false" || text == "0") return false;
      return fail();
    case Type::text:
      if (!choices.empty() && std::find(choices.begin(), choices.end(), text) == choices.end()) return fail();
      return text;
  }
  return fail();
}

Schema& Schema::add(Key key) {
  if (find(key.name) || key.name == "seed") throw std::logic_error("config key '" + key.name + "' declared twice (or reserved)");
  keys_.push_back(std::move(key));
  return *this;
}

Schema& Schema::number(std::string name, double fallback, double lo, double hi, std::string doc) {
  return add({std::move(name), Type::number, fallback, lo, hi, {}, std::move(doc)});
}

Schema& Schema::integer(std::string name, std::int64_t fallback, std::int64_t lo, std::int64_t hi, std::string doc) {
  return add({std::move(name), Type::integer, fallback, double(lo), double(hi), {}, std::move(doc)});
}

Schema& Schema::flag(std::string name, bool fallback, std::string doc) {
  return add({std::move(name), Type::flag, fallback, 0, 0, {}, std::move(doc)});
}

Schema& Schema::text(std::string name, std::string fallback, std::vector<std::string> choices, std::string doc) {
  return add({std::move(name), Type::text, std::move(fallback), 0, 0, std::move(choices), std::move(doc)});
}

const Key* Schema::find(const std::string& name) const {
  for (const Key& k : keys_)
    if (k.name == name) return &k;
  return nullptr;
}

Config::Config(const Schema& schema, const std::vector<Setting>& settings, std::uint64_t seed) : seed_(seed) {
  for (const Key& k : schema.keys()) {
    values_[k.name] = k.fallback;
    types_[k.name] = k.type;
  }
  for (const Setting& s : settings) {
    const std::string where = s.origin.empty() ? "" : " (from " + s.origin + ")";
    if (s.key == "seed") {
      if (!parse_whole(s.text, seed_))
        throw InputError("config key 'seed'" + where + ": expected a non-negative integer, got '" + s.text + "'");
      continue;
    }
    const Key* k = schema.find(s.key);
    if (!k) {
      std::string known;
      for (const Key& key : schema.keys()) known += (known.empty() ? "" : ", ") + key.name;
      throw InputError("unknown config key '" + s.key + "'" + where + "; known keys: " + known + ", seed");
    }
    values_[k->name] = k->parse(s.text, s.origin);
  }
}

const Value& Config::at(const std::string& key, Type type) const {
  auto it = types_.find(key);
  if (it == types_.end()) throw std::logic_error("config key '" + key + "' is not declared in the schema");
  if (it->second != type)
    throw std::logic_error("config key '" + key + "' is a " + type_name(it->second) + ", read as a " + type_name(type));
  return values_.at(key);
}

double Config::number(const std::string& key) const { return std::get<double>(at(key, Type::number)); }
std::int64_t Config::integer(const std::string& key) const { return std::get<std::int64_t>(at(key, Type::integer)); }
bool Config::flag(const std::string& key) const { return std::get<bool>(at(key, Type::flag)); }
const std::string& Config::text(const std::string& key) const { return std::get<std::string>(at(key, Type::text)); }

void Series::add(std::vector<double> row) {
  if (row.size() != columns.size())
    throw std::logic_error("series row has " + std::to_string(row.size()) + " entries for " + std::to_string(columns.size()) + " columns");
  rows.push_back(std::move(row));
}

std::vector<double> Series::column(const std::string& name) const {
  auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end()) throw std::logic_error("series has no column '" + name + "'");
  std::vector<double> out;
  for (const auto& r : rows) out.push_back(r[std::size_t(it - columns.begin())]);
  return out;
}

Series Series::padded(const std::vector<std::pair<std::string, std::vector<double>>>& columns) {
  Series s;
  std::size_t length = 0;
  for (const auto& [name, values] : columns) s.columns.push_back(name), length = std::max(length, values.size());
  s.rows.assign(length, std::vector<double>(columns.size(), std::numeric_limits<double>::quiet_NaN()));
  for (std::size_t c = 0; c < columns.size(); ++c)
    for (std::size_t r = 0; r < columns[c].second.size(); ++r) s.rows[r][c] = columns[c].second[r];
  return s;
}

bool Result::passed() const {
  return !diverged && !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed(); });
}

Progress::Progress(Sink sink, double interval_seconds)
    : sink_(std::move(sink)),
      interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(interval_seconds))) {}

void Progress::tick(std::int64_t iteration, std::int64_t total, double loss) {
  auto now = std::chrono::steady_clock::now();
  if (iteration + 1 < total && last_ != std::chrono::steady_clock::time_point{} && now - last_ < interval_) return;
  last_ = now;
  sink_(iteration, total, loss);
}

const std::vector<Experiment>& experiments() { return registry(); }

const Experiment* find_experiment(const std::string& name) {
  for (const Experiment& e : registry())
    if (e.name == name) return &e;
  return nullptr;
}

const Experiment& experiment(const std::string& name) {
  if (const Experiment* e = find_experiment(name)) return *e;
  std::string known;
  for (const Experiment& e : registry()) known += (known.empty() ? "" : ", ") + e.name;
  throw InputError("unknown experiment '" + name + "'; known: " + known + " (see `fdl list`)");
}

Registration::Registration(Experiment e) {
  registry().push_back(std::move(e));
  std::sort(registry().begin(), registry().end(), [](const Experiment& a, const Experiment& b) { return a.name < b.name; });
}

}  // namespace fdl::run
