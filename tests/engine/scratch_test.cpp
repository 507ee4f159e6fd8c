#include <cstdlib>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>

#include "bot/app/chat_command.hpp"
#include "bot/app/validate_command.hpp"
#include "tests/support/paths.hpp"

TEST(scratch, run) {
    const char* dirs = std::getenv("SCRATCH_VALIDATE");
    if (dirs) {
        zaedno::app::run_validate({dirs}, std::cout);
    }
    const char* input = std::getenv("SCRATCH_CHAT");
    if (input) {
        zaedno::app::chat_options o;
        o.dialogs = zaedno::test::source_dir() / "dialogs";
        o.locales = zaedno::test::source_dir() / "locales";
        const char* lang = std::getenv("SCRATCH_LANG");
        o.language = lang ? lang : "en";
        std::string s(input);
        for (auto& c : s)
            if (c == ';')
                c = '\n';
        std::istringstream in(s);
        zaedno::app::run_chat(o, in, std::cout);
    }
}
