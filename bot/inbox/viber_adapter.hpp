// Viber behind the channel_adapter interface.
#pragma once

#include "bot/app/config.hpp"
#include "bot/inbox/channel_adapter.hpp"

namespace zaedno::inbox {

class viber_adapter final : public channel_adapter {
public:
    explicit viber_adapter(app::viber_settings settings);

    std::string_view name() const override;
    bool enabled() const override;
    bool authenticate(const server::request& req) const override;
    channels::result<channels::envelope> read_envelope(std::string_view body) const override;
    channels::result<std::vector<channels::inbound_event>> to_events(std::string_view body
    ) const override;
    std::vector<channels::api_call> render(
        const std::string& chat_key, const channels::outgoing_message& message
    ) const override;
    http_client::outbound_request to_request(const channels::api_call& call) const override;
    channels::send_outcome classify(int http_status, std::string_view body) const override;
    /// The body of a webhook answer that greets a person who opened the chat (Viber allows
    /// no send_message before they subscribe).
    std::string welcome_body(const channels::outgoing_message& message) const;

private:
    app::viber_settings settings_;
};

}  // namespace zaedno::inbox
