// The web chat as a channel: its stored updates are frames the socket accepted; its replies
// are delivered by the socket itself (see webchat_socket), not over HTTP.
#pragma once

#include <cstdint>
#include <string>

#include "bot/inbox/channel_adapter.hpp"

namespace zaedno::webchat {

/// The inbox body for a frame: the session, the browser's language and the time travel with
/// it, so processing later needs nothing from the socket.
std::string inbox_body_for_frame(
    std::string_view session,
    std::string_view raw_frame,
    std::string_view language,
    std::int64_t unix_time
);
/// The inbox body that starts a new session's conversation (the welcome).
std::string inbox_body_for_start(
    std::string_view session, std::string_view language, std::int64_t unix_time
);

class webchat_adapter final : public inbox::channel_adapter {
public:
    std::string_view name() const override;

    bool enabled() const override { return true; }

    bool authenticate(const server::request&) const override { return true; }

    channels::result<channels::envelope> read_envelope(std::string_view body) const override;
    channels::result<std::vector<channels::inbound_event>> to_events(std::string_view body
    ) const override;
    /// One call per reply; its body is the reply without a seq (the outbox id becomes the seq).
    std::vector<channels::api_call> render(
        const std::string& chat_key, const channels::outgoing_message& message
    ) const override;
    http_client::outbound_request to_request(const channels::api_call& call) const override;
    channels::send_outcome classify(int http_status, std::string_view body) const override;
};

/// The frame the page receives for a stored reply.
std::string message_frame(std::int64_t seq, std::string_view stored_body);

}  // namespace zaedno::webchat
