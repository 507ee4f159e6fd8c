// How people reach the queue and what they hear: crisis words in every shipped language,
// repeated misunderstanding, office hours, and files kept in the transcript.
#include <chrono>
#include <ctime>
#include <memory>

#include <gtest/gtest.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "tests/handoff/handoff_fixture.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

std::string first_crisis_phrase(handoff_fixture& f, const std::string& language) {
    auto raw = f.app->app().dialogs()->catalog().raw(language, "crisis.words");
    if (!raw) {
        return {};
    }
    return raw->substr(0, raw->find('|'));
}

TEST(handoff_crisis, each_language_gets_the_safety_message_first_and_jumps_the_queue) {
    handoff_fixture f;
    auto languages = f.app->app().dialogs()->catalog().languages();
    ASSERT_EQ(languages.size(), 6U);
    auto ordinary = f.waiting_person(8000);  // waits longer than everyone below
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    std::int64_t chat = 8001;
    for (const auto& lang : languages) {
        SCOPED_TRACE("language " + lang);
        auto phrase = first_crisis_phrase(f, lang);
        ASSERT_FALSE(phrase.empty());
        f.write(chat, phrase, lang);
        auto safety = f.text(lang, "crisis.safety");
        ASSERT_TRUE(wait_until([&] { return !f.sent_to(chat).empty(); }));
        EXPECT_EQ(f.texts_to(chat).front(), safety);
        auto first_row = "SELECT urgent FROM outbox WHERE chat_key = '" + std::to_string(chat) +
                         "' ORDER BY id LIMIT 1";
        EXPECT_EQ(f.app->scalar(first_row), 1);
        auto items =
            json::parse(f.call(token, "GET", "/api/v1/conversations?status=waiting").body)["items"];
        // Ahead of the ordinary person, behind only the crises that came before it.
        auto position = static_cast<std::size_t>(chat - 8001);
        ASSERT_EQ(items.size(), position + 2);
        EXPECT_EQ(items[position]["id"], f.conversation_of(chat));
        EXPECT_EQ(items[position]["priority"], "urgent");
        EXPECT_EQ(items[position]["crisis"], true);
        EXPECT_EQ(items[position]["handoff_reason"], "crisis");
        EXPECT_EQ(items.back()["id"], ordinary);
        ++chat;
    }
}

TEST(handoff_crisis, while_a_caseworker_holds_it_the_person_still_gets_help_and_a_flag) {
    handoff_fixture f;
    auto id = f.waiting_person(8101);
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    ASSERT_EQ(f.call(token, "POST", handoff_fixture::conversation_path(id, "/claim")).status, 200);
    ASSERT_TRUE(f.settle());
    auto before = f.sent_to(8101).size();
    f.write(8101, "I want to die");
    auto safety = f.text("en", "crisis.safety");
    ASSERT_TRUE(wait_until([&] { return f.sent_to(8101).size() > before; }));
    EXPECT_EQ(f.texts_to(8101)[before], safety);
    auto view = json::parse(f.call(token, "GET", handoff_fixture::conversation_path(id)).body);
    EXPECT_EQ(view["status"], "assigned");
    EXPECT_EQ(view["assigned_to"], "mira");
    EXPECT_EQ(view["priority"], "urgent");
    EXPECT_EQ(view["crisis"], true);
    EXPECT_EQ(view["messages"].back()["author"], "bot");  // the crisis answer is in the transcript
    // Release clears the flag for the next time.
    auto released = f.call(token, "POST", handoff_fixture::conversation_path(id, "/release"));
    EXPECT_EQ(json::parse(released.body)["crisis"], false);
}

TEST(handoff_crisis, a_waiting_person_is_not_answered_except_for_crisis_words) {
    handoff_fixture f;
    f.waiting_person(8201);
    auto before = f.sent_to(8201).size();
    f.write(8201, "hello? is anyone there");
    ASSERT_TRUE(f.settle());
    EXPECT_EQ(f.sent_to(8201).size(), before);
    f.write(8201, "my husband is beating me");
    ASSERT_TRUE(wait_until([&] { return f.sent_to(8201).size() > before; }));
    EXPECT_EQ(f.texts_to(8201)[before], f.text("en", "crisis.safety"));
}

TEST(handoff_trigger, repeated_misunderstanding_offers_a_person_who_then_gets_the_queue) {
    handoff_fixture f;
    f.onboard(8301, "en");
    for (const char* nonsense : {"qwzx", "blorp", "zzzk"}) {
        f.write(8301, nonsense);
        ASSERT_TRUE(f.settle());
    }
    auto offer = f.text("en", "human.offer");
    ASSERT_TRUE(wait_until([&] { return f.received(8301, offer); }));
    EXPECT_EQ(f.status_of(8301), "bot");  // offered, not forced
    auto message = f.sent_to(8301).back();
    ASSERT_EQ(message["text"], offer);
    std::string yes;
    for (const auto& row : message["reply_markup"]["inline_keyboard"]) {
        for (const auto& button : row) {
            if (button["text"] == f.text("en", "human.offer_yes")) {
                yes = button["callback_data"];
            }
        }
    }
    ASSERT_FALSE(yes.empty());
    f.press(8301, yes);
    ASSERT_TRUE(wait_until([&] { return f.status_of(8301) == "waiting"; }));
    EXPECT_EQ(
        f.app->scalar("SELECT count(*) FROM conversations WHERE handoff_reason = 'misunderstanding'"
        ),
        1
    );
    ASSERT_TRUE(wait_until([&] { return f.received(8301, f.text("en", "human.queued")); }));
}

