// Formatting: plural rules per language, dates in the catalog's zone, fallback, right-to-left.
#include <cstdint>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "bot/i18n/catalog.hpp"
#include "bot/i18n/normalize.hpp"
#include "tests/i18n/catalog_fixture.hpp"

namespace zaedno::i18n {
namespace {

using test::load_basic;

constexpr std::string_view rlm = "\u200F";
constexpr std::string_view fsi = "\u2068";
constexpr std::string_view pdi = "\u2069";

std::string isolated(std::string_view text) {
    return std::string(fsi) + std::string(text) + std::string(pdi);
}

const catalog& sofia() {
    static const catalog loaded = load_basic("Europe/Sofia");
    return loaded;
}

// --- plural rules -----------------------------------------------------------------------------

struct plural_case {
    std::string lang;
    std::string key;
    std::int64_t count;
    std::string expected;  // digits compared in ASCII: ICU picks each language's own digits

    friend std::ostream& operator<<(std::ostream& out, const plural_case& c) {
        return out << c.lang << " " << c.key << " " << c.count;
    }
};

class i18n_plural : public testing::TestWithParam<plural_case> {};

TEST_P(i18n_plural, picks_the_languages_plural_category) {
    const auto& c = GetParam();
    const formatted result = sofia().format(c.lang, c.key, {{"count", c.count}});
    EXPECT_FALSE(result.fell_back);
    EXPECT_EQ(result.language, c.lang);
    EXPECT_EQ(ascii_digits(result.text), c.expected) << c.lang << " " << c.count;
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_plural,
    testing::Values(
        plural_case{"ar", "items", 0, "\u200Fلا مواعيد"},
        plural_case{"ar", "items", 1, "\u200Fموعد واحد"},
        plural_case{"ar", "items", 2, "\u200Fموعدان"},
        plural_case{"ar", "items", 3, "\u200F3 مواعيد قليلة"},
        plural_case{"ar", "items", 10, "\u200F10 مواعيد قليلة"},
        plural_case{"ar", "items", 11, "\u200F11 موعدًا كثيرًا"},
        plural_case{"ar", "items", 99, "\u200F99 موعدًا كثيرًا"},
        plural_case{"ar", "items", 100, "\u200F100 موعد آخر"},
        plural_case{"ar", "items", 102, "\u200F102 موعد آخر"},
        plural_case{"ar", "items", 103, "\u200F103 مواعيد قليلة"},
        plural_case{"ar", "items", 111, "\u200F111 موعدًا كثيرًا"},
        plural_case{"ru", "files", 1, "1 файл"},
        plural_case{"ru", "files", 2, "2 файла"},
        plural_case{"ru", "files", 4, "4 файла"},
        plural_case{"ru", "files", 5, "5 файлов"},
        plural_case{"ru", "files", 11, "11 файлов"},
        plural_case{"ru", "files", 12, "12 файлов"},
        plural_case{"ru", "files", 21, "21 файл"},
        plural_case{"ru", "files", 22, "22 файла"},
        plural_case{"ru", "files", 25, "25 файлов"},
        plural_case{"ru", "files", 101, "101 файл"},
        plural_case{"ru", "files", 111, "111 файлов"},
        plural_case{"uk", "files", 1, "1 файл"},
        plural_case{"uk", "files", 2, "2 файли"},
        plural_case{"uk", "files", 5, "5 файлів"},
        plural_case{"uk", "files", 11, "11 файлів"},
        plural_case{"uk", "files", 21, "21 файл"},
        plural_case{"uk", "files", 22, "22 файли"},
        plural_case{"uk", "files", 25, "25 файлів"},
        plural_case{"uk", "files", 0, "0 файлів"}
    )
);

TEST(i18n_plural_numbers, arabic_keeps_icus_own_digits) {
    const formatted result = sofia().format("ar", "items", {{"count", std::int64_t{3}}});
    EXPECT_EQ(result.text, "\u200F٣ مواعيد قليلة");
}

TEST(i18n_plural_numbers, fractions_take_the_other_form) {
    const formatted result = sofia().format("ru", "files", {{"count", 1.5}});
    EXPECT_EQ(result.text, "1,5 файла");
}

// --- dates and time zones ---------------------------------------------------------------------

// Europe/Sofia: EET (UTC+2) until 2026-03-29 01:00 UTC, EEST (UTC+3) until 2026-10-25 01:00 UTC.
constexpr timestamp march_before_change{1774744200};    // 2026-03-29 00:30 UTC
constexpr timestamp march_after_change{1774747800};     // 2026-03-29 01:30 UTC
constexpr timestamp october_before_change{1792888200};  // 2026-10-25 00:30 UTC
constexpr timestamp october_after_change{1792891800};   // 2026-10-25 01:30 UTC

struct zone_case {
    std::string zone;
    std::string key;
    timestamp when;
    std::string expected;

