// Telegram behind the channel_adapter interface.
#pragma once

#include "bot/app/config.hpp"
#include "bot/inbox/channel_adapter.hpp"

namespace zaedno::inbox {

class telegram_adapter final : public channel_adapter {
public:
    explicit telegram_adapter(app::telegram_settings settings);

    std::string_view name() const override;
    bool enabled() const override;
    bool authenticate(const server::request& req) const override;
    channels::result<channels::envelope> read_envelope(std::string_view body) const override;
    channels::result<std::vector<channels::inbound_event>> to_events(std::string_view body
    ) const override;
    channels::result<channels::webhook_update> read_webhook(std::string_view body) const override;
    std::vector<channels::api_call> render(
        const std::string& chat_key, const channels::outgoing_message& message
    ) const override;
    std::optional<channels::api_call> acknowledge(const channels::inbound_event& ev) const override;
    std::string resolve_choice(const std::string& data, const std::vector<std::string>& offered_ids)
        const override;
    http_client::outbound_request to_request(const channels::api_call& call) const override;
    channels::send_outcome classify(int http_status, std::string_view body) const override;

private:
    app::telegram_settings settings_;
};

}  // namespace zaedno::inbox