/// Local midnight in Sofia at the start of the UTC date `days` from 1970-01-01.
std::int64_t sofia_midnight(std::int64_t days) {
    std::unique_ptr<icu::TimeZone> zone(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8("Europe/Sofia"))
    );
    std::int32_t raw = 0;
    std::int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone->getOffset(static_cast<UDate>(days * 86400) * 1000.0, true, raw, dst, status);
    return days * 86400 - (raw + dst) / 1000;
}

std::string iso_date(std::int64_t days) {
    std::time_t t = days * 86400;
    std::tm parts{};
    gmtime_r(&t, &parts);
    char out[11]{};  // NOLINT: fixed strftime target
    std::strftime(out, sizeof out, "%Y-%m-%d", &parts);
    return out;
}

TEST(handoff_office_hours, outside_hours_the_person_is_told_when_the_team_is_back) {
    // Closed from two days ago to two days ahead whatever the clock says: the next opening
    // is the midnight three days ahead (the week itself is always open).
    auto today = std::chrono::duration_cast<std::chrono::hours>(
                     std::chrono::system_clock::now().time_since_epoch()
                 )
                     .count() /
                 24;
    std::string holidays;
    for (auto d = today - 2; d <= today + 2; ++d) {
        holidays += (holidays.empty() ? "" : ", ") + iso_date(d);
    }
    handoff_fixture f([&](app::config& c) {
        c.office_hours.weekly = "mon-sun 00:00-24:00";
        c.office_hours.holidays = holidays;
    });
    const auto& catalog = f.app->app().dialogs()->catalog();
    for (const auto& [chat, lang] : {std::pair{8401, "en"}, std::pair{8402, "ar"}}) {
        f.write(chat, "/human", lang);
        auto opening = catalog
                           .format(
                               lang,
                               "office_hours.next_opening",
                               {{"when", i18n::timestamp{sofia_midnight(today + 3)}}}
                           )
                           .text;
        auto expected = catalog.format(lang, "office_hours.closed", {{"opening", opening}}).text;
        ASSERT_TRUE(wait_until([&] { return f.received(chat, expected); })) << lang;
        auto texts = f.texts_to(chat);
        ASSERT_GE(texts.size(), 2U);
        EXPECT_EQ(texts[texts.size() - 2], f.text(lang, "human.queued"));
        EXPECT_EQ(f.status_of(chat), "waiting");
    }
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    auto view = json::parse(
        f.call(token, "GET", handoff_fixture::conversation_path(f.conversation_of(8401))).body
    );
    EXPECT_EQ(view["office_hours_open"], false);
}

TEST(handoff_office_hours, inside_hours_there_is_no_office_hours_message) {
    handoff_fixture f;  // always open
    f.waiting_person(8501);
    auto texts = f.texts_to(8501);
    ASSERT_FALSE(texts.empty());
    EXPECT_EQ(texts.back(), f.text("en", "human.queued"));
}

TEST(handoff_transcript, a_photo_is_kept_as_an_attachment_the_console_can_link) {
    handoff_fixture f;
    auto id = f.waiting_person(8601);
    auto update = f.next_update();
    json photo{
        {"update_id", update},
        {"message",
         {{"message_id", update},
          {"from", {{"id", 8601}, {"is_bot", false}, {"first_name", "Test"}}},
          {"chat", {{"id", 8601}, {"type", "private"}}},
          {"date", 1764072000},
          {"caption", "my lease"},
          {"photo",
           json::array(
               {{{"file_id", "SMALL-ID"}, {"file_unique_id", "s"}, {"width", 90}, {"height", 90}},
                {{"file_id", "LARGE-ID"},
                 {"file_unique_id", "l"},
                 {"width", 1280},
                 {"height", 960}}}
           )}}}};
    f.post_update(photo.dump());
    ASSERT_TRUE(f.settle());
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    auto view = json::parse(f.call(token, "GET", handoff_fixture::conversation_path(id)).body);
    const auto& last = view["messages"].back();
    ASSERT_FALSE(last["attachment"].is_null()) << last.dump();
    EXPECT_EQ(last["attachment"]["kind"], "photo");
    EXPECT_EQ(
        last["attachment"]["url"],
        handoff_fixture::conversation_path(
            id, "/attachments/" + std::to_string(last["id"].get<std::int64_t>())
        )
    );
    EXPECT_EQ(f.app->scalar("SELECT count(*) FROM messages WHERE attachment_ref = 'LARGE-ID'"), 1);
}

}  // namespace
}  // namespace zaedno::test
