// Viber status table → delivery outcome.
#include "integrations/viber/classify.hpp"

#include <array>
#include <string>

#include "integrations/json_input.hpp"

namespace zaedno::viber {

std::string_view status_name(std::int64_t status) {
    static constexpr std::array<std::string_view, 25> names = {
        "ok",
        "invalidUrl",
        "invalidAuthToken",
        "badData",
        "missingData",
        "receiverNotRegistered",
        "receiverNotSubscribed",
        "publicAccountBlocked",
        "publicAccountNotFound",
        "publicAccountSuspended",
        "webhookNotSet",
        "receiverNoSuitableDevice",
        "tooManyRequests",
        "apiVersionNotSupported",
        "incompatibleWithVersion",
        "publicAccountNotAuthorized",
        "inchatReplyMessageNotAllowed",
        "publicAccountIsNotInline",
        "noPublicChat",
        "cannotSendBroadcast",
        "broadcastNotAllowed",
        "unsupportedCountry",
        "paymentUnsupported",
        "freeMessagesExceeded",
        "noBalance",
    };
    if (status < 0 || status >= static_cast<std::int64_t>(names.size())) {
        return "generalError";
    }
    return names[static_cast<std::size_t>(status)];
}

channels::send_outcome classify(
    int http_status, std::string_view body, std::optional<std::int64_t> retry_after_header
) {
    using namespace channels::outcome;
    if (http_status == 0) {
        return transient{"network failure"};
    }
    if ((http_status == 429 || http_status == 503) && retry_after_header &&
        *retry_after_header >= 0) {
        return retry_after{*retry_after_header};
    }
    if (http_status == 429) {
        return transient{"HTTP 429 rate limited"};
    }
    if (http_status >= 500 || http_status == 408) {
        return transient{"HTTP " + std::to_string(http_status)};
    }
    if (http_status < 200 || http_status >= 300) {
        return permanent{"HTTP " + std::to_string(http_status)};
    }
    auto parsed = channels::parse_json_object(body);
    if (!parsed) {
        return transient{"unreadable answer"};
    }
    auto status = channels::int64_at(*parsed, "status");
    if (!status) {
        return transient{"answer without a status"};
    }
    if (*status == 0) {
        return sent{channels::integer_text_at(*parsed, "message_token").value_or("")};
    }
    std::string reason = std::to_string(*status) + " " + std::string(status_name(*status));
    if (auto message = channels::string_at(*parsed, "status_message")) {
        reason += ": " + *message;
    }
    switch (*status) {
        case 12:
            return transient{reason};
        case 5:
        case 6:
        case 11:
            return unreachable{reason};
        default:
            return permanent{reason};
    }
}

}  // namespace zaedno::viber
