#pragma once
// The page's files (HTML, its scripts and styles, and the chart library's built files from
// npm), built into the binary so that the page works with no network (NHS networks often block
// CDNs). web_assets_data.cpp is generated from web/ at build time (scripts/embed_web_assets.py).

#include <span>
#include <string_view>

namespace careflow::serve {

struct WebAsset {
  std::string_view path;          ///< as requested: "/", "/app.js", "/vendor/plot.umd.min.js"
  std::string_view content_type;
  std::string_view body;
};

std::span<const WebAsset> web_assets();
const WebAsset* find_web_asset(std::string_view path);

}  // namespace careflow::serve
