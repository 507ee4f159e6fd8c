// The pure step over a small fixture script that uses every node kind and input type.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/engine/harness.hpp"

namespace zaedno::engine::test {
namespace {

using keys = std::vector<std::string>;

TEST(engine_step, first_contact_runs_entry_flow_in_hinted_language) {
    conversation c(loaded_world::basic());
    c.start("ar-EG", "");
    EXPECT_EQ(c.state.language, "ar");
    EXPECT_EQ(c.reply_keys(), (keys{"t.hello", "t.consent"}));
    EXPECT_EQ(c.choice_ids(), (keys{"agree", "decline"}));
    EXPECT_EQ(c.state.flow, "start");
    EXPECT_EQ(c.state.node, "consent");
}

TEST(engine_step, unknown_hint_keeps_default_language) {
    conversation c(loaded_world::basic());
    c.start("xx", "");
    EXPECT_EQ(c.state.language, "en");
}

TEST(engine_step, consent_then_menu_and_consent_effect) {
    conversation c(loaded_world::basic());
    c.start();
    c.tap("agree");
    EXPECT_TRUE(c.state.consent);
    ASSERT_NE(c.find_effect<consent_changed>(), nullptr);
    EXPECT_TRUE(c.find_effect<consent_changed>()->given);
    EXPECT_EQ(c.reply_keys(), (keys{"t.menu"}));
    EXPECT_EQ(c.choice_ids(), (keys{"form", "act", "lang", "branch"}));
}

TEST(engine_step, say_without_next_ends_turn_and_next_message_shows_menu_after_consent) {
    conversation c(loaded_world::basic());
    c.start();
    c.tap("decline");
    EXPECT_EQ(c.reply_keys(), (keys{"t.bye"}));
    EXPECT_TRUE(c.state.is_idle());
    EXPECT_FALSE(c.state.consent);
    c.text("hello again");  // no consent yet: the menu leads back to the entry flow
    EXPECT_EQ(c.reply_keys(), (keys{"t.hello", "t.consent"}));
}

TEST(engine_step, typed_number_picks_choice_in_every_digit_script) {
    for (const std::string typed : {"2", "٢", "۲", " 2 "}) {
        conversation c(loaded_world::basic());
        c.at_menu();
        c.text(typed);
        EXPECT_EQ(c.state.flow, "act") << typed;
        EXPECT_EQ(c.state.waiting_for_action, "booking") << typed;
    }
}

TEST(engine_step, typed_label_picks_choice_ignoring_case) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.text("  FORM ");
    EXPECT_EQ(c.state.flow, "form");
    EXPECT_EQ(c.reply_keys(), (keys{"t.ask_number"}));
}

TEST(engine_step, arabic_label_and_english_label_both_match_for_arabic_speaker) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.state.language = "ar";
    c.text("استمارة");
    EXPECT_EQ(c.state.flow, "form");
    c.at_menu();
    c.state.language = "ar";
    c.text("form");
    EXPECT_EQ(c.state.flow, "form");
}

TEST(engine_step, form_reads_every_input_kind_with_arabic_and_persian_digits) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("form");
    c.text("٣");  // number, Arabic-Indic
    EXPECT_EQ(c.state.variables["n"], "3");
    EXPECT_EQ(c.reply_keys(), (keys{"t.ask_date"}));
    c.text("۱۵.۰۳.۲۰۲۷");  // date, Persian digits
    EXPECT_EQ(c.state.variables["d"], "2027-03-15");
    c.text("+٣٥٩ ٨٨٨ ١٢٣ ٤٥٦");  // phone, Arabic-Indic
    EXPECT_EQ(c.state.variables["p"], "+359888123456");
    EXPECT_EQ(c.choice_ids(), (keys{"yes", "no"}));
    c.text("OK");  // yes_no from the word list
    EXPECT_EQ(c.state.variables["ok"], "yes");
    c.text("short");
    EXPECT_EQ(c.state.variables["note"], "short");
    EXPECT_EQ(c.reply_keys(), (keys{"t.summary"}));
    const auto* summary = c.last_reply();
    ASSERT_NE(summary, nullptr);
    EXPECT_EQ(std::get<std::int64_t>(summary->args.at("n")), 3);
    EXPECT_EQ(std::get<std::string>(summary->args.at("p")), "+359888123456");
    EXPECT_NE(c.find_effect<conversation_ended>(), nullptr);
    EXPECT_TRUE(c.state.is_idle());
}

