// Channel-name dispatch of send-answer classification.
#include "integrations/classify.hpp"

#include <string>

#include "integrations/telegram/classify.hpp"
#include "integrations/telegram/parse.hpp"
#include "integrations/viber/classify.hpp"
#include "integrations/viber/parse.hpp"

namespace zaedno::channels {

send_outcome classify(
    std::string_view channel,
    int http_status,
    std::string_view body,
    std::optional<std::int64_t> retry_after_header
) {
    if (channel == telegram::channel_name) {
        return telegram::classify(http_status, body, retry_after_header);
    }
    if (channel == viber::channel_name) {
        return viber::classify(http_status, body, retry_after_header);
    }
    return outcome::permanent{"no HTTP sends on channel " + std::string(channel)};
}

}  // namespace zaedno::channels
