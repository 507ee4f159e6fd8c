// Loading scripts and translations together; local time from the zone's UTC offset.
#include "bot/conversation/dialog_runtime.hpp"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <stdexcept>

#include "bot/engine/loader.hpp"

namespace zaedno::conversation {

dialog_runtime::dialog_runtime(
    engine::script s,
    i18n::catalog c,
    const std::filesystem::path& dialogs,
    std::string time_zone
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
    // TimeZone::getOffset is const, so one shared zone serves every thread.
    static thread_local std::string cached_id;
    static thread_local std::unique_ptr<icu::TimeZone> zone;
    if (!zone || cached_id != time_zone_) {
        zone.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone_)));
        cached_id = time_zone_;
    }
    std::int32_t raw = 0;
    std::int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone->getOffset(static_cast<UDate>(unix_seconds) * 1000.0, false, raw, dst, status);
    std::int64_t local = unix_seconds + (U_SUCCESS(status) ? (raw + dst) / 1000 : 0);
    std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    std::int64_t seconds_of_day = local - days * 86400;
    // 1970-01-01 was a Thursday: weekday 4 with Monday = 1.
    int weekday = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
    return {weekday, static_cast<int>(seconds_of_day / 60)};
}

}  // namespace zaedno::conversation
