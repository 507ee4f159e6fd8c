// The pure engine step: (script, catalog, state, event) → (new state, effects). No I/O inside.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bot/engine/effects.hpp"
#include "bot/engine/events.hpp"
#include "bot/engine/script.hpp"
#include "bot/engine/state.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/safety/crisis_detector.hpp"

namespace zaedno::engine {

/// The person's local wall-clock time, for office-hours branches (the caller converts `now`
/// in the configured time zone).
struct local_time {
    int weekday = 1;  // 1 = Monday … 7 = Sunday
    int minute_of_day = 0;
};

/// True when the local time falls inside one of the weekly windows (office hours).
bool within(const std::vector<weekly_window>& windows, const local_time& local);

struct step_input {
    conversation_state state;
    event ev;
    std::int64_t now = 0;  // unix seconds
    local_time local;
    std::string channel;  // "telegram", "viber", "webchat", "terminal"
};

struct step_output {
    conversation_state state;
    std::vector<effect> effects;
};

/// Word lists folded once per (script, catalog): global words, yes/no words, crisis phrases.
/// Keeps a reference to the script: build a new lexicon whenever a new script is published.
/// The processor can also use match_global() and crisis() on its own, e.g. to let only crisis
/// and stop words through while a caseworker owns the conversation.
class lexicon {
public:
    lexicon(const script& s, const i18n::catalog& catalog);

    /// The global word a message means: an exact command ("/menu", "/menu@bot"), or the whole
    /// folded message equal to a word; with loose, also a word inside the message.
    const global_word* match_global(
        std::string_view raw_text,
        const std::string& folded,
        const std::string& language,
        bool loose
    ) const;

    bool is_yes(const std::string& folded, const std::string& language) const;
    bool is_no(const std::string& folded, const std::string& language) const;

    const safety::crisis_detector& crisis() const { return crisis_; }

private:
    struct words_of_language {
        std::vector<std::pair<std::size_t, std::vector<std::string>>> globals;  // index → words
        std::vector<std::string> yes;
        std::vector<std::string> no;
    };

    const words_of_language* find(const std::string& language) const;

    const script& script_;
    std::map<std::string, words_of_language> by_language_;
    safety::crisis_detector crisis_;
};

/// Total over all inputs: every state and event gives a valid state and, for anything the
/// person sends, at least one reply.
step_output step(
    const script& s, const i18n::catalog& catalog, const lexicon& words, step_input in
);

/// Convenience for one-off calls (tests, tools): builds the lexicon each time.
step_output step(const script& s, const i18n::catalog& catalog, step_input in);

}  // namespace zaedno::engine
