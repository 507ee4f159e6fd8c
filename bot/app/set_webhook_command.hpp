// `zaedno telegram set-webhook URL` and `zaedno viber set-webhook URL`.
#pragma once

#include <iosfwd>
#include <string>

#include "bot/app/config.hpp"

namespace zaedno::app {

/// Registers url with the platform and prints the platform's answer. A 429 or a network
/// failure is retried with the platform's wait (never fatal on the first refusal).
/// Exit codes: 0 accepted, 1 refused or unreachable, 2 not configured.
int run_set_webhook(
    const config& cfg,
    const std::string& channel,
    const std::string& url,
    std::ostream& out,
    std::ostream& err
);

}  // namespace zaedno::app
