// Marks that a translation is still correct after its source text changed, kept in SQLite.
// A mark names both texts it was given for, so any later change to either makes it moot.
#pragma once

#include <cstdint>
#include <string>

#include "bot/content/translation_status.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::content {

review_map translation_reviews(storage::connection& db);

void save_translation_review(
    storage::connection& db,
    const std::string& language,
    const std::string& key,
    const translation_review& review,
    std::int64_t account_id,
    std::int64_t now
);

}  // namespace zaedno::content
