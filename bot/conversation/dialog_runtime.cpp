// Loading scripts and translations together; local time from the zone's UTC offset.
#include "bot/conversation/dialog_runtime.hpp"

#include <stdexcept>

#include "bot/conversation/local_time.hpp"
#include "bot/engine/loader.hpp"

namespace zaedno::conversation {

dialog_runtime::dialog_runtime(
    engine::script s, i18n::catalog c, const std::filesystem::path& dialogs, std::string time_zone
)
    : script_(std::move(s)),
      catalog_(std::move(c)),
      words_(script_, catalog_),
      content_(catalog_, dialogs),
      time_zone_(std::move(time_zone)) {}

std::shared_ptr<const dialog_runtime> dialog_runtime::load(
    const std::filesystem::path& dialogs,
    const std::filesystem::path& locales,
    const std::string& default_language,
    const std::string& time_zone,
    std::vector<std::string>& problems
) {
    auto loaded = engine::load_script(dialogs);
    for (const auto& p : loaded.problems) {
        problems.push_back(p.file + ": " + p.path + ": " + p.message);
    }
    std::vector<i18n::load_problem> locale_problems;
    auto catalog = i18n::catalog::load(locales, default_language, time_zone, locale_problems);
    for (const auto& p : locale_problems) {
        problems.push_back(p.file + ": " + p.path + ": " + p.message);
    }
    if (loaded.loaded.flows.empty()) {
        throw std::runtime_error("no dialog flows could be loaded from " + dialogs.string());
    }
    return std::make_shared<const dialog_runtime>(
        std::move(loaded.loaded), std::move(catalog), dialogs, time_zone
    );
}

engine::local_time dialog_runtime::local_time_at(std::int64_t unix_seconds) const {
    return local_time_in(time_zone_, unix_seconds);
}

}  // namespace zaedno::conversation
