// Folding typed text for matching: case, accents, Arabic/Persian variants, digit scripts, spacing.
#include "bot/i18n/normalize.hpp"

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zaedno::i18n {
namespace {

struct fold_case {
    std::string input;
    std::string expected;
    std::string why;

    friend std::ostream& operator<<(std::ostream& out, const fold_case& c) { return out << c.why; }
};

class i18n_fold : public testing::TestWithParam<fold_case> {};

TEST_P(i18n_fold, folds_to_expected_form) {
    const auto& c = GetParam();
    EXPECT_EQ(fold_for_matching(c.input), c.expected) << c.why;
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_fold,
    testing::Values(
        fold_case{"ÉCOLE", "ecole", "upper case with accent"},
        fold_case{"École", "ecole", "precomposed accent"},
        fold_case{"E\u0301cole", "ecole", "combining accent"},
        fold_case{"ПОМОЩ", "помощ", "Cyrillic upper case"},
        fold_case{"Помощ!", "помощ", "Cyrillic with punctuation"},
        fold_case{"ЙОД ёж", "иод еж", "й and ё lose their marks"},
        fold_case{"Straße", "strasse", "full case folding"},
        fold_case{"ＨＥＬＰ", "help", "full-width letters (NFKC)"},
        fold_case{"مُسَاعَدَة", "مساعده", "harakat removed, ة → ه"},
        fold_case{"مســاعدة", "مساعده", "tatweel removed"},
        fold_case{"علي", "علی", "Arabic yeh → Farsi yeh"},
        fold_case{"على", "علی", "alef maksura → Farsi yeh"},
        fold_case{"علی", "علی", "Farsi yeh stays"},
        fold_case{"كتاب", "کتاب", "Arabic kaf → keheh"},
        fold_case{"کتاب", "کتاب", "keheh stays"},
        fold_case{"أحمد", "احمد", "alef with hamza above"},
        fold_case{"إسلام", "اسلام", "alef with hamza below"},
        fold_case{"آب", "اب", "alef with madda"},
        fold_case{"ٱلله", "الله", "alef wasla"},
        fold_case{"خانۀ", "خانه", "heh with yeh above"},
        fold_case{"مسئول", "مسیول", "yeh with hamza keeps its yeh, unified"},
        fold_case{"ﻛﺘﺎﺏ", "کتاب", "Arabic presentation forms"},
        fold_case{"٠١٢٣٤٥٦٧٨٩", "0123456789", "Arabic-Indic digits"},
        fold_case{"۰۱۲۳۴۵۶۷۸۹", "0123456789", "Persian digits"},
        fold_case{"०१२३", "0123", "Devanagari digits"},
        fold_case{"①", "1", "circled digit (NFKC)"},
        fold_case{"  hello,   world!!  ", "hello world", "punctuation and spaces collapse"},
        fold_case{"a\tb\nc\u00A0d", "a b c d", "every kind of white space"},
        fold_case{"«help» — now…", "help now", "quotes, dashes and ellipsis"},
        fold_case{"€5 + $3 = 8 ❤️", "5 3 8", "symbols and emoji"},
        fold_case{"/start", "start", "a command's slash"},
        fold_case{"، ؟ ؛", "", "Arabic punctuation only"},
        fold_case{"\u200Fمرحبا\u200E", "مرحبا", "direction marks are ignored"},
        fold_case{"می‌خواهم", "میخواهم", "zero-width non-joiner is ignored"},
        fold_case{"ﷲ", "الله", "Arabic ligature (NFKC)"},
        fold_case{"שָׁלוֹם", "שלום", "Hebrew points removed"},
        fold_case{"ء", "ء", "a standalone hamza is a letter"},
        fold_case{"", "", "empty"},
        fold_case{"   ", "", "only spaces"}
    )
);

TEST(i18n_fold_properties, is_idempotent) {
    const std::vector<std::string> samples{
        "ÉCOLE", "مُسَاعَدَة", "خانۀ", "Straße", "한국어", "ПОМОЩ ёж", "۰۱۲ abc", "\xFF\xFE broken"};
    for (const auto& sample : samples) {
        const std::string once = fold_for_matching(sample);
        EXPECT_EQ(fold_for_matching(once), once) << sample;
    }
}

TEST(i18n_fold_properties, arabic_spellings_of_one_word_match) {
    EXPECT_EQ(fold_for_matching("مُسـاعَدة"), fold_for_matching("مساعده"));
    EXPECT_EQ(fold_for_matching("يساعدني"), fold_for_matching("یساعدنی"));
    EXPECT_EQ(fold_for_matching("كيف"), fold_for_matching("کیف"));
    EXPECT_EQ(fold_for_matching("أنا"), fold_for_matching("انا"));
    EXPECT_EQ(fold_for_matching("إلى"), fold_for_matching("الی"));
    EXPECT_NE(fold_for_matching("کتاب"), fold_for_matching("کباب"));
}

TEST(i18n_fold_properties, invalid_utf8_does_not_crash) {
    EXPECT_EQ(fold_for_matching("ok\xC3"), "ok");
    EXPECT_EQ(fold_for_matching("\xFF"), "");
}

struct digits_case {
    std::string input;
    std::string expected;

    friend std::ostream& operator<<(std::ostream& out, const digits_case& c) {
        return out << c.input;
    }
};

class i18n_ascii_digits : public testing::TestWithParam<digits_case> {};

TEST_P(i18n_ascii_digits, converts_only_digits) {
    EXPECT_EQ(ascii_digits(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_ascii_digits,
    testing::Values(
        digits_case{"٠١٢٣٤٥٦٧٨٩", "0123456789"},
        digits_case{"۰۱۲۳۴۵۶۷۸۹", "0123456789"},
        digits_case{"+۳۵۹ ۸۸۸ ۱۲۳", "+359 888 123"},
        digits_case{"٢٩/٠٣/٢٠٢٦", "29/03/2026"},
        digits_case{"Room ٤B, Ünïcode", "Room 4B, Ünïcode"},
        digits_case{"mixed 1٢۳", "mixed 123"},
        digits_case{"", ""}
    )
);

struct phrase_case {
    std::string text;
    std::string phrase;
    bool expected;

    friend std::ostream& operator<<(std::ostream& out, const phrase_case& c) {
        return out << "\"" << c.phrase << "\" in \"" << c.text << "\"";
    }
};

class i18n_contains_phrase : public testing::TestWithParam<phrase_case> {};

TEST_P(i18n_contains_phrase, respects_word_boundaries) {
    const auto& c = GetParam();
    EXPECT_EQ(contains_phrase(c.text, c.phrase), c.expected)
        << "text=\"" << c.text << "\" phrase=\"" << c.phrase << "\"";
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_contains_phrase,
    testing::Values(
        phrase_case{"help", "help", true},
        phrase_case{"i need help now", "help", true},
        phrase_case{"help me", "help", true},
        phrase_case{"please help", "help", true},
        phrase_case{"i want to kill myself", "kill myself", true},
        phrase_case{"helpful people", "help", false},
        phrase_case{"self help", "elf help", false},
        phrase_case{"menus", "menu", false},
        phrase_case{"kill myselfish", "kill myself", false},
        phrase_case{"helpful help", "help", true},
        phrase_case{"kill my self", "kill myself", false},
        phrase_case{"", "help", false},
        phrase_case{"help", "", false},
        phrase_case{"أريد المساعدة", "المساعده", false},
        phrase_case{"ارید المساعده الان", "المساعده", true},
        phrase_case{"помощ", "помощ", true},
        phrase_case{"непомощ", "помощ", false}
    )
);

TEST(i18n_contains_phrase_folded, typed_text_matches_after_folding) {
    EXPECT_TRUE(contains_phrase(
        fold_for_matching("I want to KILL MYSELF!!"), fold_for_matching("kill myself")
    ));
    EXPECT_TRUE(contains_phrase(fold_for_matching("أريد المُساعَدة."), fold_for_matching("المساعدة"))
    );
    EXPECT_FALSE(contains_phrase(fold_for_matching("Helpful!"), fold_for_matching("help")));
}

}  // namespace
}  // namespace zaedno::i18n
