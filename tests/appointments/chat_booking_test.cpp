// Booking through the chat end to end over a fake Telegram Bot API, in Bulgarian and Arabic:
// language, consent, menu, service, day, time, interpreter, confirmation; then the person's
// own appointments, cancelled from the chat.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/appointments/repository.hpp"
#include "bot/appointments/texts.hpp"
#include "tests/appointments/appointments_fixture.hpp"
#include "tests/support/fake_http_server.hpp"
#include "tests/support/telegram_updates.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::appointments {
namespace {

using nlohmann::json;

constexpr const char* token = "123456:TEST-TOKEN";
constexpr const char* secret = "webhook-secret_1";

delivery::worker_settings fast_delivery() {
    auto s = delivery::default_worker_settings();
    for (auto& [name, rates] : s.rates) {
        rates.per_chat_per_second = 100;
        rates.global_per_second = 1000;
    }
    return s;
}

/// The sample legal counselling service, also open every day from 08:00 to 20:00, so the
/// test finds free times whatever day it runs on.
void open_legal_every_day(app::application& a) {
    auto job = [](storage::connection& c) {
        test::clear_sample_holidays(c);
        auto legal = find_service(c, std::string("legal"));
        for (int weekday = 1; weekday <= 7; ++weekday) {
            schedule_record r;
            r.service_id = legal->id;
            r.window = {test::location_id(c, "centre"), weekday, 8 * 60, 20 * 60, 1, {}, {}};
            add_schedule(c, r);
        }
    };
    a.database().run_sync(job);
}

class telegram_chat {
public:
    telegram_chat() {
        auto base = api_.base_url();
        auto adjust = [&](app::config& c) {
            c.telegram.token = token;
            c.telegram.secret = secret;
            c.telegram.api = base;
        };
        app_ =
            std::make_unique<zaedno::test::test_app>(adjust, open_legal_every_day, fast_delivery());
    }

    /// Sends an update and returns the last message the bot sent in answer.
    json send(const std::string& update) {
        auto before = sends().size();
        zaedno::test::header_list headers{
            {"Content-Type", "application/json"}, {"X-Telegram-Bot-Api-Secret-Token", secret}};
        EXPECT_EQ(
            zaedno::test::http_call(app_->port(), "POST", "/webhooks/telegram", update, headers)
                .status,
            200
        );
        bool answered =
            zaedno::test::wait_until([&] { return sends().size() > before && app_->settled(); });
        EXPECT_TRUE(answered);
        return answered ? json::parse(sends().back().body) : json::object();
    }

    json text(std::int64_t chat, const std::string& t, const std::string& lang) {
        return send(zaedno::test::telegram_text(++update_id_, chat, t, lang));
    }

    json tap(std::int64_t chat, const std::string& data) {
        return send(zaedno::test::telegram_button(++update_id_, chat, data));
    }

    std::vector<zaedno::test::recorded_request> sends() const {
        std::vector<zaedno::test::recorded_request> out;
        for (auto& r : api_.requests()) {
            if (r.target.ends_with("/sendMessage")) {
                out.push_back(r);
            }
        }
        return out;
    }

    /// Every text sent to the chat since `from` sends, joined.
    std::string texts_since(std::size_t from) const {
        std::string out;
        auto all = sends();
        for (std::size_t i = from; i < all.size(); ++i) {
            out += json::parse(all[i].body)["text"].get<std::string>() + "\n";
        }
        return out;
    }

