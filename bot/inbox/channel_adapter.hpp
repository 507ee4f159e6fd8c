// One messenger as the server sees it: authenticate and parse webhooks, render replies into
// platform calls, turn a call into an HTTP request, and read the platform's answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/server/http_types.hpp"
#include "integrations/channel.hpp"
#include "integrations/http_client/http_client.hpp"

namespace zaedno::inbox {

class channel_adapter {
public:
    virtual ~channel_adapter() = default;

    virtual std::string_view name() const = 0;
    /// False when the channel has no token: webhooks are refused and nothing is sent.
    virtual bool enabled() const = 0;
    virtual bool authenticate(const server::request& req) const = 0;
    virtual channels::result<channels::envelope> read_envelope(std::string_view body) const = 0;
    virtual channels::result<std::vector<channels::inbound_event>> to_events(std::string_view body
    ) const = 0;

    /// The envelope and, when the update is to be stored, its events: what the webhook needs,
    /// read from the body once where the platform's reader allows it.
    virtual channels::result<channels::webhook_update> read_webhook(std::string_view body) const {
        auto envelope = read_envelope(body);
        if (!envelope) {
            return envelope.error();
        }
        channels::webhook_update out{*std::move(envelope), std::nullopt};
        if (!out.envelope.ignorable()) {
            if (auto events = to_events(body)) {
                out.events = *std::move(events);
            }
        }
        return out;
    }

    virtual std::vector<channels::api_call> render(
        const std::string& chat_key, const channels::outgoing_message& message
    ) const = 0;

    /// A call the platform needs right away for this event (Telegram answerCallbackQuery).
    virtual std::optional<channels::api_call> acknowledge(const channels::inbound_event& ev) const {
        (void)ev;
        return std::nullopt;
    }

    /// The tapped button's choice id among those offered (Telegram may carry a hashed form).
    virtual std::string resolve_choice(
        const std::string& data, const std::vector<std::string>& offered_ids
    ) const {
        (void)offered_ids;
        return data;
    }

    virtual http_client::outbound_request to_request(const channels::api_call& call) const = 0;
    virtual channels::send_outcome classify(int http_status, std::string_view body) const = 0;
};

}  // namespace zaedno::inbox
