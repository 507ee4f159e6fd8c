// Rendering Viber send_message bodies with reply keyboards, the welcome answer and set_webhook.
#include "integrations/viber/render.hpp"

#include "integrations/json_input.hpp"
#include "integrations/json_writer.hpp"
#include "integrations/text.hpp"
#include "integrations/viber/parse.hpp"

namespace zaedno::viber {
namespace {

using channels::length_unit;
using nlohmann::json;

constexpr std::string_view empty_text_stand_in = "\u2026";
constexpr int grid_columns = 6;

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

// Button Text is limited after escaping, so shorten until the escaped form fits.
std::string button_text(const channels::choice& c) {
    const std::string& label = c.label.empty() ? c.id : c.label;
    std::size_t limit = button_text_limit;
    std::string escaped =
        html_escape(channels::shorten_text(label, limit, length_unit::utf16_units));
    while (channels::text_length(escaped, length_unit::utf16_units) > button_text_limit && limit > 1
    ) {
        limit -= std::max<std::size_t>(1, limit / 8);
        escaped = html_escape(channels::shorten_text(label, limit, length_unit::utf16_units));
    }
    return escaped;
}

void write_button(channels::json_writer& out, const channels::choice& c, int columns) {
    out.begin_object()
        .key("Columns")
        .value(columns)
        .key("Rows")
        .value(1)
        .key("ActionType")
        .value("reply")
        .key("ActionBody")
        .value(std::string(choice_prefix) + c.id)
        .key("Text")
        .value(button_text(c))
        .key("TextSize")
        .value("regular")
        .end_object();
}

// Column widths per choice: pairs of short labels share a row.
std::vector<int> layout(const std::vector<channels::choice>& choices) {
    const auto is_short = [](const channels::choice& c) {
        const std::string& label = c.label.empty() ? c.id : c.label;
        return channels::text_length(label, length_unit::code_points) <= short_label_limit;
    };
    std::vector<int> widths;
    std::size_t rows = 0;
    for (std::size_t i = 0; i < choices.size();) {
        if (i + 1 < choices.size() && is_short(choices[i]) && is_short(choices[i + 1])) {
            widths.push_back(grid_columns / 2);
            widths.push_back(grid_columns / 2);
            i += 2;
        } else {
            widths.push_back(grid_columns);
            ++i;
        }
        ++rows;
    }
    if (rows <= max_keyboard_rows) {
        return widths;
    }
    const std::size_t fitting = std::min(choices.size(), max_keyboard_rows * 2);
    widths.assign(fitting, grid_columns / 2);
    if (fitting % 2 == 1) {
        widths.back() = grid_columns;
    }
    return widths;
}

void write_keyboard(channels::json_writer& out, const std::vector<channels::choice>& choices) {
    const std::vector<int> widths = layout(choices);
    out.key("keyboard").begin_object();
    out.key("Type")
        .value("keyboard")
        .key("DefaultHeight")
        .value(false)
        .key("Buttons")
        .begin_array();
    for (std::size_t i = 0; i < widths.size(); ++i) {
        write_button(out, choices[i], widths[i]);
    }
    out.end_array().end_object();
}

// Opens the message object and writes the members every text message has.
void begin_text_message(
    channels::json_writer& out, std::string_view text, const sender_profile& sender
) {
    // Viber requires a sender name; an unset one falls back to the product's.
    std::string_view name = sender.name;
    if (channels::is_blank(name)) {
        name = "Zaedno";
    }
    out.begin_object();
    out.key("min_api_version").value(sender.min_api_version);
    out.key("sender").begin_object();
    out.key("name").value(channels::shorten_text(name, sender_name_limit, length_unit::utf16_units)
    );
    if (!sender.avatar.empty()) {
        out.key("avatar").value(sender.avatar);
    }
    out.end_object();
    out.key("type").value("text");
    out.key("text").value(text);
}

std::vector<std::string> parts_of(const channels::outgoing_message& message) {
    std::vector<std::string> parts;
    if (!channels::is_blank(message.text)) {
        parts = channels::split_text(message.text, text_limit, length_unit::utf16_units);
    }
    if (parts.empty() && !message.choices.empty()) {
        parts.emplace_back(empty_text_stand_in);
    }
    return parts;
}

}  // namespace

std::vector<channels::api_call> render(
    std::string_view receiver,
    const channels::outgoing_message& message,
    const sender_profile& sender
) {
    const std::vector<std::string> parts = parts_of(message);
    std::vector<channels::api_call> calls;
    calls.reserve(parts.size());
    const int count = static_cast<int>(parts.size());
    channels::json_writer out;
    for (int i = 0; i < count; ++i) {
        begin_text_message(out, parts[static_cast<std::size_t>(i)], sender);
        out.key("receiver").value(receiver);
        if (i == count - 1 && !message.choices.empty()) {
            write_keyboard(out, message.choices);
        }
        out.end_object();
        calls.push_back({"send_message", out.take(), std::string(receiver), i, count});
    }
    return calls;
}

std::string render_welcome(
    const channels::outgoing_message& message, const sender_profile& sender
) {
    const std::vector<std::string> parts = parts_of(message);
    if (parts.empty()) {
        return {};
    }
    channels::json_writer out;
    begin_text_message(out, parts.front(), sender);
    if (!message.choices.empty()) {
        write_keyboard(out, message.choices);
    }
    out.end_object();
    return out.take();
}

std::vector<std::string> default_event_types() {
    return {"delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"};
}

channels::result<channels::api_call> set_webhook_call(
    std::string_view url, const std::vector<std::string>& event_types
) {
    if (url.empty()) {
        return channels::problem{"url", "the webhook URL is empty"};
    }
    json body = {
        {"url", std::string(url)},
        {"event_types", event_types},
        {"send_name", true},
        {"send_photo", false},
    };
    return channels::api_call{"set_webhook", channels::dump_json(body), "", 0, 1};
}

}  // namespace zaedno::viber
