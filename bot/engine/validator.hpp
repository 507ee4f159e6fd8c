// Checks a loaded script against itself, the locales, and the channels' limits.
#pragma once

#include <filesystem>
#include <vector>

#include "bot/engine/problem.hpp"
#include "bot/engine/script.hpp"
#include "bot/i18n/catalog.hpp"

namespace zaedno::engine {

/// Channel limits the validator enforces (Telegram Bot API, Viber REST API).
struct channel_limits {
    std::size_t telegram_text = 4096;   // characters per message
    std::size_t viber_text = 7000;      // characters per message
    std::size_t viber_buttons = 24;     // buttons per keyboard
    std::size_t sensible_buttons = 12;  // more is hard to use on a phone (warning)
    std::size_t label_warning = 24;     // characters; longer labels get cut on small screens
    std::size_t label_error = 64;
    std::size_t callback_bytes = 64;  // Telegram callback_data
};

/// Broken references, unreachable nodes, loops without a question, missing translations in
/// any loaded language, malformed MessageFormat, unknown variables (warnings), and texts,
/// buttons and ids over the channels' limits. Locale problems name locales_dir/<lang>.json.
std::vector<problem> validate_script(
    const script& s,
    const i18n::catalog& catalog,
    const std::filesystem::path& locales_dir,
    const channel_limits& limits = {}
);

}  // namespace zaedno::engine
