#include "cli/text_table.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace careflow::cli {

std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;  // count UTF-8 characters, not bytes
  return n;
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
