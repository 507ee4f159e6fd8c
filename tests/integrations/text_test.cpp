// UTF-8 repair, length units, boundary-aware splitting and command reading.
#include "integrations/text.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zaedno::channels {
namespace {

bool is_ascii_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// The parts appear in the original in order, separated only by whitespace.
::testing::AssertionResult reassembles(
    const std::string& original, const std::vector<std::string>& parts
) {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            while (pos < original.size() && is_ascii_space(original[pos])) {
                ++pos;
            }
        }
        if (original.compare(pos, parts[i].size(), parts[i]) != 0) {
            return ::testing::AssertionFailure() << "part " << i << " does not continue the text";
        }
        pos += parts[i].size();
    }
    while (pos < original.size() && is_ascii_space(original[pos])) {
        ++pos;
    }
    if (pos != original.size()) {
        return ::testing::AssertionFailure() << "text left over after the last part";
    }
    return ::testing::AssertionSuccess();
}

// Builds about `length` code points of words from the pool, with a newline now and then.
std::string words_text(const std::vector<std::string>& pool, std::size_t length) {
    std::string out;
    std::size_t i = 0;
    while (text_length(out, length_unit::code_points) < length) {
        if (!out.empty()) {
            out += (i % 37 == 0) ? "\n" : " ";
        }
        out += pool[i % pool.size()];
        ++i;
    }
    return out;
}

void expect_word_split(
    const std::string& text, std::size_t limit, length_unit unit, std::size_t expected_parts
) {
    auto parts = split_text(text, limit, unit);
    ASSERT_EQ(parts.size(), expected_parts);
    std::size_t pos = 0;
    for (const auto& part : parts) {
        EXPECT_LE(text_length(part, unit), limit);
        EXPECT_TRUE(is_valid_utf8(part));
        EXPECT_FALSE(part.empty());
        EXPECT_FALSE(is_ascii_space(part.front()));
        EXPECT_FALSE(is_ascii_space(part.back()));
        pos = text.find(part, pos) + part.size();
        if (pos < text.size()) {
            EXPECT_TRUE(is_ascii_space(text[pos])) << "cut inside a word";
        }
    }
    EXPECT_TRUE(reassembles(text, parts));
}

TEST(channels_text, ten_thousand_cyrillic_characters_split_at_words_within_limit) {
    const std::string text = words_text(
        {"Здравейте,", "тук", "можете", "да", "запишете", "час", "при", "социален", "работник."},
        10'000
    );
    ASSERT_GE(text_length(text, length_unit::code_points), 10'000u);
    expect_word_split(text, 4096, length_unit::code_points, 3);
}

TEST(channels_text, ten_thousand_arabic_characters_split_at_words_within_limit) {
    const std::string text =
        words_text({"مرحبا،", "يمكنك", "حجز", "موعد", "مع", "الأخصائي", "الاجتماعي."}, 10'000);
    expect_word_split(text, 4096, length_unit::code_points, 3);
    expect_word_split(text, 7000, length_unit::utf16_units, 2);
}

TEST(channels_text, short_text_is_one_unchanged_part) {
    auto parts = split_text("  Привіт!  ", 4096, length_unit::code_points);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0], "  Привіт!  ");
}

TEST(channels_text, empty_text_has_no_parts) {
    EXPECT_TRUE(split_text("", 10, length_unit::code_points).empty());
}

TEST(channels_text, exact_limit_is_not_split) {
    const std::string text(20, 'a');
    EXPECT_EQ(split_text(text, 20, length_unit::code_points).size(), 1u);
    EXPECT_EQ(split_text(text, 19, length_unit::code_points).size(), 2u);
}

TEST(channels_text, blank_line_in_second_half_is_preferred) {
    const std::string text = "aaa bbb ccc ddd\n\neee fff ggg";
    auto parts = split_text(text, 20, length_unit::code_points);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0], "aaa bbb ccc ddd");
    EXPECT_EQ(parts[1], "eee fff ggg");
}

TEST(channels_text, line_end_beats_later_word_break) {
    const std::string text = "first line here\nsecond line goes on";
    auto parts = split_text(text, 22, length_unit::code_points);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0], "first line here");
    EXPECT_EQ(parts[1], "second line goes on");
}

TEST(channels_text, text_without_spaces_is_cut_at_the_limit) {
    std::string text;
    for (int i = 0; i < 25; ++i) {
        text += "ж";
    }
    auto parts = split_text(text, 10, length_unit::code_points);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(text_length(parts[0], length_unit::code_points), 10u);
    EXPECT_EQ(text_length(parts[2], length_unit::code_points), 5u);
    EXPECT_EQ(parts[0] + parts[1] + parts[2], text);
}

TEST(channels_text, combining_accents_stay_with_their_letter) {
    std::string text;
    for (int i = 0; i < 20; ++i) {
        text += "e\u0301";  // two code points, one grapheme
    }
    auto parts = split_text(text, 5, length_unit::code_points);
    std::string joined;
    for (const auto& part : parts) {
        EXPECT_EQ(text_length(part, length_unit::code_points), 4u);
        EXPECT_EQ(part.front(), 'e');
        joined += part;
    }
    EXPECT_EQ(joined, text);
}

