// Erasing a person with bookings (migration 005's tables): the bookings go with the person,
// are counted per service, and free their places.
#include <gtest/gtest.h>

#include "bot/protection/person_data.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {
namespace {

TEST(erase_bookings, bookings_are_counted_per_service_and_their_places_freed) {
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
        return protection::erase_person(c, 1, protection::erase_reason::request, 1800050000);
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
            one("SELECT count FROM anonymous_counts WHERE metric = 'appointments_booked' AND "
                "subject = '7' AND language = 'ar' AND channel = 'viber'"),
            one("SELECT count FROM anonymous_counts WHERE metric = 'appointments_cancelled' AND "
                "subject = '8'"),
        };
    };
    EXPECT_EQ(db.run_sync(read), (std::vector<std::int64_t>{1, 0, 1, 1, 1}));
    db.close();
}

}  // namespace
}  // namespace zaedno::test