TEST(engine_step, number_out_of_range_reasks_with_reask_text_and_choices) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("form");
    c.text("11");
    EXPECT_EQ(c.reply_keys(), (keys{"t.reask_number"}));
    EXPECT_EQ(c.choice_ids(), (keys{"cancel"}));
    EXPECT_EQ(c.state.node, "number");
    EXPECT_EQ(c.state.misunderstandings, 1);
    c.text("۱۰");
    EXPECT_EQ(c.state.variables["n"], "10");
    EXPECT_EQ(c.state.misunderstandings, 0);
}

TEST(engine_step, number_question_reads_digits_as_answer_not_button_number) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("form");
    c.text("1");  // there is one button (cancel) but the question wants a number
    EXPECT_EQ(c.state.variables["n"], "1");
}

TEST(engine_step, invalid_date_phone_yes_no_and_long_text_are_reasked) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("form");
    c.text("2");
    c.text("31.02.2027");
    EXPECT_EQ(c.state.node, "date");
    EXPECT_EQ(c.reply_keys(), (keys{"t.not_understood", "t.ask_date"}));
    c.text("2027-02-28");
    c.text("call me");
    EXPECT_EQ(c.state.node, "phone");
    c.text("0888 123 456");
    EXPECT_EQ(c.state.variables["p"], "0888123456");
    c.text("maybe");
    EXPECT_EQ(c.state.node, "confirm");
    EXPECT_EQ(c.choice_ids(), (keys{"yes", "no"}));
    c.tap("no");
    EXPECT_EQ(c.state.variables["ok"], "no");
    c.text("much too long for ten");
    EXPECT_EQ(c.state.node, "note");
}

TEST(engine_step, arabic_yes_word_answers_yes_no) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.state.flow = "form";
    c.state.node = "confirm";
    c.state.language = "ar";
    c.text("نعم");
    EXPECT_EQ(c.state.variables["ok"], "yes");
}

TEST(engine_step, named_action_waits_and_routes_ok_with_dynamic_choices) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.state.variables["n"] = "4";
    c.tap("act");
    const auto* call = c.find_effect<call_action>();
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->name, "booking");
    EXPECT_EQ(call->params.at("service"), "x hi 4");
    EXPECT_EQ(c.state.waiting_for_action, "booking");
    EXPECT_TRUE(c.reply_keys().empty());

    c.result(
        "booking",
        "ok",
        {{"count", "2"}},
        {{"s1", "slot.label", {{"when", "Mon"}}}, {"s2", "slot.label", {{"when", "Tue"}}}}
    );
    EXPECT_TRUE(c.state.waiting_for_action.empty());
    EXPECT_EQ(c.state.variables["count"], "2");
    EXPECT_EQ(c.reply_keys(), (keys{"t.pick"}));
    EXPECT_EQ(c.choice_ids(), (keys{"s1", "s2", "back"}));
    EXPECT_EQ(std::get<std::string>(c.last_reply()->choices[1].args.at("when")), "Tue");

    c.text("Slot Tue");  // the formatted label, typed
    EXPECT_EQ(c.state.variables["slot"], "s2");
    EXPECT_EQ(c.reply_keys(), (keys{"t.chosen"}));
}

TEST(engine_step, dynamic_choice_tapped_by_id_and_by_number) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("act");
    c.result("booking", "ok", {}, {{"s1", "slot.label", {{"when", "Mon"}}}});
    c.text("١");
    EXPECT_EQ(c.state.variables["slot"], "s1");
}

TEST(engine_step, unavailable_action_is_explained_and_returns_to_menu) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("act");
    c.result("booking", "unavailable");
    EXPECT_EQ(c.reply_keys(), (keys{"t.unavailable", "t.menu"}));
    EXPECT_EQ(c.state.node, "menu");
}

