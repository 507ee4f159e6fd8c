// Crisis phrases found in the person's language and in every other loaded language.
#include "bot/safety/crisis_detector.hpp"

#include <gtest/gtest.h>

#include "tests/support/paths.hpp"

namespace zaedno::safety {
namespace {

const i18n::catalog& fixture_catalog() {
    static const i18n::catalog catalog = [] {
        std::vector<i18n::load_problem> problems;
        return i18n::catalog::load(
            test::fixtures_dir() / "dialogs" / "basic" / "locales", "en", "Europe/Sofia", problems
        );
    }();
    return catalog;
}

TEST(safety_crisis, finds_phrase_in_own_language_ignoring_case_and_punctuation) {
    crisis_detector detector(fixture_catalog());
    auto match = detector.detect("Honestly... I WANT TO DIE!", "en");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->language, "en");
    EXPECT_EQ(match->phrase, "want to die");
}

TEST(safety_crisis, finds_arabic_phrase_with_letter_variants_for_english_speaker) {
    crisis_detector detector(fixture_catalog());
    auto match = detector.detect("انا اريد ان اموت", "en");  // alef forms without hamza
    ASSERT_TRUE(match);
    EXPECT_EQ(match->language, "ar");
}

TEST(safety_crisis, ordinary_messages_and_partial_words_do_not_match) {
    crisis_detector detector(fixture_catalog());
    EXPECT_FALSE(detector.detect("I want to dine out", "en"));
    EXPECT_FALSE(detector.detect("menu", "ar"));
    EXPECT_FALSE(detector.detect("", "en"));
}

TEST(safety_crisis, one_off_helper_matches_like_the_detector) {
    EXPECT_TRUE(detect_crisis(fixture_catalog(), "en", "i will kill myself"));
    EXPECT_FALSE(detect_crisis(fixture_catalog(), "en", "kill time"));
}

}  // namespace
}  // namespace zaedno::safety
