// List-valued config keys ("100,400,1600"), padded series and wildcard plot columns.
#include "fdl/run/lists.hpp"
#include "fdl/run/runner.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace fdl::test {
namespace {

run::Config config(const std::string& widths, const std::string& lambdas) {
  const run::Schema s = run::Schema().text("widths", "1,2", {}, "widths").text("lambdas", "1e-3", {}, "penalties");
  return run::Config(s, {{"widths", widths, "--set"}, {"lambdas", lambdas, "--set"}});
}

TEST(ListKeys, ParseCommaSeparatedValuesWithSpaces) {
  const run::Config c = config("100, 400,1600", "1e-3,1e-5 , 0.5");
  EXPECT_EQ(run::integer_list(c, "widths", 1, 10000), (std::vector<std::int64_t>{100, 400, 1600}));
  EXPECT_EQ(run::number_list(c, "lambdas", 0, 1), (std::vector<double>{1e-3, 1e-5, 0.5}));
}

TEST(ListKeys, BadItemsAreBadInputNamingTheKeyAndTheRange) {
  for (const char* bad : {"", "100,", "100,x", "1.5", "0,5", "100000"}) {
    try {
      run::integer_list(config(bad, "1"), "widths", 1, 10000);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const run::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("config key 'widths': expected a comma-separated list, each an integer in [1, 10000]"),
                std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(run::number_list(config("1", "2"), "lambdas", 0, 1), run::InputError);
}

TEST(Series, PaddedPutsColumnsOfUnequalLengthSideBySideWithNaN) {
  const run::Series s = run::Series::padded({{"iteration", {0, 1, 2}}, {"width", {10, 20}}});
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.column("iteration"), (std::vector<double>{0, 1, 2}));
  EXPECT_EQ(s.column("width")[1], 20);
  EXPECT_TRUE(std::isnan(s.column("width")[2]));
}

TEST(Plots, StarEntryStandsForEveryColumnWithThatPrefix) {
  const run::Series s = run::Series::padded({{"k", {0, 1}}, {"loss m=10", {1, 0.5}}, {"loss m=20", {1, 0.25}}, {"bound", {1, 0.9}}});
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("fdl_lists_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  run::draw_plots({{"p", "t", "k", {"bound", "loss m=*"}, "k", "loss", false, true}}, s, dir.string());
  std::ifstream gp(dir / "p.gp");
  const std::string script((std::istreambuf_iterator<char>(gp)), std::istreambuf_iterator<char>());
  EXPECT_NE(script.find("\"loss m=10\""), std::string::npos);
  EXPECT_NE(script.find("\"loss m=20\""), std::string::npos);
  EXPECT_THROW(run::draw_plots({{"q", "t", "k", {"gap *"}, "k", "", false, false}}, s, dir.string()), std::logic_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fdl::test
