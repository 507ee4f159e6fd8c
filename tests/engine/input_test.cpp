// Typed-answer validators: numbers, dates and phones in Latin, Arabic-Indic and Persian digits.
#include "bot/engine/input.hpp"

#include <gtest/gtest.h>

namespace zaedno::engine {
namespace {

TEST(engine_input, numbers_in_every_digit_script) {
    EXPECT_EQ(parse_number("3", std::nullopt, std::nullopt), 3);
    EXPECT_EQ(parse_number("٣", std::nullopt, std::nullopt), 3);
    EXPECT_EQ(parse_number("۳", std::nullopt, std::nullopt), 3);
    EXPECT_EQ(parse_number("١٢", std::nullopt, std::nullopt), 12);
    EXPECT_EQ(parse_number("۱۲", std::nullopt, std::nullopt), 12);
    EXPECT_EQ(parse_number(" 42 ", std::nullopt, std::nullopt), 42);
    EXPECT_EQ(parse_number("\u200F۴", std::nullopt, std::nullopt), 4);
    EXPECT_EQ(parse_number("-5", std::nullopt, std::nullopt), -5);
}

TEST(engine_input, numbers_outside_bounds_or_not_numbers_are_refused) {
    EXPECT_EQ(parse_number("0", 1, 10), std::nullopt);
    EXPECT_EQ(parse_number("11", 1, 10), std::nullopt);
    EXPECT_EQ(parse_number("١١", 1, 10), std::nullopt);
    EXPECT_EQ(parse_number("10", 1, 10), 10);
    EXPECT_EQ(parse_number("1", 1, 10), 1);
    EXPECT_EQ(parse_number("three", std::nullopt, std::nullopt), std::nullopt);
    EXPECT_EQ(parse_number("3 people", std::nullopt, std::nullopt), std::nullopt);
    EXPECT_EQ(parse_number("", std::nullopt, std::nullopt), std::nullopt);
    EXPECT_EQ(parse_number("-", std::nullopt, std::nullopt), std::nullopt);
    EXPECT_EQ(parse_number("99999999999999999999", std::nullopt, std::nullopt), std::nullopt);
}

TEST(engine_input, dates_in_common_orders_and_digit_scripts) {
    EXPECT_EQ(parse_date("2027-03-15"), "2027-03-15");
    EXPECT_EQ(parse_date("15.03.2027"), "2027-03-15");
    EXPECT_EQ(parse_date("5/3/2027"), "2027-03-05");
    EXPECT_EQ(parse_date("5-3-27"), "2027-03-05");
    EXPECT_EQ(parse_date("١٥/٣/٢٠٢٧"), "2027-03-15");
    EXPECT_EQ(parse_date("۱۵.۰۳.۲۰۲۷"), "2027-03-15");
    EXPECT_EQ(parse_date("29.02.2028"), "2028-02-29");
}

TEST(engine_input, impossible_or_malformed_dates_are_refused) {
    EXPECT_EQ(parse_date("29.02.2027"), std::nullopt);
    EXPECT_EQ(parse_date("31.04.2027"), std::nullopt);
    EXPECT_EQ(parse_date("32.01.2027"), std::nullopt);
    EXPECT_EQ(parse_date("15.13.2027"), std::nullopt);
    EXPECT_EQ(parse_date("tomorrow"), std::nullopt);
    EXPECT_EQ(parse_date("15.03"), std::nullopt);
    EXPECT_EQ(parse_date("15.03.202"), std::nullopt);
    EXPECT_EQ(parse_date("2027-3-150"), std::nullopt);
    EXPECT_EQ(parse_date(""), std::nullopt);
}

TEST(engine_input, phones_in_every_digit_script) {
    EXPECT_EQ(parse_phone("+359 888 123 456"), "+359888123456");
    EXPECT_EQ(parse_phone("00359888123456"), "+359888123456");
    EXPECT_EQ(parse_phone("0888-123-456"), "0888123456");
    EXPECT_EQ(parse_phone("(02) 123 4567"), "021234567");
    EXPECT_EQ(parse_phone("+٣٥٩٨٨٨١٢٣٤٥٦"), "+359888123456");
    EXPECT_EQ(parse_phone("۰۸۸۸۱۲۳۴۵۶"), "0888123456");
    EXPECT_EQ(parse_phone("\u2066+359 888 123 456\u2069"), "+359888123456");
}

TEST(engine_input, malformed_phones_are_refused) {
    EXPECT_EQ(parse_phone("12345"), std::nullopt);
    EXPECT_EQ(parse_phone("1234567890123456"), std::nullopt);
    EXPECT_EQ(parse_phone("call 0888123456"), std::nullopt);
    EXPECT_EQ(parse_phone("0888+123456"), std::nullopt);
    EXPECT_EQ(parse_phone(""), std::nullopt);
}

}  // namespace
}  // namespace zaedno::engine
