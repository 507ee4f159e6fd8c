// `zaedno chat`: the real engine in a terminal, for script authors and scripted tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "bot/engine/step.hpp"

namespace zaedno::app {

struct chat_options {
    std::filesystem::path dialogs = "dialogs";
    std::filesystem::path locales = "locales";
    std::string language;  // --lang: the platform language hint at first contact
    std::string default_language = "en";
    std::string time_zone = "Europe/Sofia";
    /// Fixed clock and local time (tests); by default the system clock in time_zone.
    std::optional<std::int64_t> now;
    std::optional<engine::local_time> local;
    /// Repeat each input line as "> line" (transcripts from piped input read like a dialog;
    /// the lead turns it off when stdin is a terminal).
    bool echo = true;
};

/// Starts a conversation, then reads one message per line until EOF. Replies are printed in
/// the conversation's language with choices as numbered lines; a line "#id" taps choice id.
/// Named actions answer "unavailable", except housing_search (over the housing topics in the
/// locales) and contacts (from <dialogs>/data/contacts.json). Returns 1 when the script or
/// locales cannot be loaded, else 0.
int run_chat(const chat_options& options, std::istream& in, std::ostream& out);

}  // namespace zaedno::app
