// The text with leading and trailing blanks (space, tab, CR, LF) removed; shared by the readers.
#pragma once

#include <string>

namespace fdl::data {

inline std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\n\r"), e = s.find_last_not_of(" \t\n\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace fdl::data
