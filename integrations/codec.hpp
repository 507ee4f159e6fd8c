// The pure half of a channel behind one interface, so the webhook handler and the delivery
// worker can be written once for Telegram and Viber (the lead's send() adds the I/O).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "integrations/channel.hpp"
#include "integrations/viber/render.hpp"

namespace zaedno::channels {

/// Looks up a request header by name (case-insensitive on the caller's side); nullopt if absent.
using header_lookup = std::function<std::optional<std::string_view>(std::string_view name)>;

class codec {
public:
    virtual ~codec() = default;

    /// "telegram" or "viber".
    virtual std::string_view name() const = 0;

    /// The platform's webhook check over the headers and the exact raw body.
    virtual bool authenticate(const header_lookup& headers, std::string_view raw_body) const = 0;

    virtual result<envelope> read_envelope(std::string_view body) const = 0;

    virtual result<std::vector<inbound_event>> to_events(std::string_view body) const = 0;

    /// The calls that deliver message to chat_key, in order.
    virtual std::vector<api_call> render(std::string_view chat_key, const outgoing_message& message)
        const = 0;

    virtual send_outcome classify(
        int http_status, std::string_view body, std::optional<std::int64_t> retry_after_header
    ) const = 0;
};

/// Telegram with its configured webhook secret (empty: every webhook is refused).
std::unique_ptr<codec> make_telegram_codec(std::string webhook_secret);

/// Viber with its auth token (empty: every webhook is refused) and sender profile.
std::unique_ptr<codec> make_viber_codec(std::string auth_token, viber::sender_profile sender);

}  // namespace zaedno::channels
