// The preview's pieces without a socket: writes are refused and undone inside a turn, every
// action the scripts may call is sorted, and a turn's crisis answer runs as usual.
#include "bot/preview/preview_session.hpp"

#include <gtest/gtest.h>

#include "bot/engine/script.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::preview {
namespace {

TEST(preview_session, a_read_only_scope_refuses_writes_and_leaves_the_connection_writable) {
    test::temp_dir dir;
    storage::database db(dir.path() / "preview.db");
    auto create = [](storage::connection& c) {
        c.exec("CREATE TABLE scratch (x INTEGER)");
    };
    db.run_sync(create);
    auto attempt = [](storage::connection& c) {
        read_only_scope guard(c);
        EXPECT_ANY_THROW(c.exec("INSERT INTO scratch VALUES (1)"));
        auto& st = c.prepared("SELECT count(*) FROM scratch");
        st.step();
        auto n = st.int64(0);
        st.reset();
        return n;
    };
    EXPECT_EQ(db.run_sync(attempt), 0);
    auto after = [](storage::connection& c) {
        c.exec("INSERT INTO scratch VALUES (2)");
        auto& st = c.prepared("SELECT count(*) FROM scratch");
        st.step();
        auto n = st.int64(0);
        st.reset();
        return n;
    };
    EXPECT_EQ(db.run_sync(after), 1);
    db.close();
}

TEST(preview_session, every_action_a_script_may_call_is_either_read_or_imitated) {
    for (const auto& name : engine::known_actions()) {
        EXPECT_NE(treatment_of(name), treatment::not_run) << name;
    }
    EXPECT_EQ(treatment_of("booking"), treatment::stand_in);
    EXPECT_EQ(treatment_of("erase"), treatment::stand_in);
    EXPECT_EQ(treatment_of("booking_days"), treatment::reads);
    EXPECT_EQ(treatment_of("send_everyone_a_letter"), treatment::not_run);
}

TEST(preview_session, page_frames_become_the_events_the_web_chat_would_make) {
    auto start = event_of(webchat::text_frame{"/start", "m1"}, "ar");
    ASSERT_TRUE(start && std::holds_alternative<engine::start_event>(*start));
    EXPECT_EQ(std::get<engine::start_event>(*start).language_hint, "ar");
    auto text = event_of(webchat::text_frame{"hello", "m2"}, "");
    ASSERT_TRUE(text && std::holds_alternative<engine::text_event>(*text));
    auto choice = event_of(webchat::choice_frame{"agree", "m3"}, "");
    ASSERT_TRUE(choice && std::holds_alternative<engine::choice_event>(*choice));
    EXPECT_EQ(std::get<engine::choice_event>(*choice).id, "agree");
    EXPECT_FALSE(event_of(webchat::hello_frame{}, ""));
}

TEST(preview_session, an_unknown_action_is_not_run_and_the_admin_is_told) {
    test::temp_dir dir;
    storage::database db(dir.path() / "preview.db");
    std::vector<std::string> problems;
    auto runtime = conversation::dialog_runtime::load(
        test::source_dir() / "dialogs", test::source_dir() / "locales", "en", "UTC", problems
    );
    preview_actions actions({std::make_shared<const appointments::zone_clock>("UTC"), {}});
    auto job = [&](storage::connection& c) {
        conversation::conversation_record rec;
        actions::action_context ctx{c, *runtime, rec, 0};
        return actions.perform(ctx, {"send_everyone_a_letter", {}});
    };
    auto answer = db.run_sync(job);
    EXPECT_EQ(answer.result.outcome, "unavailable");
    EXPECT_NE(answer.notice.find("send_everyone_a_letter"), std::string::npos);
    db.close();
}

}  // namespace
}  // namespace zaedno::preview
