// Erasing a person with bookings (migration 005's tables): the bookings go with the person
// and free their places; one still ahead counts as cancelled, on the erasure's local day.
#include <gtest/gtest.h>

#include "bot/protection/person_data.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {
namespace {

TEST(erase_bookings, places_are_freed_and_bookings_ahead_count_as_cancelled) {
    temp_dir dir;
    storage::database db(dir.path() / "z.db");
    auto setup = [](storage::connection& c) {
        c.exec(R"sql(
            INSERT INTO people (id, channel, channel_user, language, created_at)
                VALUES (1, 'viber', 'u1', 'ar', 1800000000), (2, 'viber', 'u2', 'fa', 1800000000);
            INSERT INTO conversations (person_id, updated_at, created_at)
                VALUES (1, 1800000000, 1800000000), (2, 1800000000, 1800000000);
            INSERT INTO appointment_services (id, code, names, duration_minutes, created_at,
                                              updated_at)
                VALUES (7, 'test7', '{}', 30, 0, 0), (8, 'test8', '{}', 30, 0, 0);
            INSERT INTO appointment_locations (id, code, names, address, created_at, updated_at)
                VALUES (70, 'test70', '{}', 'x', 0, 0);
            INSERT INTO appointment_slots (id, service_id, location_id, starts_at, ends_at,
                                           capacity, booked)
                VALUES (10, 7, 70, 1800100000, 1800101800, 3, 2),
                       (11, 8, 70, 1800200000, 1800201800, 1, 0);
            INSERT INTO appointment_bookings (slot_id, person_id, status, language, created_at)
                VALUES (10, 1, 'booked', 'ar', 1800000000), (10, 2, 'booked', 'fa', 1800000000),
                       (11, 1, 'cancelled', 'ar', 1800000000);
        )sql");
    };
    db.run_sync(setup);
    auto erase = [](storage::connection& c) {
        return protection::erase_person(c, 1, protection::erase_reason::request, 1800051800);
    };
    EXPECT_TRUE(db.run_sync(erase));
    auto read = [](storage::connection& c) {
        auto one = [&](const char* sql) {
            auto& st = c.prepared(sql);
            st.step();
            auto n = st.int64(0);
            st.reset();
            return n;
        };
        return std::vector<std::int64_t>{
            one("SELECT booked FROM appointment_slots WHERE id = 10"),
            one("SELECT booked FROM appointment_slots WHERE id = 11"),
            one("SELECT count(*) FROM appointment_bookings"),
            // 22:23 UTC is already the next day in Sofia (UTC+2), the zone a connection
            // without a configured one counts in.
            one("SELECT count FROM anonymous_counts WHERE metric = 'appointments_cancelled' AND "
                "subject = '7' AND language = 'ar' AND channel = 'viber' AND day = '2027-01-16'"),
            one("SELECT count(*) FROM anonymous_counts WHERE metric = 'appointments_booked'"),
            one("SELECT count(*) FROM anonymous_counts WHERE subject = '8'"),
            one("SELECT count FROM anonymous_counts WHERE metric = 'erasures'"),
        };
    };
    EXPECT_EQ(db.run_sync(read), (std::vector<std::int64_t>{1, 0, 1, 1, 0, 0, 1}));
    db.close();
}

}  // namespace
}  // namespace zaedno::test