TEST(engine_step, unknown_outcome_falls_back_to_unavailable_route) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("act");
    c.result("booking", "exploded");
    EXPECT_EQ(c.reply_keys(), (keys{"t.unavailable", "t.menu"}));
}

TEST(engine_step, clear_and_goto_restart_the_entry_flow) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.state.variables["n"] = "4";
    c.tap("act");
    c.result("booking", "none");
    EXPECT_EQ(c.reply_keys(), (keys{"t.none", "t.hello", "t.consent"}));
    EXPECT_FALSE(c.state.consent);
    EXPECT_FALSE(c.state.variables.contains("n"));
}

TEST(engine_step, result_for_another_action_is_ignored) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("act");
    auto before = c.state;
    c.result("housing_search", "ok");
    EXPECT_TRUE(c.last.empty());
    EXPECT_EQ(c.state, before);
}

TEST(engine_step, typed_text_while_waiting_gets_please_wait) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("act");
    c.text("hello?");
    EXPECT_EQ(c.reply_keys(), (keys{"t.please_wait"}));
    EXPECT_EQ(c.state.waiting_for_action, "booking");
}

TEST(engine_step, language_choices_list_current_first_and_set_language) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.state.language = "ar";
    c.tap("lang");
    EXPECT_EQ(c.choice_ids(), (keys{"ar", "en"}));
    EXPECT_EQ(c.last_reply()->language, "ar");
    EXPECT_EQ(std::get<std::string>(c.last_reply()->choices[1].args.at("name")), "English");
    c.text("English");
    EXPECT_EQ(c.state.language, "en");
    ASSERT_NE(c.find_effect<language_changed>(), nullptr);
    EXPECT_EQ(c.find_effect<language_changed>()->language, "en");
    EXPECT_EQ(c.reply_keys(), (keys{"t.language_done", "t.menu"}));
    EXPECT_EQ(c.last_reply()->language, "en");
}

TEST(engine_step, branches_on_channel_language_variable_office_hours_and_answer) {
    conversation c(loaded_world::basic(), "telegram");
    c.at_menu();
    c.state.language = "ar";
    c.state.variables["flag"] = "on";
    c.local = {3, 10 * 60};
    c.tap("branch");
    EXPECT_EQ(
        c.reply_keys(), (keys{"t.on_telegram", "t.in_arabic", "t.flag_on", "t.open", "t.again"})
    );
    c.tap("a");
    EXPECT_EQ(c.reply_keys(), (keys{"t.picked_a"}));

    conversation v(loaded_world::basic(), "viber");
    v.at_menu();
    v.local = {6, 10 * 60};  // Saturday
    v.tap("branch");
    EXPECT_EQ(v.reply_keys(), (keys{"t.closed", "t.again"}));
    v.tap("b");
    EXPECT_EQ(v.reply_keys(), (keys{"t.picked_other"}));
}

TEST(engine_step, office_hours_window_edges) {
    std::vector<weekly_window> desk{{{1, 2, 3, 4, 5}, 9 * 60, 17 * 60}};
    EXPECT_FALSE(within(desk, {1, 9 * 60 - 1}));
    EXPECT_TRUE(within(desk, {1, 9 * 60}));
    EXPECT_TRUE(within(desk, {5, 17 * 60 - 1}));
    EXPECT_FALSE(within(desk, {5, 17 * 60}));
    EXPECT_FALSE(within(desk, {7, 12 * 60}));
}

TEST(engine_step, unexpected_text_reshows_question_with_choices) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.text("bananas");
    EXPECT_EQ(c.reply_keys(), (keys{"t.not_understood", "t.menu"}));
    EXPECT_EQ(c.choice_ids(), (keys{"form", "act", "lang", "branch"}));
    EXPECT_EQ(c.state.misunderstandings, 1);
}

