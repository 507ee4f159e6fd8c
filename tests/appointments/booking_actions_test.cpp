// The booking dialog's named actions against a real database and the shipped translations:
// choices, outcomes, the interpreter rule, untrusted parameters, and one person's bookings
// hidden from another. Also the JSON the caseworker's conversation view gets.
#include "bot/appointments/booking_actions.hpp"

#include <gtest/gtest.h>

#include "bot/appointments/json_views.hpp"
#include "bot/appointments/repository.hpp"
#include "bot/common/clock.hpp"
#include "bot/storage/database.hpp"
#include "tests/appointments/appointments_fixture.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::appointments {
namespace {

struct actions_fixture {
    zaedno::test::temp_dir dir;
    storage::database db{dir.path() / "z.db"};
    std::shared_ptr<const conversation::dialog_runtime> runtime = load_runtime();
    std::shared_ptr<const zone_clock> clock = std::make_shared<const zone_clock>("Europe/Sofia");
    actions::action_registry registry;
    std::int64_t now = unix_seconds();

    actions_fixture() { add_booking_actions(registry, clock); }

    static std::shared_ptr<const conversation::dialog_runtime> load_runtime() {
        std::vector<std::string> problems;
        return conversation::dialog_runtime::load(
            zaedno::test::source_dir() / "dialogs",
            zaedno::test::source_dir() / "locales",
            "en",
            "Europe/Sofia",
            problems
        );
    }

    conversation::conversation_record person(const std::string& chat, const std::string& lang) {
        auto job = [&](storage::connection& c) {
            return test::add_person(c, "telegram", chat, lang);
        };
        conversation::conversation_record rec;
        rec.person_id = db.run_sync(job);
        rec.channel = "telegram";
        rec.chat_key = chat;
        rec.state.language = lang;
        return rec;
    }

    engine::action_result_event perform(
        conversation::conversation_record& who,
        const std::string& action,
        std::map<std::string, std::string> params
    ) {
        auto job = [&](storage::connection& c) {
            actions::action_context ctx{c, *runtime, who, now};
            return registry.perform(ctx, {action, std::move(params)});
        };
        return db.run_sync(job);
    }

