// The shape of dialogs/data/contacts.json, the crisis and mental-health contact directory the
// `contacts` action reads: checked before an edit reaches the draft.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/content/check.hpp"

namespace zaedno::content {

/// Where the directory lives in a content version.
inline constexpr std::string_view contacts_path = "dialogs/data/contacts.json";

/// Digits with optional leading + and spaces, dashes, dots, slashes or brackets between
/// them; 3 to 15 digits (112 up to a full E.164 number).
bool looks_like_phone(std::string_view text);

/// Problems with the directory, each with its JSON pointer: "contacts" must be an array of
/// objects with non-empty string topic (a-z, 0-9, _), name and phone (phone-shaped), an
/// optional string hours and an optional array of language codes. Other keys are kept.
std::vector<located_problem> check_contacts(const nlohmann::ordered_json& doc);

}  // namespace zaedno::content
