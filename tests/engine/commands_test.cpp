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

TEST(engine_chat_command, platform_language_is_used_from_the_first_message) {
    auto transcript = chat("", shipped_chat("bg"));
    EXPECT_EQ(transcript.find("Hello!"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("  1. Български"), std::string::npos) << transcript;
}

TEST(engine_chat_command, housing_search_finds_topics_in_memory) {
    auto transcript = chat("1\n1\nHousing\nSearch\ndeposit contract\n1\n");
    EXPECT_NE(
        transcript.find("[action housing_search language=en query=deposit contract]"),
        std::string::npos
    ) << transcript;
    EXPECT_NE(transcript.find("[housing_search → ok]"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("  1. Renting"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("Ask for a written contract."), std::string::npos) << transcript;
}

TEST(engine_chat_command, housing_search_without_match_offers_caseworker) {
    auto transcript = chat("1\n1\n2\n2\nzebra crossing\n");
    EXPECT_NE(transcript.find("[housing_search → none]"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("A housing caseworker can help you."), std::string::npos)
        << transcript;
}

TEST(engine_chat_command, contacts_come_from_data_and_other_actions_are_unavailable) {
    auto transcript = chat("1\n1\n3\n1\n#book\n");
    EXPECT_NE(transcript.find("116 111"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("[booking_days → unavailable]"), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("Online booking is not available at the moment."), std::string::npos)
        << transcript;
}

TEST(engine_chat_command, crisis_is_urgent_with_handoff) {
    auto transcript = chat("I want to die\n");
    EXPECT_NE(transcript.find("[urgent] You are not alone."), std::string::npos) << transcript;
    EXPECT_NE(transcript.find("[handoff reason=crisis priority=urgent urgent]"), std::string::npos)
        << transcript;
}

TEST(engine_chat_command, broken_script_reports_and_fails) {
    chat_options options = shipped_chat();
    options.dialogs = zaedno::test::fixtures_dir() / "dialogs" / "unknown_kind";
    std::istringstream in("hello\n");
    std::ostringstream out;
    EXPECT_EQ(run_chat(options, in, out), 1);
    EXPECT_NE(out.str().find("main.json: /nodes/hello/kind: unknown kind"), std::string::npos)
        << out.str();
}

TEST(engine_chat_command, no_echo_prints_only_the_bot) {
    chat_options options = shipped_chat();
    options.echo = false;
    auto transcript = chat("1\n", options);
    EXPECT_EQ(transcript.find("> 1"), std::string::npos) << transcript;
}

}  // namespace
}  // namespace zaedno::app
