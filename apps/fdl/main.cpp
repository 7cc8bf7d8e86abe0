// fdl — the command line. Exit codes: 0 success, 1 verdict FAIL, 2 bad input, 3 internal error.
#include "fdl/version.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"fdl: a laboratory for the foundations of deep learning"};
  app.set_version_flag("--version", std::string("fdl ") + fdl::version() + " (" + fdl::commit() + ")");
  app.require_subcommand(0, 1);

  auto* list = app.add_subcommand("list", "List the registered experiments, one line each");
  list->callback([] {
    // Experiments register themselves once the experiment layer exists; none are registered yet.
    std::cout << "no experiments registered yet\n";
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "fdl: internal error: " << e.what() << "\n";
    return 3;
  }
  if (argc == 1) std::cout << app.help();
  return 0;
}
