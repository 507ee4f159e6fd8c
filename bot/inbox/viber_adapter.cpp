// Viber: HMAC of the raw body, POST {api}/{method} with X-Viber-Auth-Token.
#include "bot/inbox/viber_adapter.hpp"

#include "integrations/viber/auth.hpp"
#include "integrations/viber/classify.hpp"
#include "integrations/viber/parse.hpp"
#include "integrations/viber/render.hpp"

namespace zaedno::inbox {

namespace {

viber::sender_profile sender_of(const app::viber_settings& s) {
    viber::sender_profile sender;
    sender.name = s.name;
    return sender;
}

}  // namespace

viber_adapter::viber_adapter(app::viber_settings settings) : settings_(std::move(settings)) {}

std::string_view viber_adapter::name() const {
    return viber::channel_name;
}

bool viber_adapter::enabled() const {
    return !settings_.token.empty();
}

bool viber_adapter::authenticate(const server::request& req) const {
    if (settings_.token.empty()) {
        return false;
    }
    auto it = req.find(viber::signature_header);
    std::optional<std::string_view> header;
    if (it != req.end()) {
        header = it->value();
    }
    return viber::authenticate(settings_.token, header, req.body());
}

channels::result<channels::envelope> viber_adapter::read_envelope(std::string_view body) const {
    return viber::read_envelope(body);
}

channels::result<std::vector<channels::inbound_event>> viber_adapter::to_events(
    std::string_view body
) const {
    return viber::to_events(body);
}

std::vector<channels::api_call> viber_adapter::render(
    const std::string& chat_key, const channels::outgoing_message& message
) const {
    return viber::render(chat_key, message, sender_of(settings_));
}

http_client::outbound_request viber_adapter::to_request(const channels::api_call& call) const {
    http_client::outbound_request req;
    req.url = settings_.api + "/" + call.method;
    req.body = call.body;
    req.headers.emplace_back("X-Viber-Auth-Token", settings_.token);
    return req;
}

channels::send_outcome viber_adapter::classify(int http_status, std::string_view body) const {
    return viber::classify(http_status, body);
}

std::string viber_adapter::welcome_body(const channels::outgoing_message& message) const {
    return viber::render_welcome(message, sender_of(settings_));
}

}  // namespace zaedno::inbox
