// What a draft changes against the published version: per flow and node, per locale key,
// and per other file.
#pragma once

#include <nlohmann/json.hpp>

#include "bot/content/bundle.hpp"

namespace zaedno::content {

/// {"flows": [{"file", "flow", "status", "nodes": [{"node", "status"}], "fields": [...]}],
///  "locales": [{"file", "language", "status", "keys": [{"key", "status", "published",
///  "draft"}]}], "files": [{"file", "status"}]} listing only what differs; status is added,
/// removed or changed. A file that is not a JSON object is compared as a whole.
nlohmann::json diff_bundles(const bundle& published, const bundle& draft);

}  // namespace zaedno::content
