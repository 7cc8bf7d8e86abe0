// Config schemas, settings from --set and TOML files, sweep files: resolution and bad input.
#include "fdl/run/experiment.hpp"
#include "fdl/run/settings.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fdl::test {
namespace {

using run::Config;
using run::InputError;
using run::Schema;
using run::Setting;

Schema schema() {
  return Schema()
      .integer("n", 20, 1, 100, "examples")
      .number("eta", 0.5, 0, 2, "step size")
      .flag("normalize", false, "normalize rows")
      .text("potential", "euclidean", {"euclidean", "entropy"}, "mirror map")
      .text("label", "run", {}, "free text")
      .integer("cost.n", 5, 1, 10, "dotted key");
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

std::string write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("fdl_config_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, DefaultsResolveEveryKey) {
  Config c(schema(), {});
  EXPECT_EQ(c.integer("n"), 20);
  EXPECT_EQ(c.number("eta"), 0.5);
  EXPECT_FALSE(c.flag("normalize"));
  EXPECT_EQ(c.text("potential"), "euclidean");
  EXPECT_EQ(c.integer("cost.n"), 5);
  EXPECT_EQ(c.seed(), 0u);
  EXPECT_EQ(c.values().size(), 6u);
}

TEST(Config, SettingsAreTypedAndLaterOnesWin) {
  Config c(schema(), {{"n", "7", ""}, {"eta", "1e-3", ""}, {"normalize", "true", ""}, {"potential", "entropy", ""},
                      {"cost.n", "9", ""}, {"n", "8", ""}, {"seed", "42", ""}, {"label", "a b", ""}});
  EXPECT_EQ(c.integer("n"), 8);
  EXPECT_EQ(c.number("eta"), 1e-3);
  EXPECT_TRUE(c.flag("normalize"));
  EXPECT_EQ(c.text("potential"), "entropy");
  EXPECT_EQ(c.text("label"), "a b");
  EXPECT_EQ(c.integer("cost.n"), 9);
  EXPECT_EQ(c.seed(), 42u);
}

TEST(Config, BadInputNamesKeyOriginAndExpectation) {
  auto bad = [](Setting s) { return message_of([&] { Config(schema(), {s}); }); };
  EXPECT_EQ(bad({"m", "1", "--set"}), "unknown config key 'm' (from --set); known keys: n, eta, normalize, potential, label, cost.n, seed");
  EXPECT_EQ(bad({"n", "many", "--set"}), "config key 'n' (from --set): expected an integer in [1, 100], got 'many'");
  EXPECT_EQ(bad({"n", "2.5", "f.toml"}), "config key 'n' (from f.toml): expected an integer in [1, 100], got '2.5'");
  EXPECT_EQ(bad({"n", "101", "--set"}), "config key 'n' (from --set): expected an integer in [1, 100], got '101'");
  EXPECT_EQ(bad({"eta", "2.0001", "--set"}), "config key 'eta' (from --set): expected a number in [0, 2], got '2.0001'");
  EXPECT_EQ(bad({"eta", "nan", "--set"}), "config key 'eta' (from --set): expected a number in [0, 2], got 'nan'");
  EXPECT_EQ(bad({"eta", "", "--set"}), "config key 'eta' (from --set): expected a number in [0, 2], got ''");
  EXPECT_EQ(bad({"normalize", "yes", "--set"}), "config key 'normalize' (from --set): expected true or false, got 'yes'");
  EXPECT_EQ(bad({"potential", "l1", "--set"}), "config key 'potential' (from --set): expected one of euclidean, entropy, got 'l1'");
  EXPECT_EQ(bad({"seed", "-1", "--seed"}), "config key 'seed' (from --seed): expected a non-negative integer, got '-1'");
}

TEST(Config, ReadingUndeclaredOrMistypedKeyIsAProgrammingError) {
  Config c(schema(), {});
  EXPECT_THROW(c.number("n"), std::logic_error);
  EXPECT_THROW(c.integer("missing"), std::logic_error);
  EXPECT_THROW(Schema().flag("a", true, "").flag("a", false, ""), std::logic_error);
  EXPECT_THROW(Schema().flag("seed", true, ""), std::logic_error);
}

TEST(Settings, AssignmentSplitsAtTheFirstEquals) {
  Setting s = run::parse_assignment("label=a=b");
  EXPECT_EQ(s.key, "label");
  EXPECT_EQ(s.text, "a=b");
  EXPECT_EQ(message_of([] { run::parse_assignment("n"); }), "--set 'n': expected key=value");
  EXPECT_EQ(message_of([] { run::parse_assignment("=3"); }), "--set '=3': expected key=value");
}

TEST(Settings, TomlTablesBecomeDottedKeysWithTheirTypes) {
  const std::string path = write_temp("ok.toml", "n = 7\neta = 0.25\nnormalize = true\npotential = \"entropy\"\nseed = 3\n[cost]\nn = 9\n");
  Config c(schema(), run::read_settings(path));
  EXPECT_EQ(c.integer("n"), 7);
  EXPECT_EQ(c.number("eta"), 0.25);
  EXPECT_TRUE(c.flag("normalize"));
  EXPECT_EQ(c.text("potential"), "entropy");
  EXPECT_EQ(c.integer("cost.n"), 9);
  EXPECT_EQ(c.seed(), 3u);
  EXPECT_EQ(message_of([&] { Config(schema(), run::read_settings(write_temp("bad.toml", "[cost]\nm = 1\n"))); }).substr(0, 42),
            "unknown config key 'cost.m' (from /tmp/fdl");
  std::filesystem::remove(path);
}

TEST(Settings, UnreadableOrMalformedFilesNameTheFile) {
  EXPECT_EQ(message_of([] { run::read_settings("/no/such/file.toml"); }),
            "cannot read config file '/no/such/file.toml': expected a readable TOML file");
  const std::string broken = write_temp("broken.toml", "n = 1\nn = 2\n");
  EXPECT_NE(message_of([&] { run::read_settings(broken); }).find("config file '" + broken + "' line 2"), std::string::npos);
  const std::string list = write_temp("list.toml", "n = [1, 2]\n");
  EXPECT_EQ(message_of([&] { run::read_settings(list); }),
            "config key 'n' in '" + list + "': expected a single number, integer, boolean or string");
}

TEST(SweepFile, PointsAreTheGridTimesTheSeedsWithFixedSettings) {
  const std::string path = write_temp("sweep.toml",
                                      "experiment = \"demo\"\nseeds = [1, 2]\n[grid]\nn = [3, 4, 5]\npotential = [\"euclidean\", \"entropy\"]\n"
                                      "[set]\neta = 0.1\n");
  run::SweepFile s = run::read_sweep_file(path);
  EXPECT_EQ(s.experiment, "demo");
  auto points = s.points();
  ASSERT_EQ(points.size(), 12u);
  std::set<std::tuple<std::int64_t, std::string, std::uint64_t>> distinct;
  for (const auto& p : points) {
    Config c(schema(), p);
    EXPECT_EQ(c.number("eta"), 0.1);
    distinct.insert({c.integer("n"), c.text("potential"), c.seed()});
  }
  EXPECT_EQ(distinct.size(), 12u);
  Config first(schema(), points[0]), second(schema(), points[1]);
  EXPECT_EQ(first.seed(), 1u);  // seeds vary fastest
  EXPECT_EQ(second.seed(), 2u);
}

TEST(SweepFile, BadSweepFilesNameTheKey) {
  auto error = [](const std::string& text) { return message_of([&] { run::read_sweep_file(write_temp("bad_sweep.toml", text)); }); };
  EXPECT_NE(error("seeds = [1]\n").find("expected a key experiment = \"NAME\""), std::string::npos);
  EXPECT_NE(error("experiment = \"x\"\nseeds = [-1]\n").find("key 'seeds': expected a non-empty list of non-negative integers"),
            std::string::npos);
  EXPECT_NE(error("experiment = \"x\"\n[grid]\nn = 3\n").find("key 'grid.n': expected a non-empty list of values"), std::string::npos);
  EXPECT_NE(error("experiment = \"x\"\nseed = [1]\n").find("key 'seed': unknown key"), std::string::npos);
}

TEST(Progress, SinkSeesTheFirstAndLastIterationAndIsThrottled) {
  std::vector<std::int64_t> seen;
  run::Progress p([&](std::int64_t t, std::int64_t, double) { seen.push_back(t); }, 3600);
  for (std::int64_t t = 0; t < 1000; ++t) p(t, 1000, 1.0);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{0, 999}));
  run::Progress silent;
  silent(0, 1, 0);  // no sink: nothing happens
}

}  // namespace
}  // namespace fdl::test
