// Telegram answer classification: match on error_code first, description only for the text.
#include "integrations/telegram/classify.hpp"

#include <string>

#include "integrations/json_input.hpp"

namespace zaedno::telegram {

channels::send_outcome classify(
    int http_status, std::string_view body, std::optional<std::int64_t> retry_after_header
) {
    using namespace channels::outcome;
    if (http_status == 0) {
        return transient{"network failure"};
    }
    auto parsed = channels::parse_json_object(body);
    const bool success_status = http_status >= 200 && http_status < 300;
    if (parsed && success_status && channels::bool_at(*parsed, "ok") == true) {
        std::string id;
        if (const nlohmann::json* result = channels::object_at(*parsed, "result")) {
            id = channels::integer_text_at(*result, "message_id").value_or("");
        }
        return sent{id};
    }
    int code = http_status;
    std::string description = "HTTP " + std::to_string(http_status);
    std::optional<std::int64_t> retry_seconds;
    if (parsed) {
        if (auto error_code = channels::int64_at(*parsed, "error_code");
            error_code && *error_code >= 100 && *error_code < 600) {
            code = static_cast<int>(*error_code);
        }
        if (auto text = channels::string_at(*parsed, "description")) {
            description = *text;
        }
        if (const nlohmann::json* parameters = channels::object_at(*parsed, "parameters")) {
            retry_seconds = channels::int64_at(*parameters, "retry_after");
        }
    }
    const std::string reason = std::to_string(code) + " " + description;
    if (code >= 200 && code < 300) {
        return transient{"unreadable answer: " + reason};
    }
    if (!retry_seconds || *retry_seconds < 0) {
        retry_seconds = retry_after_header;
    }
    if ((code == 429 || code == 503) && retry_seconds && *retry_seconds >= 0) {
        return retry_after{*retry_seconds};
    }
    if (code == 429) {
        return transient{reason};
    }
    if (code == 403) {
        return unreachable{reason};
    }
    if (code >= 500 || code == 408) {
        return transient{reason};
    }
    return permanent{reason};
}

}  // namespace zaedno::telegram
