// Telegram answer classification: match on error_code first, description only for the text.
#include "integrations/telegram/classify.hpp"

#include <string>

#include "integrations/json_input.hpp"
#include "integrations/plain_json_scan.hpp"
#include "integrations/text.hpp"

namespace zaedno::telegram {

namespace {

/// What a success needs from an answer, read without building a document (a sendMessage
/// answer echoes the whole message, keyboard included): the root's last "ok", and the
/// "message_id" of its last "result" when that is an object, as the document lookups give them.
class success_reader : public channels::sax_value_types {
public:
    bool root_is_object = false;
    bool ok = false;
    std::string message_id;

    bool null() { return value(kind::other, {}); }

    bool boolean(bool flag) { return value(flag ? kind::truth : kind::other, {}); }

    bool number_integer(number_integer_t n) { return value(kind::integer, std::to_string(n)); }

    bool number_unsigned(number_unsigned_t n) { return value(kind::integer, std::to_string(n)); }

    bool string(string_t& text) {
        return value(channels::is_decimal_integer(text) ? kind::integer : kind::other, text);
    }

    bool start_object(std::size_t) { return open(true); }

    bool start_array(std::size_t) { return open(false); }

    bool key(string_t& name) {
        key_ = name;
        return true;
    }

    bool end_object() { return close(); }

    bool end_array() { return close(); }

private:
    enum class kind { truth, integer, other };

    bool value(kind k, const std::string& text) {
        if (depth_ == 1 && key_ == "ok") {
            ok = k == kind::truth;
        } else if (depth_ == 1 && key_ == "result") {
            message_id.clear();
            in_result_ = false;
        } else if (depth_ == 2 && in_result_ && key_ == "message_id") {
            message_id = k == kind::integer ? text : "";
        }
        return true;
    }

    bool open(bool object) {
        value(kind::other, {});
        if (depth_ == 0) {
            root_is_object = object;
        }
        if (depth_ == 1 && key_ == "result") {
            in_result_ = object;
        }
        ++depth_;
        return true;
    }

    bool close() {
        if (--depth_ == 1) {
            in_result_ = false;
        }
        return true;
    }

    int depth_ = 0;
    bool in_result_ = false;
    std::string key_;
};

}  // namespace

channels::send_outcome classify(
    int http_status, std::string_view body, std::optional<std::int64_t> retry_after_header
) {
    using namespace channels::outcome;
    if (http_status == 0) {
        return transient{"network failure"};
    }
    const bool success_status = http_status >= 200 && http_status < 300;
    if (success_status) {
        success_reader quick;
        if (channels::scan_plain_json(body, quick) == channels::plain_scan::accepted &&
            quick.root_is_object && quick.ok) {
            return sent{quick.message_id};
        }
    }
    auto parsed = channels::parse_json_object(body);
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
