#pragma once
// Tables printed for a person: columns padded to their widest cell, counted in characters (UTF-8
// aware, so "±" is one), the first columns left-aligned and the rest right-aligned.

#include <cstdio>
#include <string>
#include <vector>

namespace careflow::cli {

/// Characters, not bytes, in UTF-8 text.
std::size_t display_width(const std::string& text);

/// A care system's name for a table: "NHS Birmingham and Solihull Integrated Care Board" ->
/// "Birmingham and Solihull", cut to `width` characters (the last a full stop) when longer.
std::string short_system_name(std::string name, std::size_t width);

/// Prints each row on its own line after `indent`, cells separated by one space.
void print_aligned(std::FILE* out, const std::vector<std::vector<std::string>>& rows, std::size_t left_columns,
                   const std::string& indent = "  ");

}  // namespace careflow::cli
