// Word lists, language matching, names, directions and pattern checks.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bot/i18n/catalog.hpp"
#include "bot/i18n/normalize.hpp"
#include "tests/i18n/catalog_fixture.hpp"

namespace zaedno::i18n {
namespace {

const catalog& basic() {
    static const catalog loaded = test::load_basic();
    return loaded;
}

using words = std::vector<std::string>;

TEST(i18n_word_list, default_language_entries_are_trimmed_folded_and_deduplicated) {
    EXPECT_EQ(basic().word_list("en", "words.menu"), (words{"menu", "main menu", "start"}));
    EXPECT_EQ(basic().word_list("en", "words.help"), (words{"help", "sos"}));
}

TEST(i18n_word_list, other_languages_merge_with_the_default_after_their_own) {
    EXPECT_EQ(
        basic().word_list("bg", "words.menu"),
        (words{"меню", "главно меню", "menu", "main menu", "start"})
    );
    EXPECT_EQ(
        basic().word_list("bg", "crisis.words"),
        (words{"самоубииство", "искам да умра", "suicide", "kill myself", "hurt myself"})
    );
}

TEST(i18n_word_list, arabic_words_are_folded_like_typed_text) {
    const words arabic = basic().word_list("ar", "words.menu");
    ASSERT_EQ(arabic.size(), 5U);
    EXPECT_EQ(arabic[0], fold_for_matching("قائمة"));
    EXPECT_EQ(arabic[1], fold_for_matching("القائمة الرئيسية"));
    EXPECT_EQ(arabic[0], "قایمه");
}

TEST(i18n_word_list, language_without_the_key_gets_the_default_list) {
    EXPECT_EQ(
        basic().word_list("ru", "crisis.words"), (words{"suicide", "kill myself", "hurt myself"})
    );
    EXPECT_EQ(basic().word_list("xx", "words.help"), (words{"help", "sos"}));
}

TEST(i18n_word_list, unknown_key_is_empty) {
    EXPECT_TRUE(basic().word_list("en", "words.nothing").empty());
    EXPECT_TRUE(basic().word_list("bg", "words.nothing").empty());
}

TEST(i18n_word_list, typed_text_finds_a_listed_word) {
    const words menu = basic().word_list("ar", "words.menu");
    const std::string typed = fold_for_matching("أريد القائمةَ الرئيسيّة من فضلك");
    bool found = false;
    for (const auto& word : menu) {
        found = found || contains_phrase(typed, word);
    }
    EXPECT_TRUE(found) << typed;
}

struct match_case {
    std::string hint;
    std::optional<std::string> expected;

