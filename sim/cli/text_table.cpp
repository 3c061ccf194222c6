#include "cli/text_table.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <string_view>

namespace careflow::cli {

std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;  // count UTF-8 characters, not bytes
  return n;
}

std::string short_system_name(std::string name, std::size_t width) {
  for (const std::string_view noise : {std::string_view("NHS "), std::string_view(" Integrated Care Board")}) {
    if (const auto at = name.find(noise); at != std::string::npos) name.erase(at, noise.size());
  }
  return name.size() > width ? name.substr(0, width - 1) + "." : name;
}

void print_aligned(std::FILE* out, const std::vector<std::vector<std::string>>& rows, std::size_t left_columns,
                   const std::string& indent) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
  }
  for (const auto& row : rows) {
    std::string text = indent;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::size_t pad = width[c] - display_width(row[c]);
      if (c) text += ' ';
      if (c < left_columns) {
        text += row[c];
        text.append(pad, ' ');
      } else {
        text.append(pad, ' ');
        text += row[c];
      }
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    fmt::print(out, "{}\n", text);
  }
}

}  // namespace careflow::cli
