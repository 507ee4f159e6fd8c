// Right-to-left marks added and removed on UTF-8 text.
#include "bot/i18n/bidi.hpp"

#include <array>
#include <string>
#include <string_view>

namespace zaedno::i18n {

std::string isolate(std::string_view text) {
    std::string out;
    out.reserve(text.size() + first_strong_isolate.size() + pop_directional_isolate.size());
    out.append(first_strong_isolate).append(text).append(pop_directional_isolate);
    return out;
}

std::string with_direction_mark(text_direction direction, std::string_view text) {
    if (direction == text_direction::ltr || text.starts_with(right_to_left_mark)) {
        return std::string(text);
    }
    std::string out(right_to_left_mark);
    out.append(text);
    return out;
}

std::string strip_bidi_controls(std::string_view text) {
    static constexpr std::array<std::string_view, 12> controls{
        "\u200E",
        "\u200F",
        "\u061C",
        "\u202A",
        "\u202B",
        "\u202C",
        "\u202D",
        "\u202E",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
    };
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        bool removed = false;
        for (const auto control : controls) {
            if (text.starts_with(control)) {
                text.remove_prefix(control.size());
                removed = true;
                break;
            }
        }
        if (!removed) {
            out.push_back(text.front());
            text.remove_prefix(1);
        }
    }
    return out;
}

}  // namespace zaedno::i18n
