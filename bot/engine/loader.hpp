// Reads dialogs/: script.json (settings, global words, office hours) and one file per flow.
#pragma once

#include <filesystem>
#include <vector>

#include "bot/engine/problem.hpp"
#include "bot/engine/script.hpp"

namespace zaedno::engine {

struct load_result {
    script loaded;
    std::vector<problem> problems;  // parse and shape errors; references are checked by validate
};

/// Never throws for bad content: every malformed file, field or node is reported and skipped.
load_result load_script(const std::filesystem::path& dir);

}  // namespace zaedno::engine
