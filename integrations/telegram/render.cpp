// Rendering Telegram sendMessage calls with inline keyboards, and the webhook set-up call.
#include "integrations/telegram/render.hpp"

#include <charconv>

#include "integrations/crypto.hpp"
#include "integrations/json_input.hpp"
#include "integrations/json_writer.hpp"
#include "integrations/telegram/auth.hpp"
#include "integrations/text.hpp"

namespace zaedno::telegram {
namespace {

using nlohmann::json;

constexpr std::string_view empty_text_stand_in = "\u2026";
constexpr std::size_t button_label_limit = 64;

void write_chat_id(channels::json_writer& out, std::string_view chat_key) {
    std::int64_t id = 0;
    const char* end = chat_key.data() + chat_key.size();
    auto [ptr, ec] = std::from_chars(chat_key.data(), end, id);
    out.key("chat_id");
    if (ec == std::errc{} && ptr == end && !chat_key.empty()) {
        out.value(id);
    } else {
        out.value(chat_key);  // "@channelname" or anything non-numeric
    }
}

std::string button_label(const channels::choice& c) {
    const std::string& label = c.label.empty() ? c.id : c.label;
    return channels::shorten_text(label, button_label_limit, channels::length_unit::code_points);
}

void write_button(channels::json_writer& out, std::string_view label, std::string_view id) {
    out.begin_object()
        .key("text")
        .value(label)
        .key("callback_data")
        .value(callback_data_for(id))
        .end_object();
}

void write_inline_keyboard(
    channels::json_writer& out, const std::vector<channels::choice>& choices
) {
    const auto is_short = [](const std::string& label) {
        return channels::text_length(label, channels::length_unit::code_points) <=
               short_label_limit;
    };
    out.key("reply_markup").begin_object().key("inline_keyboard").begin_array();
    for (std::size_t i = 0; i < choices.size();) {
        out.begin_array();
        const std::string label = button_label(choices[i]);
        write_button(out, label, choices[i].id);
        if (i + 1 < choices.size() && is_short(label)) {
            const std::string next = button_label(choices[i + 1]);
            if (is_short(next)) {
                write_button(out, next, choices[i + 1].id);
                ++i;
            }
        }
        out.end_array();
        ++i;
    }
    out.end_array().end_object();
}

}  // namespace

std::string callback_data_for(std::string_view choice_id) {
    if (!choice_id.empty() && choice_id.size() <= callback_data_limit && choice_id.front() != '~') {
        return std::string(choice_id);
    }
    return "~" + channels::to_hex(channels::sha256(choice_id)).substr(0, 40);
}

std::optional<std::string> resolve_choice(
    std::string_view callback_data, const std::vector<std::string>& offered_ids
) {
    for (const std::string& id : offered_ids) {
        if (callback_data_for(id) == callback_data) {
            return id;
        }
    }
    return std::nullopt;
}

std::vector<channels::api_call> render(
    std::string_view chat_key, const channels::outgoing_message& message
) {
    std::vector<std::string> parts;
    if (!channels::is_blank(message.text)) {
        parts = channels::split_text(message.text, text_limit, channels::length_unit::code_points);
    }
    if (parts.empty()) {
        if (message.choices.empty()) {
            return {};
        }
        parts.emplace_back(empty_text_stand_in);
    }
    std::vector<channels::api_call> calls;
    calls.reserve(parts.size());
    const int count = static_cast<int>(parts.size());
    channels::json_writer out;
    for (int i = 0; i < count; ++i) {
        out.begin_object();
        write_chat_id(out, chat_key);
        out.key("text").value(parts[static_cast<std::size_t>(i)]);
        out.key("link_preview_options").begin_object().key("is_disabled").value(true).end_object();
        if (i == count - 1 && !message.choices.empty()) {
            write_inline_keyboard(out, message.choices);
        }
        out.end_object();
        calls.push_back({"sendMessage", out.take(), std::string(chat_key), i, count});
    }
    return calls;
}

channels::api_call answer_callback(std::string_view callback_query_id, std::string_view chat_key) {
    channels::json_writer out;
    out.begin_object().key("callback_query_id").value(callback_query_id).end_object();
    return {"answerCallbackQuery", out.take(), std::string(chat_key), 0, 1};
}

channels::api_call remove_keyboard_call(std::string_view chat_key, std::string_view message_id) {
    channels::json_writer out;
    out.begin_object();
    write_chat_id(out, chat_key);
    std::int64_t id = 0;
    const char* end = message_id.data() + message_id.size();
    auto [ptr, ec] = std::from_chars(message_id.data(), end, id);
    out.key("message_id");
    if (ec == std::errc{} && ptr == end && !message_id.empty()) {
        out.value(id);
    } else {
        out.value(message_id);  // Telegram will refuse it; the outcome says so
    }
    out.end_object();
    return {"editMessageReplyMarkup", out.take(), std::string(chat_key), 0, 1};
}

std::vector<std::string> default_allowed_updates() {
    return {"message", "callback_query", "my_chat_member"};
}

channels::result<channels::api_call> set_webhook_call(
    std::string_view url, std::string_view secret, const std::vector<std::string>& allowed_updates
) {
    if (url.empty()) {
        return channels::problem{"url", "the webhook URL is empty"};
    }
    if (auto why = secret_token_problem(secret)) {
        return channels::problem{"secret_token", *why};
    }
    json body = {
        {"url", std::string(url)},
        {"secret_token", std::string(secret)},
        {"allowed_updates", allowed_updates},
        {"drop_pending_updates", false},
    };
    return channels::api_call{"setWebhook", channels::dump_json(body), "", 0, 1};
}

}  // namespace zaedno::telegram
