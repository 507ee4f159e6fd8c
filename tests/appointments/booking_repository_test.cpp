// Booking in the database: capacity held under 200 concurrent attempts, one place per person
// per slot, cancelling frees the place, reminders written for the offsets still ahead.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "bot/appointments/repository.hpp"
#include "bot/common/clock.hpp"
#include "bot/storage/database.hpp"
#include "tests/appointments/appointments_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::appointments {
namespace {

constexpr std::int64_t lead = 30 * 60;

struct booking_fixture {
    zaedno::test::temp_dir dir;
    storage::database db{dir.path() / "z.db"};
    zone_clock clock{"Europe/Sofia"};
    std::int64_t now = unix_seconds();

    /// The first free slot from tomorrow on.
    free_slot first_slot_tomorrow(const service_record& s) {
        auto job = [&](storage::connection& c) {
            auto tomorrow =
                local_day{std::chrono::sys_days{clock.to_local(now).day} + std::chrono::days{1}};
            return free_slots(
                       c,
                       clock,
                       s,
                       tomorrow,
                       local_day{std::chrono::sys_days{tomorrow} + std::chrono::days{6}},
                       now
            )
                .front();
        };
        return db.run_sync(job);
    }

    booking_outcome book_as(std::int64_t person, const service_record& s, const free_slot& f) {
        auto job = [&](storage::connection& c) {
            booking_request r;
            r.person_id = person;
            r.service_id = s.id;
            r.location_id = f.slot.location_id;
            r.starts_at = f.slot.starts_at;
            r.language = "en";
            return book(c, clock, r, now, lead);
        };
        return db.run_sync(job);
    }