    template <class Job>
    auto run(Job job) {
        return db.run_sync(job);
    }
};

std::vector<std::string> ids(const engine::action_result_event& r) {
    std::vector<std::string> out;
    for (const auto& c : r.choices) {
        out.push_back(c.id);
    }
    return out;
}

TEST(appointments_actions, services_days_and_times_are_offered_as_short_choices) {
    actions_fixture f;
    f.run([](storage::connection& c) { test::add_daily_service(c, "daily", 1); });
    auto olena = f.person("1", "uk");
    auto services = f.perform(olena, "booking_services", {});
    EXPECT_EQ(services.outcome, "ok");
    ASSERT_EQ(services.choices.size(), 6U);  // five samples and the daily one
    EXPECT_EQ(services.choices[0].label, "booking.option");
    EXPECT_EQ(services.choices[0].args.at("label"), "Юридична консультація");

    auto days = f.perform(olena, "booking_days", {{"service", "daily"}});
    ASSERT_EQ(days.outcome, "ok");
    EXPECT_EQ(days.choices.size(), 7U);
    for (const auto& id : ids(days)) {
        EXPECT_TRUE(parse_day(id).has_value()) << id;
    }
    EXPECT_EQ(days.variables.at("service_name"), "Group session");  // no uk name: English

    auto times = f.perform(olena, "booking_times", {{"service", "daily"}, {"day", ids(days)[1]}});
    ASSERT_EQ(times.outcome, "ok");
    EXPECT_EQ(times.choices.size(), 12U);  // 08:00 … 19:00
    EXPECT_EQ(times.choices.front().args.at("label"), "08:00");
    for (const auto& id : ids(times)) {
        std::int64_t location = 0;
        std::int64_t start = 0;
        EXPECT_TRUE(parse_slot_choice_id(id, location, start)) << id;
        EXPECT_LE(id.size(), 64U);
    }
    EXPECT_FALSE(times.variables.at("day_name").empty());
}

TEST(appointments_actions, nothing_soon_names_the_next_free_day_and_nothing_at_all_is_none) {
    actions_fixture f;
    auto later_start =
        local_day{std::chrono::sys_days{f.clock->to_local(f.now).day} + std::chrono::days{30}};
    auto job = [&](storage::connection& c) {
        auto s = test::add_daily_service(c, "later", 1);
        c.exec(
            "UPDATE appointment_schedules SET valid_from = '" + format_day(later_start) +
            "' WHERE service_id = " + std::to_string(s.id)
        );
        service_record empty;
        empty.code = "empty";
        empty.names = {{"en", "Empty"}};
        save_service(c, empty, 0);
    };
    f.run(job);
    auto ahmad = f.person("2", "ar");
    auto later = f.perform(ahmad, "booking_days", {{"service", "later"}});
    EXPECT_EQ(later.outcome, "later");
    EXPECT_EQ(ids(later), (std::vector<std::string>{format_day(later_start)}));
    EXPECT_FALSE(later.variables.at("next_free_day").empty());
    EXPECT_EQ(f.perform(ahmad, "booking_days", {{"service", "empty"}}).outcome, "none");
    EXPECT_EQ(f.perform(ahmad, "booking_days", {{"service", "nope"}}).outcome, "error");
}

TEST(appointments_actions, the_interpreter_question_depends_on_the_staff_and_the_service) {
    actions_fixture f;
    f.run([](storage::connection& c) { test::add_daily_service(c, "daily", 1); });
    auto slot_of = [&](conversation::conversation_record& who) {
        auto days = f.perform(who, "booking_days", {{"service", "daily"}});
        auto times =
            f.perform(who, "booking_times", {{"service", "daily"}, {"day", ids(days).back()}});
        return ids(times).front();
    };
    auto bg = f.person("3", "bg");
    auto ar = f.person("4", "ar");
    EXPECT_EQ(
        f.perform(bg, "booking_slot", {{"service", "daily"}, {"slot", slot_of(bg)}}).outcome,
        "staff_speak"
    );
    auto asked = f.perform(ar, "booking_slot", {{"service", "daily"}, {"slot", slot_of(ar)}});
    EXPECT_EQ(asked.outcome, "ok");
    EXPECT_EQ(asked.variables.at("language_name"), "العربية");
    EXPECT_NE(asked.variables.at("place").find("бул. „Витоша“ 1"), std::string::npos);
    f.run([](storage::connection& c) {
        c.exec("UPDATE appointment_services SET interpreter_possible = 0 WHERE code = 'daily'");
    });
    EXPECT_EQ(
        f.perform(ar, "booking_slot", {{"service", "daily"}, {"slot", slot_of(ar)}}).outcome,
        "no_interpreter"
    );
}

TEST(appointments_actions, parameters_from_the_conversation_are_untrusted) {
    actions_fixture f;
    f.run([](storage::connection& c) { test::add_daily_service(c, "daily", 1); });
    auto p = f.person("5", "en");
    for (const std::string slot :
         {"", "abc", "1-", "-5", "1--5", "1-99999999999999999999", "0-100", "1-100"}) {
        auto r = f.perform(p, "booking", {{"service", "daily"}, {"slot", slot}});
        EXPECT_TRUE(r.outcome == "error" || r.outcome == "none") << slot << " " << r.outcome;
    }
    EXPECT_EQ(
        f.perform(p, "booking_times", {{"service", "daily"}, {"day", "2027-02-30"}}).outcome,
        "error"
    );
    EXPECT_EQ(f.perform(p, "appointment_details", {{"booking", "x"}}).outcome, "none");
    EXPECT_EQ(f.perform(p, "cancel_appointment", {{"booking", "-1"}}).outcome, "none");
    EXPECT_EQ(
        f.run([](storage::connection& c) {
            auto& st = c.prepared("SELECT count(*) FROM appointment_bookings");
            st.step();
            auto n = st.int64(0);
            st.reset();
            return n;
        }),
        0
    );
}

TEST(appointments_actions, book_list_details_and_cancel_only_ones_own) {
    actions_fixture f;
    f.run([](storage::connection& c) { test::add_daily_service(c, "daily", 2); });
    auto owner = f.person("6", "ar");
    auto other = f.person("7", "en");
    auto days = f.perform(owner, "booking_days", {{"service", "daily"}});
    auto times =
        f.perform(owner, "booking_times", {{"service", "daily"}, {"day", ids(days).back()}});
    auto slot = ids(times).front();
    auto booked =
        f.perform(owner, "booking", {{"service", "daily"}, {"slot", slot}, {"interpreter", "yes"}});
    ASSERT_EQ(booked.outcome, "ok");
    EXPECT_FALSE(booked.variables.at("slot_when").empty());
    auto again = f.perform(owner, "booking", {{"service", "daily"}, {"slot", slot}});
    EXPECT_EQ(again.outcome, "duplicate");

    auto listed = f.perform(owner, "list_appointments", {});
    ASSERT_EQ(listed.outcome, "ok");
    ASSERT_EQ(ids(listed), (std::vector<std::string>{booked.variables.at("booking")}));
    EXPECT_NE(listed.choices[0].args.at("label").find("جلسة جماعية"), std::string::npos);
    EXPECT_EQ(f.perform(other, "list_appointments", {}).outcome, "none");

    auto id = booked.variables.at("booking");
    EXPECT_EQ(f.perform(other, "appointment_details", {{"booking", id}}).outcome, "none");
    EXPECT_EQ(f.perform(other, "cancel_appointment", {{"booking", id}}).outcome, "none");
    auto details = f.perform(owner, "appointment_details", {{"booking", id}});
    EXPECT_EQ(details.outcome, "ok");
    EXPECT_EQ(details.variables.at("interpreter"), "yes");
    EXPECT_EQ(details.variables.at("service"), "daily");

    auto conversation_json = f.run([&](storage::connection& c) {
        auto& st = c.prepared("SELECT id FROM conversations WHERE person_id = ?");
        st.bind(1, owner.person_id);
        st.step();
        auto conversation = st.int64(0);
        st.reset();
        return appointments_of_conversation(c, conversation, "en");
    });
    ASSERT_EQ(conversation_json.size(), 1U);
    EXPECT_EQ(conversation_json[0]["status"], "booked");
    EXPECT_EQ(conversation_json[0]["interpreter_language"], "ar");
    EXPECT_EQ(conversation_json[0]["service"]["code"], "daily");
    EXPECT_TRUE(conversation_json[0]["starts_at"].get<std::string>().ends_with("Z"));

    EXPECT_EQ(f.perform(owner, "cancel_appointment", {{"booking", id}}).outcome, "ok");
    EXPECT_EQ(f.perform(owner, "list_appointments", {}).outcome, "none");
    auto empty =
        f.run([](storage::connection& c) { return appointments_of_conversation(c, 9999, "en"); });
    EXPECT_TRUE(empty.empty());
}

}  // namespace
}  // namespace zaedno::appointments
