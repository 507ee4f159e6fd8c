// The loaded dialog scripts and translations, with what is derived from them once (word
// lists, content actions). Immutable after loading and shared read-only by every thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bot/actions/content_actions.hpp"
#include "bot/engine/script.hpp"
#include "bot/engine/step.hpp"
#include "bot/i18n/catalog.hpp"

namespace zaedno::conversation {

class dialog_runtime {
public:
    /// Loads dialogs/ and locales/; problems are returned as "file: path: message" lines.
    /// Throws std::runtime_error when no usable script results (no flows at all).
    static std::shared_ptr<const dialog_runtime> load(
        const std::filesystem::path& dialogs,
        const std::filesystem::path& locales,
        const std::string& default_language,
        const std::string& time_zone,
        std::vector<std::string>& problems
    );

    dialog_runtime(
        engine::script s,
        i18n::catalog c,
        const std::filesystem::path& dialogs,
        std::string time_zone
    );
    dialog_runtime(const dialog_runtime&) = delete;
    dialog_runtime& operator=(const dialog_runtime&) = delete;

    const engine::script& script() const { return script_; }

    const i18n::catalog& catalog() const { return catalog_; }

    const engine::lexicon& words() const { return words_; }

    const actions::content_actions& content() const { return content_; }

    /// Weekday and minute of day in the configured zone, for office-hours branches.
    engine::local_time local_time_at(std::int64_t unix_seconds) const;

private:
    engine::script script_;
    i18n::catalog catalog_;
    engine::lexicon words_;
    actions::content_actions content_;
    std::string time_zone_;
};

}  // namespace zaedno::conversation
