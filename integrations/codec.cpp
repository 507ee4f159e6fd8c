// Telegram and Viber behind the codec interface: thin forwarding to the free functions.
#include "integrations/codec.hpp"

#include "integrations/telegram/auth.hpp"
#include "integrations/telegram/classify.hpp"
#include "integrations/telegram/parse.hpp"
#include "integrations/telegram/render.hpp"
#include "integrations/viber/auth.hpp"
#include "integrations/viber/classify.hpp"
#include "integrations/viber/parse.hpp"

namespace zaedno::channels {
namespace {

class telegram_codec final : public codec {
public:
    explicit telegram_codec(std::string secret) : secret_(std::move(secret)) {}

    std::string_view name() const override { return telegram::channel_name; }

    bool authenticate(const header_lookup& headers, std::string_view) const override {
        return telegram::authenticate(secret_, headers(telegram::secret_header));
    }

    result<envelope> read_envelope(std::string_view body) const override {
        return telegram::read_envelope(body);
    }

    result<std::vector<inbound_event>> to_events(std::string_view body) const override {
        return telegram::to_events(body);
    }

    std::vector<api_call> render(std::string_view chat_key, const outgoing_message& message)
        const override {
        return telegram::render(chat_key, message);
    }

    send_outcome classify(
        int http_status, std::string_view body, std::optional<std::int64_t> retry_after_header
    ) const override {
        return telegram::classify(http_status, body, retry_after_header);
    }

private:
    std::string secret_;
};

class viber_codec final : public codec {
public:
    viber_codec(std::string token, viber::sender_profile sender)
        : token_(std::move(token)), sender_(std::move(sender)) {}

    std::string_view name() const override { return viber::channel_name; }

    bool authenticate(const header_lookup& headers, std::string_view raw_body) const override {
        return viber::authenticate(token_, headers(viber::signature_header), raw_body);
    }

    result<envelope> read_envelope(std::string_view body) const override {
        return viber::read_envelope(body);
    }

    result<std::vector<inbound_event>> to_events(std::string_view body) const override {
        return viber::to_events(body);
    }

    std::vector<api_call> render(std::string_view chat_key, const outgoing_message& message)
        const override {
        return viber::render(chat_key, message, sender_);
    }

    send_outcome classify(
        int http_status, std::string_view body, std::optional<std::int64_t> retry_after_header
    ) const override {
        return viber::classify(http_status, body, retry_after_header);
    }

private:
    std::string token_;
    viber::sender_profile sender_;
};

}  // namespace

std::unique_ptr<codec> make_telegram_codec(std::string webhook_secret) {
    return std::make_unique<telegram_codec>(std::move(webhook_secret));
}

std::unique_ptr<codec> make_viber_codec(std::string auth_token, viber::sender_profile sender) {
    return std::make_unique<viber_codec>(std::move(auth_token), std::move(sender));
}

}  // namespace zaedno::channels