    zaedno::test::test_app& app() { return *app_; }

private:
    zaedno::test::fake_http_server api_;
    std::unique_ptr<zaedno::test::test_app> app_;
    std::int64_t update_id_ = 0;
};

std::vector<std::string> buttons(const json& message) {
    std::vector<std::string> out;
    if (!message.contains("reply_markup")) {
        return out;
    }
    for (const auto& row : message["reply_markup"]["inline_keyboard"]) {
        for (const auto& b : row) {
            out.push_back(b["callback_data"].get<std::string>());
        }
    }
    return out;
}

bool offers(const json& message, const std::string& id) {
    auto all = buttons(message);
    return std::find(all.begin(), all.end(), id) != all.end();
}

/// /start → language → consent → main menu → appointments → book; returns the service list.
json open_booking(telegram_chat& chat, std::int64_t id, const std::string& lang) {
    auto welcome = chat.text(id, "/start", lang);
    EXPECT_TRUE(offers(welcome, lang)) << welcome.dump();
    auto privacy = chat.tap(id, lang);
    EXPECT_TRUE(offers(privacy, "agree")) << privacy.dump();
    auto menu = chat.tap(id, "agree");
    EXPECT_TRUE(offers(menu, "appointments")) << menu.dump();
    auto appointments = chat.tap(id, "appointments");
    EXPECT_TRUE(offers(appointments, "book")) << appointments.dump();
    return chat.tap(id, "book");
}

struct booked_row {
    std::int64_t starts_at = 0;
    std::string language;
    std::string interpreter;
    std::string status;
};

booked_row booking_of(telegram_chat& chat, std::int64_t telegram_chat_id) {
    auto job = [telegram_chat_id](storage::connection& c) {
        auto& st = c.prepared(
            "SELECT t.starts_at, b.language, coalesce(b.interpreter_language, ''), b.status "
            "FROM appointment_bookings b JOIN appointment_slots t ON t.id = b.slot_id "
            "JOIN people p ON p.id = b.person_id WHERE p.channel_user = ? ORDER BY b.id DESC"
        );
        st.bind(1, std::to_string(telegram_chat_id));
        booked_row row;
        if (st.step()) {
            row = {st.int64(0), st.text(1), st.text(2), st.text(3)};
        }
        st.reset();
        return row;
    };
    return chat.app().app().database().run_sync(job);
}

TEST(appointments_chat, booking_in_bulgarian_where_the_staff_speak_the_language) {
    telegram_chat chat;
    constexpr std::int64_t id = 70'001;
    auto services = open_booking(chat, id, "bg");
    ASSERT_TRUE(offers(services, "legal")) << services.dump();
    EXPECT_NE(services.dump().find("Правна консултация"), std::string::npos);

    auto days = chat.tap(id, "legal");
    auto day_ids = buttons(days);
    ASSERT_GE(day_ids.size(), 2U) << days.dump();  // days and "another service"
    EXPECT_EQ(day_ids.back(), "other_service");
    EXPECT_TRUE(parse_day(day_ids.front()).has_value()) << day_ids.front();

    auto times = chat.tap(id, day_ids.front());
    auto time_ids = buttons(times);
    ASSERT_GE(time_ids.size(), 2U) << times.dump();
    for (const auto& t : time_ids) {
        EXPECT_LE(t.size(), 64U);  // Telegram's callback data limit
    }

    // The staff of legal counselling speak Bulgarian: no interpreter question.
    auto confirm = chat.tap(id, time_ids.front());
    EXPECT_TRUE(offers(confirm, "yes")) << confirm.dump();
    // Someone who said /stop gets no reminders, but a booking confirmation always goes out.
    auto unsubscribe = [](storage::connection& c) {
        c.exec("UPDATE people SET subscribed = 0 WHERE channel_user = '70001'");
    };
    chat.app().app().database().run_sync(unsubscribe);
    auto from = chat.sends().size();
    chat.tap(id, "yes");
    auto row = booking_of(chat, id);
    EXPECT_EQ(row.status, "booked");
    EXPECT_EQ(row.language, "bg");
    EXPECT_EQ(row.interpreter, "");
    const auto& catalog = chat.app().app().dialogs()->catalog();
    auto said = chat.texts_since(from);
    EXPECT_NE(said.find("Запазено: Правна консултация"), std::string::npos) << said;
    EXPECT_NE(said.find(format_when(catalog, "bg", row.starts_at)), std::string::npos) << said;
    EXPECT_NE(said.find("бул. „Витоша“ 1"), std::string::npos) << said;
}

TEST(appointments_chat, booking_in_arabic_with_an_interpreter_then_cancelling_it) {
    telegram_chat chat;
    constexpr std::int64_t id = 70'002;
    auto services = open_booking(chat, id, "ar");
    EXPECT_NE(services.dump().find("استشارة قانونية"), std::string::npos) << services.dump();
    auto days = chat.tap(id, "legal");
    auto times = chat.tap(id, buttons(days).front());
    auto interpreter = chat.tap(id, buttons(times).front());
    auto question = interpreter["text"].get<std::string>();
    EXPECT_NE(question.find("مترجم"), std::string::npos) << question;
    EXPECT_NE(question.find("العربية"), std::string::npos) << question;  // pre-filled language
    auto confirm = chat.tap(id, "yes");
    EXPECT_NE(confirm["text"].get<std::string>().find("مترجم"), std::string::npos);
    auto from = chat.sends().size();
    chat.tap(id, "yes");
    auto row = booking_of(chat, id);
    EXPECT_EQ(row.status, "booked");
    EXPECT_EQ(row.language, "ar");
    EXPECT_EQ(row.interpreter, "ar");
    const auto& catalog = chat.app().app().dialogs()->catalog();
    auto said = chat.texts_since(from);
    EXPECT_NE(said.find("تم الحجز"), std::string::npos) << said;
    EXPECT_NE(said.find(format_when(catalog, "ar", row.starts_at)), std::string::npos) << said;
    EXPECT_TRUE(said.starts_with("\u200F")) << said;  // right-to-left text

    // My appointments: the booking is listed, and cancelling it frees the place.
    chat.text(id, "/menu", "ar");
    chat.tap(id, "appointments");
    auto list = chat.tap(id, "mine");
    auto listed = buttons(list);
    ASSERT_EQ(listed.size(), 2U) << list.dump();  // the booking and "back"
    auto details = chat.tap(id, listed.front());
    EXPECT_TRUE(offers(details, "cancel"));
    EXPECT_TRUE(offers(details, "rebook"));
    chat.tap(id, "cancel");
    auto before_cancel = chat.sends().size();
    chat.tap(id, "yes");
    EXPECT_NE(chat.texts_since(before_cancel).find("تم إلغاء موعدك"), std::string::npos);
    EXPECT_EQ(booking_of(chat, id).status, "cancelled");
    EXPECT_EQ(chat.app().scalar("SELECT sum(booked) FROM appointment_slots"), 0);
    EXPECT_EQ(
        chat.app().scalar(
            "SELECT count(*) FROM appointment_reminders WHERE sent_at IS NULL AND skipped IS NULL"
        ),
        0
    );
}

TEST(appointments_chat, a_second_person_cannot_take_the_last_place) {
    telegram_chat chat;
    constexpr std::int64_t first = 70'003;
    constexpr std::int64_t second = 70'004;
    open_booking(chat, first, "en");
    open_booking(chat, second, "en");
    auto days_first = chat.tap(first, "legal");
    chat.tap(second, "legal");
    auto day = buttons(days_first).front();
    auto times_first = chat.tap(first, day);
    auto times_second = chat.tap(second, day);
    auto slot = buttons(times_first).front();
    ASSERT_EQ(slot, buttons(times_second).front());
    chat.tap(first, slot);
    chat.tap(second, slot);
    chat.tap(first, "yes");
    auto from = chat.sends().size();
    auto after = chat.tap(second, "yes");  // the capacity-1 slot went to the first person
    EXPECT_NE(chat.texts_since(from).find("someone has just taken that time"), std::string::npos)
        << chat.texts_since(from);
    EXPECT_FALSE(offers(after, slot)) << after.dump();  // the times again, without that one
    EXPECT_EQ(
        chat.app().scalar("SELECT count(*) FROM appointment_bookings WHERE status = 'booked'"), 1
    );
}

}  // namespace
}  // namespace zaedno::appointments
