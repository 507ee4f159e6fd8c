// A locale file's texts by their dotted key, the way the catalog flattens nested objects.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace zaedno::content {

/// {"a": {"b": "x"}, "c": "y", "_meta": {...}} → {"a.b": "x", "c": "y"}; non-string leaves
/// are kept as their JSON text so a diff still sees them change. Malformed JSON → empty.
std::map<std::string, std::string> flatten_locale(std::string_view body);

}  // namespace zaedno::content
