// Formatted pieces are inserted into other messages as plain strings, so the leading
// right-to-left mark the catalog adds to whole messages is taken off here.
#include "bot/appointments/texts.hpp"

namespace zaedno::appointments {

namespace {

constexpr std::string_view right_to_left_mark = "\u200F";

std::string piece(
    const i18n::catalog& catalog, const std::string& lang, const char* key, std::int64_t at
) {
    auto text = catalog.format(lang, key, {{"at", i18n::timestamp{at}}}).text;
    if (text.starts_with(right_to_left_mark)) {
        text.erase(0, right_to_left_mark.size());
    }
    return text;
}

}  // namespace

std::string format_when(const i18n::catalog& catalog, const std::string& lang, std::int64_t at) {
    return piece(catalog, lang, "booking.when", at);
}

std::string format_day_label(
    const i18n::catalog& catalog, const std::string& lang, std::int64_t at
) {
    return piece(catalog, lang, "booking.day", at);
}

std::string format_time(const i18n::catalog& catalog, const std::string& lang, std::int64_t at) {
    return piece(catalog, lang, "booking.time", at);
}

std::string place_text(
    const nlohmann::json& names,
    const std::string& address,
    const nlohmann::json& directions,
    const std::optional<std::string>& map_url,
    const std::string& lang
) {
    std::string out = text_in(names, lang);
    for (const std::string& line : {address, text_in(directions, lang), map_url.value_or("")}) {
        if (!line.empty()) {
            out += (out.empty() ? "" : "\n") + line;
        }
    }
    return out;
}

std::string place_text(const location_record& location, const std::string& lang) {
    return place_text(
        location.names, location.address, location.directions, location.map_url, lang
    );
}

std::string place_text(const booking_view& booking, const std::string& lang) {
    return place_text(
        booking.location_names, booking.address, booking.directions, booking.map_url, lang
    );
}

}  // namespace zaedno::appointments