TEST(engine_step, repeated_misunderstanding_offers_a_person) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.text("bananas");
    c.text("apples");
    EXPECT_EQ(c.state.misunderstandings, 2);
    c.text("pears");
    EXPECT_EQ(c.reply_keys(), (keys{"t.offer"}));
    EXPECT_EQ(c.state.misunderstandings, 0);
    EXPECT_EQ(c.state.variables["handoff_reason"], "misunderstanding");
    c.tap("human");
    const auto* call = c.find_effect<call_action>();
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->name, "handoff");
    EXPECT_EQ(call->params.at("reason"), "misunderstanding");
}

TEST(engine_step, an_understood_answer_resets_the_count) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.text("bananas");
    c.text("bananas");
    c.tap("branch");
    EXPECT_EQ(c.state.misunderstandings, 0);
}

TEST(engine_step, unknown_button_counts_as_misunderstanding) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("no-such-button");
    EXPECT_EQ(c.reply_keys(), (keys{"t.not_understood", "t.menu"}));
}

TEST(engine_step, return_after_inactivity_greets_and_shows_menu) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("form");
    c.now += 12 * 3600;
    c.text("5");
    EXPECT_EQ(c.reply_keys(), (keys{"t.welcome_back", "t.menu"}));
    EXPECT_EQ(c.state.node, "menu");
    EXPECT_EQ(c.state.last_activity, c.now);
}

TEST(engine_step, a_short_pause_continues_where_it_was) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("form");
    c.now += 12 * 3600 - 1;
    c.text("5");
    EXPECT_EQ(c.state.variables["n"], "5");
}

TEST(engine_step, global_words_and_commands_work_in_any_state) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.tap("form");
    c.text("Main Menu");
    EXPECT_EQ(c.reply_keys(), (keys{"t.menu"}));
    c.tap("form");
    c.text("/menu@zaedno_bot");
    EXPECT_EQ(c.reply_keys(), (keys{"t.menu"}));
    c.tap("act");
    c.text("/human");  // also while an action is pending
    ASSERT_NE(c.find_effect<call_action>(), nullptr);
    EXPECT_EQ(c.find_effect<call_action>()->name, "handoff");
    c.at_menu();
    c.text("القائمة");  // Arabic word while the person uses English
    EXPECT_EQ(c.reply_keys(), (keys{"t.menu"}));
}

TEST(engine_step, global_word_inside_a_sentence_counts_only_where_buttons_are_expected) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.text("i want a person please");
    ASSERT_NE(c.find_effect<call_action>(), nullptr);

    conversation form(loaded_world::basic());
    form.at_menu();
    form.tap("form");
    form.tap("cancel");
    form.tap("form");
    form.text("2");
    form.text("1.1.2027");
    form.text("+359888123456");
    form.tap("yes");
    form.text("person");  // a message that is exactly a global word wins even at a text question
    EXPECT_NE(form.find_effect<call_action>(), nullptr);
    conversation note(loaded_world::basic());
    note.at_menu();
    note.state.flow = "form";
    note.state.node = "note";
    note.text("a person");
    EXPECT_EQ(note.state.variables["note"], "a person");
}

TEST(engine_step, crisis_in_every_state_answers_at_once_with_urgent_handoff) {
    std::vector<std::function<void(conversation&)>> states{
        [](conversation& c) { c.state = {}; },
        [](conversation& c) { c.at_menu(); },
        [](conversation& c) {
            c.at_menu();
            c.tap("form");
        },
        [](conversation& c) {
            c.at_menu();
            c.tap("act");  // waiting for an action
        },
        [](conversation& c) {
            c.at_menu();
            c.state.node.clear();  // idle
        },
        [](conversation& c) {
            c.at_menu();
            c.state.node = "vanished";
        },
    };
    for (std::size_t i = 0; i < states.size(); ++i) {
        for (const std::string text : {"I want to die", "أريد أن أموت"}) {
            conversation c(loaded_world::basic());
            states[i](c);
            c.text(text);
            SCOPED_TRACE("state " + std::to_string(i) + ": " + text);
            ASSERT_FALSE(c.last.empty());
            const auto* first = std::get_if<reply>(&c.last.front());
            ASSERT_NE(first, nullptr);
            EXPECT_EQ(first->text, "t.crisis");
            EXPECT_TRUE(first->urgent);
            const auto* handoff = c.find_effect<handoff_request>();
            ASSERT_NE(handoff, nullptr);
            EXPECT_EQ(handoff->reason, "crisis");
            EXPECT_EQ(handoff->priority, "urgent");
            EXPECT_TRUE(handoff->urgent);
            EXPECT_TRUE(c.state.waiting_for_action.empty());
            EXPECT_EQ(c.state.node, "followup");
        }
    }
}

