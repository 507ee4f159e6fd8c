// Reminders due while the process was down go out once after the restart, in the person's
// language on their channel; none for cancelled bookings, people who said /stop or cannot be
// reached; a further restart sends nothing again.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/appointments/reminder_scheduler.hpp"
#include "bot/appointments/repository.hpp"
#include "bot/common/clock.hpp"
#include "bot/storage/database.hpp"
#include "tests/appointments/appointments_fixture.hpp"
#include "tests/support/fake_http_server.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::appointments {
namespace {

using nlohmann::json;

constexpr const char* token = "123456:TEST-TOKEN";

struct booked {
    std::int64_t person = 0;
    std::int64_t booking = 0;
};

class downtime_fixture {
public:
    downtime_fixture() : path_(dir_.path() / "zaedno.db") {}

    /// Books one place for a new person on the Telegram chat `chat`, a few days ahead.
    booked book_for(const std::string& chat, const std::string& lang) {
        storage::database db(path_);
        auto job = [&](storage::connection& c) {
            auto service = find_service(c, std::string("daily"));
            if (!service) {
                service = test::add_daily_service(c, "daily", 50);
            }
            auto person = test::add_person(c, "telegram", chat, lang);
            auto now = unix_seconds();
            auto day =
                local_day{std::chrono::sys_days{clock_.to_local(now).day} + std::chrono::days{3}};
            auto slot = free_slots(c, clock_, *service, day, day, now).front();
            booking_request r{
                person,
                service->id,
                slot.slot.location_id,
                slot.slot.starts_at,
                lang,
                std::nullopt,
                std::nullopt};
            return booked{person, book(c, clock_, r, now, 0).booking_id};
        };
        return db.run_sync(job);
    }

    void cancel(std::int64_t booking) {
        storage::database db(path_);
        auto job = [&](storage::connection& c) {
            return cancel_booking(c, booking, std::nullopt, "person", unix_seconds());
        };
        EXPECT_TRUE(db.run_sync(job));
    }

    /// Runs SQL on the stopped installation's database.
    void exec(const std::string& sql) {
        storage::database db(path_);
        auto job = [&](storage::connection& c) {
            c.exec(sql);
        };
        db.run_sync(job);
    }

    /// Every reminder made overdue, the day-before one longer ago than the two-hours one.
    void miss_all_reminders() {
        auto now = std::to_string(unix_seconds());
        exec(
            "UPDATE appointment_reminders SET due_at = " + now +
            " - 60 - (SELECT max(due_at) FROM appointment_reminders r2 "
            "WHERE r2.booking_id = appointment_reminders.booking_id) + due_at"
        );
    }

    std::unique_ptr<zaedno::test::test_app> start() {
        auto base = api_.base_url();
        auto path = path_;
        auto adjust = [base, path](app::config& c) {
            c.database = path;
            c.telegram.token = token;
            c.telegram.api = base;
        };
        return std::make_unique<zaedno::test::test_app>(adjust);
    }

    std::vector<std::string> texts_to(const std::string& chat) const {
        std::vector<std::string> out;
        for (const auto& r : api_.requests()) {
            if (!r.target.ends_with("/sendMessage")) {
                continue;
            }
            auto body = json::parse(r.body);
            if (body["chat_id"].dump() == chat) {
                out.push_back(body["text"].get<std::string>());
            }
        }
        return out;
    }

    std::int64_t scalar(const std::string& sql) const {
        auto c = storage::connection::open(path_, storage::open_mode::read_only);
        auto& st = c.prepared(sql);
        st.step();
        auto n = st.int64(0);
        st.reset();
        return n;
    }

private:
    zaedno::test::temp_dir dir_;
    std::filesystem::path path_;
    zone_clock clock_{"Europe/Sofia"};
    zaedno::test::fake_http_server api_;
};

TEST(appointments_reminders, due_while_down_are_sent_once_after_restart_and_never_again) {
    downtime_fixture f;
    f.book_for("81001", "bg");
    auto cancelled = f.book_for("81002", "en");
    auto stopped = f.book_for("81003", "en");
    auto blocked = f.book_for("81004", "en");
    auto withdrawn = f.book_for("81005", "en");
    f.cancel(cancelled.booking);  // through the repository: its reminders are settled at once
    // Cancelled behind the repository's back (a manual fix): the scheduler checks by itself.
    f.exec(
        "UPDATE appointment_bookings SET status = 'cancelled' WHERE id = " +
        std::to_string(withdrawn.booking)
    );
    f.exec("UPDATE people SET subscribed = 0 WHERE id = " + std::to_string(stopped.person));
    f.exec("UPDATE people SET reachable = 0 WHERE id = " + std::to_string(blocked.person));
    f.miss_all_reminders();
    auto all_settled = [&] {
        return f.scalar(
                   "SELECT count(*) FROM appointment_reminders WHERE sent_at IS NULL AND "
                   "skipped IS NULL"
               ) == 0 &&
               f.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0;
    };
    {
        auto app = f.start();
        ASSERT_TRUE(zaedno::test::wait_until([&] {
            return !f.texts_to("81001").empty() && all_settled();
        }));
    }
    auto sent = f.texts_to("81001");
    ASSERT_EQ(sent.size(), 1U);  // the latest overdue one; the day-before one is superseded
    EXPECT_NE(sent[0].find("Напомняне: Групова среща"), std::string::npos) << sent[0];
    for (const char* chat : {"81002", "81003", "81004", "81005"}) {
        EXPECT_TRUE(f.texts_to(chat).empty()) << chat;
    }
    auto count = [&](const std::string& where) {
        return f.scalar("SELECT count(*) FROM appointment_reminders WHERE " + where);
    };
    EXPECT_EQ(count("sent_at IS NOT NULL"), 1);
    EXPECT_EQ(count("skipped = 'superseded'"), 3);
    EXPECT_EQ(count("skipped = 'cancelled'"), 4);
    EXPECT_EQ(count("skipped = 'unsubscribed'"), 1);
    EXPECT_EQ(count("skipped = 'unreachable'"), 1);
    EXPECT_EQ(
        f.scalar("SELECT count(*) FROM messages WHERE text LIKE 'Напомняне:%' AND author = 'bot'"),
        1
    );

    // Restarted again with one more overdue reminder: it goes out, nothing is repeated.
    f.book_for("81006", "en");
    f.miss_all_reminders();
    {
        auto app = f.start();
        ASSERT_TRUE(zaedno::test::wait_until([&] {
            return !f.texts_to("81006").empty() && all_settled();
        }));
    }
    EXPECT_EQ(f.texts_to("81006").size(), 1U);
    EXPECT_EQ(f.texts_to("81001").size(), 1U);
    EXPECT_EQ(count("sent_at IS NOT NULL"), 2);
}

}  // namespace
}  // namespace zaedno::appointments
