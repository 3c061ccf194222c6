#include "serve/web_assets.hpp"

namespace careflow::serve {

const WebAsset* find_web_asset(std::string_view path) {
  if (path == "/index.html") path = "/";
  for (const auto& asset : web_assets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace careflow::serve