    friend std::ostream& operator<<(std::ostream& out, const match_case& c) {
        return out << "\"" << c.hint << "\"";
    }
};

class i18n_match_language : public testing::TestWithParam<match_case> {};

TEST_P(i18n_match_language, finds_the_best_loaded_language) {
    EXPECT_EQ(basic().match_language(GetParam().hint), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_match_language,
    testing::Values(
        match_case{"pt-br", std::nullopt},
        match_case{"pt", std::nullopt},
        match_case{"de-DE", std::nullopt},
        match_case{"uk", "uk"},
        match_case{"uk-UA", "uk"},
        match_case{"UK-ua", "uk"},
        match_case{"uk_UA", "uk"},
        match_case{"ukr", "uk"},
        match_case{"fa-IR", "fa"},
        match_case{"fa", "fa"},
        match_case{"fa-AF", "fa"},
        match_case{"prs", "fa"},
        match_case{"PRS-af", "fa"},
        match_case{"pes", "fa"},
        match_case{"ar-EG", "ar"},
        match_case{"ar-SY", "ar"},
        match_case{"ru", "ru"},
        match_case{"RU", "ru"},
        match_case{"ru-RU", "ru"},
        match_case{"bg-BG", "bg"},
        match_case{"en", "en"},
        match_case{"en-US", "en"},
        match_case{" en ", "en"},
        match_case{"", std::nullopt},
        match_case{"   ", std::nullopt},
        match_case{"-", std::nullopt},
        match_case{"!!", std::nullopt},
        match_case{"x", std::nullopt}
    )
);

TEST(i18n_language_name, meta_name_first_then_icus_own_name) {
    EXPECT_EQ(basic().language_name("ar"), "العربية");
    EXPECT_EQ(basic().language_name("bg"), "Български");
    EXPECT_EQ(basic().language_name("fa"), "فارسی");
    EXPECT_EQ(basic().language_name("ru"), "русский");
    EXPECT_EQ(basic().language_name("uk"), "українська");
    EXPECT_EQ(basic().language_name("de"), "Deutsch");
}

TEST(i18n_direction, from_meta_or_from_icu) {
    EXPECT_EQ(basic().direction("ar"), text_direction::rtl);
    EXPECT_EQ(basic().direction("fa"), text_direction::rtl);
    EXPECT_EQ(basic().direction("en"), text_direction::ltr);
    EXPECT_EQ(basic().direction("bg"), text_direction::ltr);
    EXPECT_EQ(basic().direction("uk"), text_direction::ltr);
    EXPECT_EQ(basic().direction("he"), text_direction::rtl);
    EXPECT_EQ(basic().direction("ur"), text_direction::rtl);
    EXPECT_EQ(basic().direction("prs"), text_direction::rtl);
}

struct pattern_case {
    std::string pattern;
    std::optional<std::string> error_part;  // nullopt: valid

    friend std::ostream& operator<<(std::ostream& out, const pattern_case& c) {
        return out << c.pattern;
    }
};

class i18n_check_message_format : public testing::TestWithParam<pattern_case> {};

TEST_P(i18n_check_message_format, accepts_or_explains) {
    const auto& c = GetParam();
    const auto error = check_message_format(c.pattern, "en");
    if (!c.error_part) {
        EXPECT_EQ(error, std::nullopt);
    } else {
        ASSERT_TRUE(error.has_value());
        EXPECT_NE(error->find(*c.error_part), std::string::npos) << *error;
    }
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_check_message_format,
    testing::Values(
        pattern_case{"plain text", std::nullopt},
        pattern_case{"Hello {name}", std::nullopt},
        pattern_case{"{n, plural, one {# file} other {# files}}", std::nullopt},
        pattern_case{"{g, select, female {she} other {they}}", std::nullopt},
        pattern_case{"{when, date, ::yyyyMMdd} {when, time, short}", std::nullopt},
        pattern_case{"It's {name}'s turn", std::nullopt},
        pattern_case{"{count, plural, one {x}", "U_PATTERN_SYNTAX_ERROR"},
        pattern_case{"{count, plural, one {x}", "position 15"},
        pattern_case{"Hello {name", "U_UNMATCHED_BRACES"},
        pattern_case{"{n, plural, one {x}}", "other"},
        pattern_case{"{g, select, female {she} other}", "U_PATTERN_SYNTAX_ERROR"},
        pattern_case{"{}", "U_"},
        pattern_case{"{n, number, #,##0.0.0}", "U_"}
    )
);

TEST(i18n_check_message_format_rules, plural_cases_follow_the_language) {
    const std::string arabic_cases =
        "{n, plural, zero {a} one {b} two {c} few {d} many {e} other {f}}";
    EXPECT_EQ(check_message_format(arabic_cases, "ar"), std::nullopt);
    EXPECT_EQ(check_message_format("{n, plural, few {a} other {b}}", "ru"), std::nullopt);
}

}  // namespace
}  // namespace zaedno::i18n

namespace zaedno::i18n {
namespace {

struct plural_fit_case {
    std::string lang;
    std::string pattern;
    std::vector<std::string> expected;

    friend std::ostream& operator<<(std::ostream& out, const plural_fit_case& c) {
        return out << c.lang << " " << c.pattern;
    }
};

class i18n_check_plural_categories : public testing::TestWithParam<plural_fit_case> {};

TEST_P(i18n_check_plural_categories, warns_about_branches_that_do_not_fit) {
    const auto& c = GetParam();
    EXPECT_EQ(check_plural_categories(c.pattern, c.lang), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_check_plural_categories,
    testing::Values(
        plural_fit_case{"en", "{n, plural, one {# file} other {# files}}", {}},
        plural_fit_case{"ru", "{n, plural, one {a} few {b} many {c} other {d}}", {}},
        plural_fit_case{
            "ar", "{n, plural, zero {a} one {b} two {c} few {d} many {e} other {f}}", {}},
        plural_fit_case{"en", "no plural here {name}", {}},
        plural_fit_case{"en", "{n, plural, one {x}", {}},
        plural_fit_case{
            "ru",
            "{n, plural, one {# файл} other {# файлов}}",
            {"{n, plural}: no \"few\" case; ru uses few, many, one, other",
             "{n, plural}: no \"many\" case; ru uses few, many, one, other"}},
        plural_fit_case{
            "en",
            "{n, plural, =0 {none} one {a} few {b} other {c}}",
            {"{n, plural}: \"few\" is never chosen in en (it has one, other)"}},
        plural_fit_case{
            "uk",
            "{g, select, f {{n, plural, one {a} few {b} other {c}}} other {{n, plural, offset:1 "
            "one {a} few {b} many {c} other {d}}}}",
            {"{n, plural}: no \"many\" case; uk uses few, many, one, other"}},
        plural_fit_case{"en", "{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}", {}},
        plural_fit_case{
            "en",
            "{n, selectordinal, one {#st} other {#th}}",
            {"{n, selectordinal}: no \"few\" case; en uses few, one, other, two",
             "{n, selectordinal}: no \"two\" case; en uses few, one, other, two"}}
    )
);

}  // namespace
}  // namespace zaedno::i18n