    friend std::ostream& operator<<(std::ostream& out, const zone_case& c) {
        return out << c.zone << " " << c.key << " @" << c.when.unix_seconds;
    }
};

class i18n_zone : public testing::TestWithParam<zone_case> {};

TEST_P(i18n_zone, formats_local_time_of_the_catalogs_zone) {
    const auto& c = GetParam();
    const catalog loaded = load_basic(c.zone);
    EXPECT_EQ(loaded.format("en", c.key, {{"when", c.when}}).text, c.expected)
        << c.zone << " " << c.when.unix_seconds;
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_zone,
    testing::Values(
        zone_case{"Europe/Sofia", "booking.hour", march_before_change, "02:30"},
        zone_case{"Europe/Sofia", "booking.hour", march_after_change, "04:30"},
        zone_case{"Europe/Sofia", "booking.hour", october_before_change, "03:30"},
        zone_case{"Europe/Sofia", "booking.hour", october_after_change, "03:30"},
        zone_case{"Europe/Sofia", "booking.iso", march_before_change, "2026-03-29 02:30"},
        zone_case{"Europe/Sofia", "booking.iso", march_after_change, "2026-03-29 04:30"},
        zone_case{"Europe/Sofia", "booking.iso", october_after_change, "2026-10-25 03:30"},
        zone_case{"Europe/Sofia", "booking.stamp", march_after_change, "03/29/2026, 04:30"},
        zone_case{"America/New_York", "booking.hour", march_before_change, "20:30"},
        zone_case{"America/New_York", "booking.iso", march_after_change, "2026-03-28 21:30"},
        zone_case{"America/New_York", "booking.stamp", october_after_change, "10/24/2026, 21:30"},
        zone_case{"UTC", "booking.iso", march_after_change, "2026-03-29 01:30"},
        zone_case{"Asia/Kabul", "booking.iso", march_after_change, "2026-03-29 06:00"}
    )
);

TEST(i18n_zone_everywhere, dates_inside_plural_branches_use_the_zone) {
    const catalog new_york = load_basic("America/New_York");
    const message_args one{{"count", std::int64_t{1}}, {"when", march_after_change}};
    const message_args three{{"count", std::int64_t{3}}, {"when", march_after_change}};
    EXPECT_EQ(sofia().format("en", "booking.nested", one).text, "One visit at 04:30");
    EXPECT_EQ(sofia().format("en", "booking.nested", three).text, "3 visits from 04:30");
    EXPECT_EQ(new_york.format("en", "booking.nested", one).text, "One visit at 21:30");
}

TEST(i18n_zone_everywhere, named_date_styles_use_the_zone) {
    const catalog new_york = load_basic("America/New_York");
    const std::string in_sofia =
        sofia().format("en", "booking.confirmed", {{"when", march_after_change}}).text;
    const std::string in_new_york =
        new_york.format("en", "booking.confirmed", {{"when", march_after_change}}).text;
    EXPECT_NE(in_sofia.find("Sunday, March 29, 2026"), std::string::npos) << in_sofia;
    EXPECT_NE(in_sofia.find("4:30"), std::string::npos) << in_sofia;
    EXPECT_NE(in_new_york.find("Saturday, March 28, 2026"), std::string::npos) << in_new_york;
    EXPECT_NE(in_new_york.find("9:30"), std::string::npos) << in_new_york;
}

TEST(i18n_zone_everywhere, a_bare_argument_holding_a_timestamp_uses_the_zone) {
    const catalog new_york = load_basic("America/New_York");
    const std::string in_sofia =
        sofia().format("en", "booking.bare", {{"when", march_after_change}}).text;
    const std::string in_new_york =
        new_york.format("en", "booking.bare", {{"when", march_after_change}}).text;
    EXPECT_EQ(in_sofia.rfind("Starts 3/29/26, 4:30", 0), 0U) << in_sofia;
    EXPECT_EQ(in_new_york.rfind("Starts 3/28/26, 9:30", 0), 0U) << in_new_york;
}

TEST(i18n_zone_everywhere, right_to_left_dates_use_the_zone_too) {
    const formatted result = sofia().format("ar", "hour", {{"when", october_before_change}});
    EXPECT_EQ(ascii_digits(result.text), "\u200Fالساعة 03:30");
}

// --- fallback ---------------------------------------------------------------------------------

TEST(i18n_fallback, missing_key_uses_the_default_language) {
    const formatted result = sofia().format("bg", "greeting", {{"name", std::string("Ivan")}});
    EXPECT_EQ(result.text, "Hello, Ivan!");
    EXPECT_EQ(result.language, "en");
    EXPECT_TRUE(result.fell_back);
}

TEST(i18n_fallback, present_key_uses_the_requested_language) {
    const formatted result = sofia().format("bg", "menu.prompt");
    EXPECT_EQ(result.text, "Какво ви трябва?");
    EXPECT_EQ(result.language, "bg");
    EXPECT_FALSE(result.fell_back);
}

TEST(i18n_fallback, default_language_itself_never_falls_back) {
    const formatted result = sofia().format("en", "menu.prompt");
    EXPECT_EQ(result.text, "What do you need?");
    EXPECT_FALSE(result.fell_back);
}

TEST(i18n_fallback, key_missing_everywhere_yields_the_key) {
    for (const std::string lang : {"bg", "en", "ar", "xx"}) {
        const formatted result = sofia().format(lang, "no.such.key");
        EXPECT_EQ(result.text, "no.such.key") << lang;
        EXPECT_TRUE(result.fell_back) << lang;
    }
}

TEST(i18n_fallback, unknown_language_behaves_like_the_default) {
    const formatted result = sofia().format("xx", "menu.prompt");
    EXPECT_EQ(result.text, "What do you need?");
    EXPECT_EQ(result.language, "en");
    EXPECT_TRUE(result.fell_back);
}

TEST(i18n_fallback, falling_back_from_arabic_gives_plain_english) {
    const formatted result = sofia().format("ar", "only_in_english");
    EXPECT_EQ(result.text, "This text exists only in English.");
    EXPECT_TRUE(result.fell_back);
}

TEST(i18n_fallback, a_pattern_that_cannot_format_its_arguments_yields_the_key) {
    const formatted result = sofia().format(
        "en", "booking.nested", {{"count", std::string("many")}, {"when", march_after_change}}
    );
    EXPECT_EQ(result.text, "booking.nested");
    EXPECT_TRUE(result.fell_back);
}

TEST(i18n_fallback, missing_arguments_stay_visible_as_placeholders) {
    EXPECT_EQ(sofia().format("en", "greeting").text, "Hello, {name}!");
    EXPECT_EQ(sofia().format("en", "booking.iso").text, "{when}");
}

TEST(i18n_fallback, default_constructed_catalog_answers_with_keys) {
    const catalog empty;
    const formatted result = empty.format("en", "menu.prompt");
    EXPECT_EQ(result.text, "menu.prompt");
    EXPECT_TRUE(result.fell_back);
    EXPECT_TRUE(empty.languages().empty());
    EXPECT_TRUE(empty.word_list("en", "words.menu").empty());
}

TEST(i18n_quoting, apostrophes_follow_icu_rules_with_and_without_arguments) {
    EXPECT_EQ(
        sofia().format("en", "quoted", {{"name", std::string("Ana")}}).text,
        "It's Ana's turn; {braces} stay literal."
    );
    EXPECT_EQ(sofia().format("en", "quoted_plain").text, "It's fine; {not an argument}.");
}

TEST(i18n_quoting, text_without_arguments_ignores_extra_arguments) {
    EXPECT_EQ(
        sofia().format("en", "menu.prompt", {{"name", std::string("Ana")}}).text,
        "What do you need?"
    );
    EXPECT_EQ(sofia().format("ar", "menu.prompt").text, "\u200Fماذا تحتاج؟");
}

// --- right-to-left ----------------------------------------------------------------------------

TEST(i18n_rtl, arabic_starts_with_rlm_and_isolates_string_arguments) {
    const formatted result = sofia().format("ar", "greeting", {{"name", std::string("Ivan")}});
    EXPECT_EQ(result.text, std::string(rlm) + "مرحبا " + isolated("Ivan") + "!");
}

TEST(i18n_rtl, phone_numbers_and_latin_names_are_isolated) {
    const formatted result = sofia().format(
        "ar",
        "call",
        {{"name", std::string("Maria Ivanova")}, {"phone", std::string("+359 888 123 456")}}
    );
    EXPECT_EQ(
        result.text,
        std::string(rlm) + "اتصل بـ " + isolated("Maria Ivanova") + " على " +
            isolated("+359 888 123 456") + "."
    );
}

TEST(i18n_rtl, farsi_is_right_to_left_too) {
    const formatted result = sofia().format("fa", "greeting", {{"name", std::string("Ali 2")}});
    EXPECT_EQ(result.text, std::string(rlm) + "سلام " + isolated("Ali 2"));
}

TEST(i18n_rtl, select_matches_the_bare_value_while_the_shown_value_is_isolated) {
    const formatted result = sofia().format("ar", "who", {{"gender", std::string("female")}});
    EXPECT_EQ(result.text, std::string(rlm) + "هي (" + isolated("female") + ")");
}

TEST(i18n_rtl, numbers_are_not_wrapped) {
    const formatted result = sofia().format("ar", "items", {{"count", std::int64_t{5}}});
    EXPECT_EQ(result.text.find(fsi), std::string::npos);
    EXPECT_EQ(result.text.rfind(rlm, 0), 0U);
}

TEST(i18n_rtl, a_plain_number_argument_inside_plural_is_formatted_not_isolated) {
    const formatted result = sofia().format("ar", "files", {{"count", std::int64_t{1234}}});
    EXPECT_EQ(result.text.find(fsi), std::string::npos) << result.text;
    EXPECT_EQ(ascii_digits(result.text), "\u200F1٬234 ملفات");
}

TEST(i18n_rtl, english_gets_no_marks) {
    const formatted greeting = sofia().format("en", "greeting", {{"name", std::string("Ivan")}});
    EXPECT_EQ(greeting.text, "Hello, Ivan!");
    const formatted call = sofia().format(
        "en", "call", {{"name", std::string("Ali")}, {"phone", std::string("+359 888 123 456")}}
    );
    EXPECT_EQ(call.text, "Call Ali on +359 888 123 456.");
    const formatted who = sofia().format("en", "who", {{"gender", std::string("female")}});
    EXPECT_EQ(who.text, "She asked for female.");
}

// --- sharing between threads ------------------------------------------------------------------

TEST(i18n_threads, concurrent_formatting_gives_the_single_threaded_results) {
    struct request {
        std::string lang;
        std::string key;
        message_args args;
    };

    const std::vector<request> requests{
        {"ar", "items", {{"count", std::int64_t{11}}}},
        {"ru", "files", {{"count", std::int64_t{22}}}},
        {"en", "booking.nested", {{"count", std::int64_t{1}}, {"when", march_after_change}}},
        {"en", "booking.bare", {{"when", october_after_change}}},
        {"en", "booking.confirmed", {{"when", march_before_change}}},
        {"ar", "call", {{"name", std::string("Ivan")}, {"phone", std::string("+359")}}},
    };
    const catalog loaded = load_basic();
    std::vector<std::string> expected;
    for (const auto& r : requests) {
        expected.push_back(loaded.format(r.lang, r.key, r.args).text);
    }

    constexpr int thread_count = 4;
    constexpr int rounds = 150;
    std::vector<int> mismatches(thread_count, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < rounds; ++round) {
                for (std::size_t i = 0; i < requests.size(); ++i) {
                    const auto& r = requests[(i + static_cast<std::size_t>(t)) % requests.size()];
                    const auto& want =
                        expected[(i + static_cast<std::size_t>(t)) % requests.size()];
                    if (loaded.format(r.lang, r.key, r.args).text != want) {
                        ++mismatches[static_cast<std::size_t>(t)];
                    }
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (int t = 0; t < thread_count; ++t) {
        EXPECT_EQ(mismatches[static_cast<std::size_t>(t)], 0) << "thread " << t;
    }
}

}  // namespace
}  // namespace zaedno::i18n
