// One line per event on standard error, UTC timestamps, a level; no personal data by design.
#pragma once

#include <string>

namespace zaedno::log {

/// level: trace, debug, info, warn, error or off (already validated by the config).
void init_logging(const std::string& level);

}  // namespace zaedno::log