TEST(channels_text, emoji_zwj_sequences_are_never_cut) {
    const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";  // 5 code points
    std::string text;
    for (int i = 0; i < 6; ++i) {
        text += family;
    }
    auto parts = split_text(text, 7, length_unit::code_points);
    ASSERT_EQ(parts.size(), 6u);
    for (const auto& part : parts) {
        EXPECT_EQ(part, family);
    }
}

TEST(channels_text, utf16_units_count_astral_characters_twice) {
    const std::string text = "\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600";
    EXPECT_EQ(text_length(text, length_unit::code_points), 5u);
    EXPECT_EQ(text_length(text, length_unit::utf16_units), 10u);
    auto parts = split_text(text, 5, length_unit::utf16_units);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(text_length(parts[0], length_unit::utf16_units), 4u);
}

TEST(channels_text, a_limit_smaller_than_one_character_still_makes_progress) {
    auto parts = split_text("\U0001F600\U0001F600", 1, length_unit::utf16_units);
    EXPECT_EQ(parts.size(), 2u);
}

TEST(channels_text, whitespace_only_overflow_yields_nothing) {
    EXPECT_TRUE(split_text(std::string(30, ' '), 10, length_unit::code_points).empty());
}

TEST(channels_text, invalid_utf8_is_repaired_before_splitting) {
    std::string text = "abc \xff\xfe def \xe2\x82 ghi";
    auto parts = split_text(text, 5, length_unit::code_points);
    for (const auto& part : parts) {
        EXPECT_TRUE(is_valid_utf8(part));
        EXPECT_LE(text_length(part, length_unit::code_points), 5u);
    }
}

TEST(channels_text, sanitize_replaces_every_ill_formed_sequence) {
    EXPECT_EQ(sanitize_utf8("ok"), "ok");
    EXPECT_EQ(sanitize_utf8("a\xffz"), "a\uFFFDz");
    EXPECT_EQ(sanitize_utf8("\xc0\xaf"), "\uFFFD\uFFFD");                      // overlong '/'
    EXPECT_EQ(sanitize_utf8("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD");            // UTF-16 surrogate
    EXPECT_EQ(sanitize_utf8("\xf4\x90\x80\x80"), "\uFFFD\uFFFD\uFFFD\uFFFD");  // above U+10FFFF
    EXPECT_EQ(sanitize_utf8("x\xe2\x82"), "x\uFFFD");  // truncated euro sign
    EXPECT_EQ(sanitize_utf8("\xe2\x82\xac"), "\u20AC");
    EXPECT_TRUE(is_valid_utf8(sanitize_utf8(std::string("\0\x80\xbf", 3))));
}

TEST(channels_text, valid_utf8_detection) {
    EXPECT_TRUE(is_valid_utf8("Здраво مرحبا \U0001F600"));
    EXPECT_FALSE(is_valid_utf8("\x80"));
    EXPECT_FALSE(is_valid_utf8("\xf0\x9f\x98"));
}

TEST(channels_text, shorten_keeps_fitting_text_and_ellipsizes_the_rest) {
    EXPECT_EQ(shorten_text("Житло", 10, length_unit::code_points), "Житло");
    EXPECT_EQ(shorten_text("Житло та оренда", 8, length_unit::code_points), "Житло\u2026");
    EXPECT_EQ(shorten_text("e\u0301e\u0301e\u0301", 4, length_unit::code_points), "e\u0301\u2026");
    EXPECT_EQ(shorten_text("abc", 0, length_unit::code_points), "");
    EXPECT_EQ(shorten_text("Житлоіоренда", 8, length_unit::code_points), "Житлоіо\u2026");
}

TEST(channels_text, blank_means_only_white_space) {
    EXPECT_TRUE(is_blank(""));
    EXPECT_TRUE(is_blank(" \t\r\n\u00A0\u2003"));
    EXPECT_FALSE(is_blank(" . "));
    EXPECT_FALSE(is_blank("\xff"));
}

TEST(channels_text, commands_are_read_with_payload_and_suffix) {
    auto start = parse_command("/start@zaedno_bot  abc-123 ");
    ASSERT_TRUE(start);
    EXPECT_EQ(start->name, "start");
    EXPECT_EQ(start->payload, "abc-123");
    auto upper = parse_command("/HELP");
    ASSERT_TRUE(upper);
    EXPECT_EQ(upper->name, "help");
    EXPECT_FALSE(parse_command("hello /start"));
    EXPECT_FALSE(parse_command("/"));
    EXPECT_FALSE(parse_command("/ start"));
    EXPECT_FALSE(parse_command("/path/to"));
    EXPECT_FALSE(parse_command("/це"));
    EXPECT_FALSE(parse_command("/" + std::string(33, 'a')));
    EXPECT_TRUE(parse_command("/" + std::string(32, 'a')));
}

TEST(channels_text, decimal_integers_are_digits_with_an_optional_minus) {
    for (const char* yes : {"0", "-1", "12345678901234567890", "-12345678901234567890"}) {
        EXPECT_TRUE(is_decimal_integer(yes)) << yes;
    }
    for (const char* no : {"", "-", "+1", "1.0", "1e5", " 1", "123456789012345678901", "١٢"}) {
        EXPECT_FALSE(is_decimal_integer(no)) << no;
    }
}

}  // namespace
}  // namespace zaedno::channels