    std::int64_t scalar(const std::string& sql) {
        auto job = [&](storage::connection& c) {
            auto& st = c.prepared(sql);
            st.step();
            auto v = st.int64(0);
            st.reset();
            return v;
        };
        return db.run_sync(job);
    }
};

TEST(appointments_booking, two_hundred_concurrent_attempts_on_capacity_three_book_exactly_three) {
    booking_fixture f;
    auto service = f.db.run_sync([](storage::connection& c) {
        return test::add_daily_service(c, "group", 3);
    });
    std::vector<std::int64_t> people;
    auto make_people = [&](storage::connection& c) {
        for (int i = 0; i < 200; ++i) {
            people.push_back(test::add_person(c, "telegram", std::to_string(9000 + i), "en"));
        }
    };
    f.db.run_sync(make_people);
    auto slot = f.first_slot_tomorrow(service);
    ASSERT_EQ(slot.free, 3);

    std::atomic<int> booked{0};
    std::atomic<int> full{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (auto person : people) {
        threads.emplace_back([&, person] {
            while (!go.load()) {
                std::this_thread::yield();
            }
            auto outcome = f.book_as(person, service, slot);
            if (outcome.status == booking_status::booked) {
                ++booked;
            } else if (outcome.status == booking_status::full) {
                ++full;
            }
        });
    }
    go = true;
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(booked.load(), 3);
    EXPECT_EQ(full.load(), 197);
    EXPECT_EQ(f.scalar("SELECT count(*) FROM appointment_bookings WHERE status = 'booked'"), 3);
    EXPECT_EQ(f.scalar("SELECT booked FROM appointment_slots"), 3);
}

TEST(appointments_booking, the_database_itself_refuses_an_overbooked_slot) {
    booking_fixture f;
    auto service = f.db.run_sync([](storage::connection& c) {
        return test::add_daily_service(c, "group", 1);
    });
    auto person = f.db.run_sync([](storage::connection& c) {
        return test::add_person(c, "telegram", "1", "en");
    });
    auto slot = f.first_slot_tomorrow(service);
    ASSERT_EQ(f.book_as(person, service, slot).status, booking_status::booked);
    auto overbook = [](storage::connection& c) {
        c.exec("UPDATE appointment_slots SET booked = booked + 1");
    };
    EXPECT_ANY_THROW(f.db.run_sync(overbook));  // CHECK (booked <= capacity)
    EXPECT_EQ(f.scalar("SELECT booked FROM appointment_slots"), 1);
}

TEST(appointments_booking, a_person_holds_one_place_per_slot) {
    booking_fixture f;
    auto service = f.db.run_sync([](storage::connection& c) {
        return test::add_daily_service(c, "group", 3);
    });
    auto person = f.db.run_sync([](storage::connection& c) {
        return test::add_person(c, "telegram", "1", "en");
    });
    auto slot = f.first_slot_tomorrow(service);
    EXPECT_EQ(f.book_as(person, service, slot).status, booking_status::booked);
    EXPECT_EQ(f.book_as(person, service, slot).status, booking_status::duplicate);
    EXPECT_EQ(f.scalar("SELECT booked FROM appointment_slots"), 1);
    auto second_row = [&](storage::connection& c) {
        c.prepared(
             "INSERT INTO appointment_bookings (slot_id, person_id, language, created_at) "
             "SELECT id, ?, 'en', 0 FROM appointment_slots"
        )
            .bind(1, person)
            .run();
    };
    EXPECT_ANY_THROW(f.db.run_sync(second_row));  // the partial UNIQUE index
}

TEST(appointments_booking, cancelling_frees_the_place_for_someone_else) {
    booking_fixture f;
    auto service = f.db.run_sync([](storage::connection& c) {
        return test::add_daily_service(c, "group", 1);
    });
    auto [first, second] = f.db.run_sync([](storage::connection& c) {
        return std::make_pair(
            test::add_person(c, "telegram", "1", "en"), test::add_person(c, "telegram", "2", "en")
        );
    });
    auto slot = f.first_slot_tomorrow(service);
    auto held = f.book_as(first, service, slot);
    ASSERT_EQ(held.status, booking_status::booked);
    EXPECT_EQ(f.book_as(second, service, slot).status, booking_status::full);

    auto cancel_by_other = [&](storage::connection& c) {
        return cancel_booking(c, held.booking_id, second, "person", f.now);
    };
    EXPECT_FALSE(f.db.run_sync(cancel_by_other));  // not theirs
    auto cancel = [&](storage::connection& c) {
        return cancel_booking(c, held.booking_id, first, "person", f.now);
    };
    EXPECT_TRUE(f.db.run_sync(cancel));
    EXPECT_FALSE(f.db.run_sync(cancel));  // already cancelled
    EXPECT_EQ(f.scalar("SELECT booked FROM appointment_slots"), 0);
    EXPECT_EQ(
        f.scalar("SELECT count(*) FROM appointment_reminders WHERE skipped = 'cancelled'"),
        f.scalar("SELECT count(*) FROM appointment_reminders")
    );
    EXPECT_EQ(f.book_as(second, service, slot).status, booking_status::booked);
}

TEST(appointments_booking, rebooking_moves_the_place_in_one_transaction) {
    booking_fixture f;
    auto service = f.db.run_sync([](storage::connection& c) {
        return test::add_daily_service(c, "group", 1);
    });
    auto person = f.db.run_sync([](storage::connection& c) {
        return test::add_person(c, "telegram", "1", "en");
    });
    auto slot = f.first_slot_tomorrow(service);
    auto old = f.book_as(person, service, slot);
    auto later = [&](storage::connection& c) {
        booking_request r;
        r.person_id = person;
        r.service_id = service.id;
        r.location_id = slot.slot.location_id;
        r.starts_at = slot.slot.starts_at + 3600;
        r.language = "en";
        r.replaces = old.booking_id;
        return book(c, f.clock, r, f.now, lead);
    };
    EXPECT_EQ(f.db.run_sync(later).status, booking_status::booked);
    EXPECT_EQ(
        f.scalar("SELECT count(*) FROM appointment_bookings WHERE status = 'cancelled' AND "
                 "cancelled_by = 'rebooked'"),
        1
    );
    EXPECT_EQ(f.scalar("SELECT sum(booked) FROM appointment_slots"), 1);
}

TEST(appointments_booking, times_outside_the_schedule_or_too_soon_are_refused) {
    booking_fixture f;
    auto service = f.db.run_sync([](storage::connection& c) {
        return test::add_daily_service(c, "group", 1);
    });
    auto person = f.db.run_sync([](storage::connection& c) {
        return test::add_person(c, "telegram", "1", "en");
    });
    auto slot = f.first_slot_tomorrow(service);
    auto shifted = slot;
    shifted.slot.starts_at += 60;  // not a slot start
    EXPECT_EQ(f.book_as(person, service, shifted).status, booking_status::no_such_slot);
    auto past = slot;
    past.slot.starts_at -= 3 * 86400;
    EXPECT_EQ(f.book_as(person, service, past).status, booking_status::no_such_slot);
    EXPECT_EQ(f.scalar("SELECT count(*) FROM appointment_slots"), 0);
}

TEST(appointments_booking, reminders_are_written_for_each_offset_still_ahead) {
    booking_fixture f;
    auto service = f.db.run_sync([](storage::connection& c) {
        return test::add_daily_service(c, "group", 1);
    });
    auto person = f.db.run_sync([](storage::connection& c) {
        return test::add_person(c, "telegram", "1", "en");
    });
    // A slot at least 3 days ahead gets both default reminders, 24 h and 2 h before.
    auto job = [&](storage::connection& c) {
        auto day =
            local_day{std::chrono::sys_days{f.clock.to_local(f.now).day} + std::chrono::days{3}};
        return free_slots(c, f.clock, service, day, day, f.now).front();
    };
    auto slot = f.db.run_sync(job);
    auto held = f.book_as(person, service, slot);
    ASSERT_EQ(held.status, booking_status::booked);
    EXPECT_EQ(f.scalar("SELECT count(*) FROM appointment_reminders"), 2);
    EXPECT_EQ(
        f.scalar("SELECT min(due_at) FROM appointment_reminders"), slot.slot.starts_at - 86400
    );
    EXPECT_EQ(
        f.scalar("SELECT max(due_at) FROM appointment_reminders"), slot.slot.starts_at - 7200
    );
}

TEST(appointments_booking, sample_services_are_shipped_in_six_languages) {
    booking_fixture f;
    auto services = f.db.run_sync([](storage::connection& c) { return list_services(c, true); });
    std::vector<std::string> codes;
    for (const auto& s : services) {
        codes.push_back(s.code);
        EXPECT_TRUE(s.sample);
        for (const char* lang : {"bg", "en", "ar", "fa", "uk", "ru"}) {
            EXPECT_FALSE(s.names.value(lang, "").empty()) << s.code << " " << lang;
            EXPECT_FALSE(s.descriptions.value(lang, "").empty()) << s.code << " " << lang;
        }
        EXPECT_EQ(s.reminder_offsets, (std::vector<int>{1440, 120}));
    }
    EXPECT_EQ(
        codes,
        (std::vector<std::string>{"legal", "social", "psychologist", "language_course", "housing"})
    );
}

}  // namespace
}  // namespace zaedno::appointments
