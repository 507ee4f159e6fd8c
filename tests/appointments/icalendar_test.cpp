// The iCalendar writer against a strict RFC 5545 checker, and the checker against broken
// input (so it can fail).
#include "bot/appointments/icalendar.hpp"

#include <gtest/gtest.h>

#include "tests/appointments/icalendar_checker.hpp"

namespace zaedno::appointments {
namespace {

using test::check_icalendar;

std::vector<calendar_event> awkward_events() {
    calendar_event legal;
    legal.uid = "booking-1@zaedno";
    legal.starts_at = 1'796'112'000;
    legal.ends_at = legal.starts_at + 45 * 60;
    legal.stamp = 1'796'000'000;
    legal.summary = "Правна консултация (interpreter: ar); стая 4, втори етаж \\ вход от двора";
    legal.location = "Общностен център „Заедно“, бул. „Витоша“ 1, 1000 София";
    legal.description = "Booking 1\nLanguage: ar\nStatus: booked";
    calendar_event arabic = legal;
    arabic.uid = "booking-2@zaedno";
    arabic.cancelled = true;
    arabic.sequence = 1;
    arabic.summary = std::string(40, 'x') + "استشارة قانونية، مع مترجم؛ الطابق الثاني، الغرفة ٤";
    return {legal, arabic};
}

TEST(appointments_icalendar, a_feed_with_long_cyrillic_and_arabic_text_is_valid_rfc5545) {
    auto text = write_calendar("Правна консултация, София", awkward_events());
    auto check = check_icalendar(text);
    EXPECT_TRUE(check.ok()) << check.describe() << text;
    // Unfolding and unescaping gives back exactly what was written.
    std::vector<std::string> summaries;
    for (const auto& line : check.lines) {
        if (line.name == "SUMMARY") {
            std::string plain;
            ASSERT_TRUE(test::unescape_text(line.value, plain));
            summaries.push_back(plain);
        }
    }
    ASSERT_EQ(summaries.size(), 2U);
    EXPECT_EQ(summaries[0], awkward_events()[0].summary);
    EXPECT_EQ(summaries[1], awkward_events()[1].summary);
    EXPECT_NE(text.find("DTSTART:20261201T080000Z\r\n"), std::string::npos) << text;
    EXPECT_NE(text.find("STATUS:CANCELLED\r\n"), std::string::npos);
    EXPECT_NE(text.find("UID:booking-2@zaedno\r\n"), std::string::npos);
}

TEST(appointments_icalendar, folding_keeps_75_octets_and_whole_characters) {
    std::string exact(75, 'a');
    EXPECT_EQ(fold_line(exact), exact + "\r\n");
    EXPECT_EQ(fold_line(exact + "b"), exact + "\r\n b\r\n");
    // "ж" is two octets: placed across the 75th octet it moves whole to the next line.
    std::string across = std::string(74, 'a') + "жz";
    EXPECT_EQ(fold_line(across), std::string(74, 'a') + "\r\n жz\r\n");
    std::string long_text;
    for (int i = 0; i < 100; ++i) {
        long_text += "ع";
    }
    auto folded = fold_line("SUMMARY:" + long_text);
    std::size_t start = 0;
    while (start < folded.size()) {
        auto end = folded.find("\r\n", start);
        EXPECT_LE(end - start, 75U);
        start = end + 2;
    }
}

TEST(appointments_icalendar, escaping_covers_backslash_semicolon_comma_and_newline) {
    EXPECT_EQ(escape_text("a\\b;c,d\ne\r\x01"), "a\\\\b\\;c\\,d\\ne");
    EXPECT_EQ(utc_date_time(0), "19700101T000000Z");
}

TEST(appointments_icalendar, the_checker_refuses_what_rfc5545_forbids) {
    const std::string good =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"
        "UID:a@b\r\nDTSTAMP:20261201T080000Z\r\nDTSTART:20261201T080000Z\r\n"
        "DTEND:20261201T090000Z\r\nSUMMARY:ok\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    ASSERT_TRUE(check_icalendar(good).ok()) << check_icalendar(good).describe();
    auto replaced = [&](const std::string& from, const std::string& to) {
        auto copy = good;
        copy.replace(copy.find(from), from.size(), to);
        return copy;
    };
    auto bad = std::vector<std::pair<std::string, std::string>>{
        {"bare LF", replaced("SUMMARY:ok\r\n", "SUMMARY:ok\n")},
        {"76 octets", replaced("SUMMARY:ok", "SUMMARY:" + std::string(68, 'x'))},
        {"no UID", replaced("UID:a@b\r\n", "")},
        {"no DTSTAMP", replaced("DTSTAMP:20261201T080000Z\r\n", "")},
        {"floating time", replaced("DTSTART:20261201T080000Z", "DTSTART:20261201T080000")},
        {"unknown TZID",
         replaced("DTSTART:20261201T080000Z", "DTSTART;TZID=Europe/Sofia:20261201T100000")},
        {"unescaped comma", replaced("SUMMARY:ok", "SUMMARY:a,b")},
        {"bad nesting", replaced("END:VEVENT\r\nEND:VCALENDAR", "END:VCALENDAR\r\nEND:VEVENT")},
        {"unclosed", replaced("END:VCALENDAR\r\n", "")},
        {"end before start", replaced("DTEND:20261201T090000Z", "DTEND:20261201T070000Z")},
        {"split character",
         replaced("SUMMARY:ok", std::string("SUMMARY:ж").substr(0, 9) + "\r\n " + "\xB6")},
        {"no version", replaced("VERSION:2.0\r\n", "")},
    };
    for (const auto& [what, text] : bad) {
        EXPECT_FALSE(check_icalendar(text).ok()) << what;
    }
    // A local time with a TZID is fine once the calendar defines that VTIMEZONE.
    auto with_zone = replaced(
        "BEGIN:VEVENT\r\n",
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Sofia\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n"
    );
    with_zone = with_zone.replace(
        with_zone.find("DTSTART:20261201T080000Z"), 24, "DTSTART;TZID=Europe/Sofia:20261201T100000"
    );
    with_zone = with_zone.replace(
        with_zone.find("DTEND:20261201T090000Z"), 22, "DTEND;TZID=Europe/Sofia:20261201T110000"
    );
    EXPECT_TRUE(check_icalendar(with_zone).ok()) << check_icalendar(with_zone).describe();
}

}  // namespace
}  // namespace zaedno::appointments
