// Telegram: secret-token header, POST {api}/bot{token}/{method} with a JSON body.
#include "bot/inbox/telegram_adapter.hpp"

#include "integrations/telegram/auth.hpp"
#include "integrations/telegram/classify.hpp"
#include "integrations/telegram/parse.hpp"
#include "integrations/telegram/render.hpp"

namespace zaedno::inbox {

telegram_adapter::telegram_adapter(app::telegram_settings settings)
    : settings_(std::move(settings)) {}

std::string_view telegram_adapter::name() const {
    return telegram::channel_name;
}

bool telegram_adapter::enabled() const {
    return !settings_.token.empty();
}

bool telegram_adapter::authenticate(const server::request& req) const {
    auto it = req.find(telegram::secret_header);
    std::optional<std::string_view> header;
    if (it != req.end()) {
        header = it->value();
    }
    return telegram::authenticate(settings_.secret, header);
}

channels::result<channels::envelope> telegram_adapter::read_envelope(std::string_view body) const {
    return telegram::read_envelope(body);
}

channels::result<channels::webhook_update> telegram_adapter::read_webhook(std::string_view body
) const {
    return telegram::read_webhook(body);
}

channels::result<std::vector<channels::inbound_event>> telegram_adapter::to_events(
    std::string_view body
) const {
    return telegram::to_events(body);
}

std::vector<channels::api_call> telegram_adapter::render(
    const std::string& chat_key, const channels::outgoing_message& message
) const {
    return telegram::render(chat_key, message);
}

std::optional<channels::api_call> telegram_adapter::acknowledge(const channels::inbound_event& ev
) const {
    if (ev.callback_query_id.empty()) {
        return std::nullopt;
    }
    return telegram::answer_callback(ev.callback_query_id, ev.chat_key);
}

std::string telegram_adapter::resolve_choice(
    const std::string& data, const std::vector<std::string>& offered_ids
) const {
    return telegram::resolve_choice(data, offered_ids).value_or(data);
}

http_client::outbound_request telegram_adapter::to_request(const channels::api_call& call) const {
    http_client::outbound_request req;
    req.url = settings_.api + "/bot" + settings_.token + "/" + call.method;
    req.body = call.body;
    return req;
}

channels::send_outcome telegram_adapter::classify(int http_status, std::string_view body) const {
    return telegram::classify(http_status, body);
}

}  // namespace zaedno::inbox