TEST(engine_step, vanished_node_after_publish_continues_at_menu_with_apology) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.state.script_version = "v0";
    c.state.flow = "old_flow";
    c.state.node = "old_node";
    c.text("hello");
    EXPECT_EQ(c.reply_keys(), (keys{"t.moved_on", "t.menu"}));
    EXPECT_EQ(c.state.script_version, "v1");
    EXPECT_EQ(c.state.node, "menu");

    c.state.flow = "menu";
    c.state.node = "removed";
    c.tap("x");
    EXPECT_EQ(c.reply_keys(), (keys{"t.moved_on", "t.menu"}));
}

TEST(engine_step, action_result_for_a_vanished_node_goes_to_menu) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.state.node = "gone";
    c.state.waiting_for_action = "booking";
    c.result("booking", "ok");
    EXPECT_EQ(c.reply_keys(), (keys{"t.moved_on", "t.menu"}));
}

TEST(engine_step, idle_person_typing_a_menu_choice_goes_straight_there) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.state.node.clear();
    c.text("form");
    EXPECT_EQ(c.reply_keys(), (keys{"t.ask_number"}));
    c.state.node.clear();
    c.text("something else");
    EXPECT_EQ(c.reply_keys(), (keys{"t.menu"}));
    EXPECT_EQ(c.state.misunderstandings, 0);
}

TEST(engine_step, deep_link_start_opens_its_flow_for_consenting_person) {
    conversation c(loaded_world::basic());
    c.at_menu();
    c.start("en", "forms");
    EXPECT_EQ(c.reply_keys(), (keys{"t.ask_number"}));
    EXPECT_EQ(c.state.variables["start_payload"], "forms");
}

TEST(engine_step, every_event_from_a_person_gets_a_reply) {
    std::vector<event> events{
        start_event{},
        text_event{""},
        text_event{"?"},
        choice_event{""},
        text_event{"/unknown"},
    };
    for (const auto& ev : events) {
        conversation c(loaded_world::basic());
        c.at_menu();
        c.send(ev);
        EXPECT_FALSE(c.reply_keys().empty()) << ev.index();
    }
}

TEST(engine_step, a_published_loop_without_question_stops_with_a_reply) {
    static const loaded_world looping(
        zaedno::test::fixtures_dir() / "dialogs" / "loop_without_question",
        zaedno::test::fixtures_dir() / "dialogs" / "loop_without_question" / "locales"
    );
    conversation c(looping);
    c.at_menu();
    c.state.node = "menu";
    c.tap("book");
    c.result("booking", "ok");
    EXPECT_EQ(c.reply_keys(), (keys{"t.moved_on"}));
    EXPECT_TRUE(c.state.is_idle());
}

TEST(engine_state, json_round_trip_and_lenient_reading) {
    conversation_state s;
    s.flow = "housing";
    s.node = "results";
    s.variables = {{"topic", "rights"}, {"n", "3"}};
    s.language = "fa";
    s.script_version = "v9";
    s.last_activity = 123;
    s.misunderstandings = 2;
    s.consent = true;
    s.waiting_for_action = "housing_search";
    s.dynamic_choices = {{"rights", "housing.topic.rights.title", {{"a", "b"}}}};
    nlohmann::json j = s;
    auto back = j.get<conversation_state>();
    EXPECT_EQ(back, s);

    auto partial = nlohmann::json::parse(R"({"flow":"menu","misunderstandings":"x","extra":1})")
                       .get<conversation_state>();
    EXPECT_EQ(partial.flow, "menu");
    EXPECT_EQ(partial.misunderstandings, 0);
    EXPECT_EQ(nlohmann::json(42).get<conversation_state>(), conversation_state{});
}

}  // namespace
}  // namespace zaedno::engine::test
