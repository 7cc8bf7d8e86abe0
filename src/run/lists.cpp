#include "fdl/run/lists.hpp"

#include <algorithm>

namespace fdl::run {
namespace {

// The comma-separated items of a text key, each parsed by the key `item` (number or integer in
// range), with the messages naming the list key.
template <class T>
std::vector<T> parse_list(const Config& config, const std::string& key, const Key& item) {
  const std::string& text = config.text(key);
  const std::string expected = "a comma-separated list, each " + item.expected();
  auto fail = [&](const std::string& got) {
    return InputError("config key '" + key + "': expected " + expected + ", got '" + got + "'");
  };
  std::vector<T> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    std::string piece = text.substr(start, end - start);
    piece.erase(0, piece.find_first_not_of(" \t"));
    piece.erase(piece.find_last_not_of(" \t") + 1);
    try {
      values.push_back(std::get<T>(item.parse(piece)));
    } catch (const InputError&) {
      throw fail(text);
    }
    start = end + 1;
  }
  return values;
}

}  // namespace

std::vector<double> number_list(const Config& config, const std::string& key, double lo, double hi) {
  return parse_list<double>(config, key, Key{key, Type::number, 0.0, lo, hi, {}, ""});
}

std::vector<std::int64_t> integer_list(const Config& config, const std::string& key, std::int64_t lo, std::int64_t hi) {
  return parse_list<std::int64_t>(config, key, Key{key, Type::integer, std::int64_t(0), double(lo), double(hi), {}, ""});
}

}  // namespace fdl::run
