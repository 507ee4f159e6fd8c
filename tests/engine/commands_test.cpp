// The validate and chat commands over the shipped dialogs and locales.
#include <sstream>

#include <gtest/gtest.h>

#include "bot/app/chat_command.hpp"
#include "bot/app/validate_command.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::app {
namespace {

using zaedno::test::source_dir;

chat_options shipped_chat(std::string language = "en") {
    chat_options options;
    options.dialogs = source_dir() / "dialogs";
    options.locales = source_dir() / "locales";
    options.language = std::move(language);
    options.now = 1'790'000'000;
    options.local = engine::local_time{3, 10 * 60};
    return options;
}

std::string chat(const std::string& input, chat_options options = shipped_chat()) {
    std::istringstream in(input);
    std::ostringstream out;
    EXPECT_EQ(run_chat(options, in, out), 0) << out.str();
    return out.str();
}

TEST(engine_validate_command, shipped_dialogs_are_clean) {
    std::ostringstream out;
    EXPECT_EQ(run_validate({source_dir() / "dialogs"}, out), 0) << out.str();
    EXPECT_NE(out.str().find("0 errors"), std::string::npos) << out.str();
}

TEST(engine_chat_command, welcome_consent_menu_in_a_scripted_session) {
    auto transcript = chat("1\nI agree\n");
    EXPECT_NE(transcript.find("Choose your language:"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("  1. English"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("[consent given]"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("How can I help you?"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("  2. Housing"), std::string::npos) << transcript;
}

}  // namespace
}  // namespace zaedno::app
