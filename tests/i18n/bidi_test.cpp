// Right-to-left marks: isolating embedded text, the paragraph mark, stripping for display.
#include "bot/i18n/bidi.hpp"

#include <string>

#include <gtest/gtest.h>

namespace zaedno::i18n {
namespace {

TEST(i18n_bidi, isolate_wraps_in_fsi_and_pdi) {
    EXPECT_EQ(isolate("+359 888"), "\u2068+359 888\u2069");
    EXPECT_EQ(isolate(""), "\u2068\u2069");
}

TEST(i18n_bidi, rtl_text_gets_exactly_one_leading_mark) {
    EXPECT_EQ(with_direction_mark(text_direction::rtl, "مرحبا"), "\u200Fمرحبا");
    EXPECT_EQ(with_direction_mark(text_direction::rtl, "\u200Fمرحبا"), "\u200Fمرحبا");
    EXPECT_EQ(with_direction_mark(text_direction::rtl, ""), "\u200F");
}

TEST(i18n_bidi, ltr_text_is_unchanged) {
    EXPECT_EQ(with_direction_mark(text_direction::ltr, "Hello"), "Hello");
}

TEST(i18n_bidi, strip_removes_every_directional_control_and_nothing_else) {
    EXPECT_EQ(strip_bidi_controls("\u200Fمرحبا \u2068Ivan\u2069!"), "مرحبا Ivan!");
    EXPECT_EQ(strip_bidi_controls("\u202Bx\u202C\u200E\u061C\u2066\u2067y"), "xy");
    EXPECT_EQ(strip_bidi_controls("plain — text ✓"), "plain — text ✓");
    EXPECT_EQ(strip_bidi_controls(""), "");
}

TEST(i18n_bidi, strip_keeps_invalid_bytes_as_they_were) {
    EXPECT_EQ(
        strip_bidi_controls("a\xFF\u200Fb\xE2\x80"),
        "a\xFF"
        "b\xE2\x80"
    );
}

TEST(i18n_bidi, strip_undoes_isolate_and_mark) {
    const std::string text = "اتصل بـ Ivan";
    EXPECT_EQ(strip_bidi_controls(with_direction_mark(text_direction::rtl, isolate(text))), text);
}

}  // namespace
}  // namespace zaedno::i18n
