// The shipped dialogs in every language in locales/: a walk through every flow checking that
// each text has a real translation, global words and crisis words per language.
#include <algorithm>
#include <deque>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "bot/engine/validator.hpp"
#include "bot/i18n/normalize.hpp"
#include "tests/engine/harness.hpp"

namespace zaedno::engine::test {
namespace {

const loaded_world& shipped() {
    return loaded_world::shipped();
}

/// Every entry of a '|' list exactly as the language itself writes it (no fallback words).
std::vector<std::string> own_words(const std::string& lang, const std::string& key) {
    std::vector<std::string> words;
    auto raw = shipped().catalog.raw(lang, key);
    if (!raw) {
        return words;
    }
    std::istringstream in(*raw);
    for (std::string word; std::getline(in, word, '|');) {
        if (!i18n::fold_for_matching(word).empty()) {
            words.push_back(word);
        }
    }
    return words;
}

struct walk_report {
    std::set<std::string> seen_keys;
    std::set<std::string> missing;    // keys shown without a translation in the language
    std::vector<std::string> silent;  // inputs answered with nothing
};

/// Breadth-first over conversation positions: every choice, a valid typed answer, every
/// outcome of every action, the global commands and a crisis message, once per position.
class walker {
public:
    walker(std::string lang, local_time local) : lang_(std::move(lang)), local_(local) {}

    walk_report run() {
        conversation_state fresh;
        push(fresh, start_event{"", lang_});
        while (!queue_.empty() && steps_ < 20'000) {
            auto [state, ev] = std::move(queue_.front());
            queue_.pop_front();
            process(std::move(state), std::move(ev));
        }
        return std::move(report_);
    }

private:
    void push(const conversation_state& state, event ev) {
        queue_.emplace_back(state, std::move(ev));
    }

    void record(const std::string& key) {
        report_.seen_keys.insert(key);
        if (!shipped().catalog.has(lang_, key)) {
            report_.missing.insert(key);
        }
    }

    void process(conversation_state state, event ev) {
        ++steps_;
        bool from_person = !std::holds_alternative<action_result_event>(ev);
        step_input in{state, ev, 1'790'000'000, local_, "telegram"};
        auto out = step(shipped().s, shipped().catalog, *shipped().words, std::move(in));
        bool answered = false;
        std::vector<std::string> choice_ids;
        for (const auto& e : out.effects) {
            if (const auto* r = std::get_if<reply>(&e)) {
                answered = true;
                record(r->text);
                choice_ids.clear();
                for (const auto& c : r->choices) {
                    record(c.label);
                    choice_ids.push_back(c.id);
                }
            } else if (std::holds_alternative<call_action>(e)) {
                answered = true;
            }
        }
        if (from_person && !answered) {
            report_.silent.push_back(out.state.flow + ":" + out.state.node);
        }
        expand(out.state, choice_ids);
    }

    void expand(const conversation_state& state, const std::vector<std::string>& choice_ids) {
        auto position = state.flow + ":" + state.node + ":" + state.waiting_for_action + ":" +
                        (state.consent ? "c" : "-") + std::to_string(state.misunderstandings);
        if (!expanded_.insert(position).second) {
            return;
        }
        if (state.is_idle()) {
            push(state, text_event{"hello"});
            return;
        }
        const flow* f = shipped().s.find_flow(state.flow);
        const node* n = f ? f->find(state.node) : nullptr;
        if (n == nullptr) {
            return;
        }
        if (const auto* action = std::get_if<action_node>(&n->body)) {
            for (const auto& [outcome, next] : action->outcomes) {
                action_result_event result{action->action, outcome, {}, {}};
                for (const auto& var : action->sets) {
                    result.variables[var] = "sample";
                }
                if (outcome == "ok") {
                    result.choices.push_back({"rights", "housing.topic.rights.title", {}});
                }
                push(state, result);
            }
            return;
        }
        const auto* ask = std::get_if<ask_node>(&n->body);
        if (ask == nullptr) {
            return;
        }
        for (const auto& id : choice_ids) {
            push(state, choice_event{id});
        }
        switch (ask->input) {
            case input_kind::number:
                push(state, text_event{std::to_string(ask->min.value_or(1))});
                break;
            case input_kind::date:
                push(state, text_event{"15.03.2027"});
                break;
            case input_kind::phone:
                push(state, text_event{"+359888123456"});
                break;
            case input_kind::text:
                push(state, text_event{"Sofia"});
                break;
            case input_kind::yes_no:
            case input_kind::none:
                push(state, text_event{"?"});
                break;
        }
        for (const auto& word : shipped().s.global_words) {
            if (!word.commands.empty()) {
                push(state, text_event{word.commands.front()});
            }
        }
        auto crisis = own_words(lang_, shipped().s.crisis_words_key);
        if (!crisis.empty()) {
            push(state, text_event{crisis.front()});
        }
    }

    std::string lang_;
    local_time local_;
    std::deque<std::pair<conversation_state, event>> queue_;
    std::set<std::string> expanded_;
    walk_report report_;
    int steps_ = 0;
};

std::string joined(const std::set<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += " " + item;
    }
    return out;
}

TEST(engine_shipped, validator_finds_no_errors) {
    auto problems =
        validate_script(shipped().s, shipped().catalog, zaedno::test::source_dir() / "locales");
    EXPECT_FALSE(has_errors(problems)) << join_problems(problems);
}

TEST(engine_shipped, walk_every_flow_in_every_language_with_real_translations) {
    ASSERT_FALSE(shipped().catalog.languages().empty());
    for (const auto& lang : shipped().catalog.languages()) {
        SCOPED_TRACE("language " + lang);
        std::set<std::string> seen;
        std::set<std::string> missing;
        for (local_time local : {local_time{3, 10 * 60}, local_time{7, 22 * 60}}) {
            auto report = walker(lang, local).run();
            EXPECT_TRUE(report.silent.empty()) << "no answer at " << report.silent.front();
            seen.insert(report.seen_keys.begin(), report.seen_keys.end());
            missing.insert(report.missing.begin(), report.missing.end());
        }
        EXPECT_TRUE(missing.empty())
            << "shown without a " << lang << " translation:" << joined(missing);
        // The walk reached every text the script can show: every say and ask of every flow.
        for (const auto& [name, f] : shipped().s.flows) {
            for (const auto& [id, n] : f.nodes) {
                std::string key;
                if (const auto* say = std::get_if<say_node>(&n.body)) {
                    key = say->text.key;
                } else if (const auto* ask = std::get_if<ask_node>(&n.body)) {
                    key = ask->text.key;
                }
                if (key.empty()) {
                    continue;
                }
                bool shown = seen.contains(key);
                if (auto brace = key.find('{'); brace != std::string::npos) {
                    // A key with a variable counts as shown when any key it stands for was.
                    auto prefix = key.substr(0, brace);
                    auto suffix = key.substr(key.find('}') + 1);
                    shown = std::any_of(seen.begin(), seen.end(), [&](const std::string& k) {
                        return k.starts_with(prefix) && k.ends_with(suffix);
                    });
                }
                EXPECT_TRUE(shown) << name << ":" << id << " (" << key << ") never shown";
            }
        }
    }
}

struct expected_global {
    std::string name;
    std::string first_reply;  // or the action called, when the word starts one
    std::string action;
};

const std::vector<expected_global>& expected_globals() {
    static const std::vector<expected_global> table{
        {"menu", "menu.prompt", ""},
        {"language", "language.choose", ""},
        {"human", "", "handoff"},
        {"stop", "", "unsubscribe"},
        {"forget", "forget.confirm", ""},
        {"help", "help.text", ""},
    };
    return table;
}

void expect_global_effect(conversation& c, const expected_global& g, const std::string& what) {
    if (!g.action.empty()) {
        const auto* call = c.find_effect<call_action>();
        ASSERT_NE(call, nullptr) << what;
        EXPECT_EQ(call->name, g.action) << what;
    } else {
        ASSERT_FALSE(c.reply_keys().empty()) << what;
        EXPECT_EQ(c.reply_keys().front(), g.first_reply) << what;
    }
}

void at_housing_question(conversation& c, const std::string& lang) {
    c.at_menu();
    c.state.flow = "housing";
    c.state.node = "topics";
    c.state.language = lang;
}

TEST(engine_shipped, global_words_in_every_language_work_from_any_question) {
    for (const auto& lang : shipped().catalog.languages()) {
        for (const auto& g : expected_globals()) {
            const auto* word = [&]() -> const global_word* {
                for (const auto& w : shipped().s.global_words) {
                    if (w.name == g.name) {
                        return &w;
                    }
                }
                return nullptr;
            }();
            ASSERT_NE(word, nullptr) << g.name;
            auto words = own_words(lang, word->words_key);
            EXPECT_FALSE(words.empty()) << lang << " has no words for " << g.name;
            for (const auto& typed : words) {
                conversation c(shipped());
                at_housing_question(c, lang);
                c.text(typed);
                expect_global_effect(c, g, lang + " \"" + typed + "\"");
            }
            for (const auto& command : word->commands) {
                conversation c(shipped());
                at_housing_question(c, lang);
                c.text(command);
                expect_global_effect(c, g, command);
            }
        }
    }
}

TEST(engine_shipped, crisis_words_of_every_language_trigger_urgent_handoff_in_any_language) {
    for (const auto& lang : shipped().catalog.languages()) {
        auto phrases = own_words(lang, shipped().s.crisis_words_key);
        EXPECT_FALSE(phrases.empty()) << lang << " has no crisis words";
        for (const auto& phrase : phrases) {
            for (const auto& person_language : shipped().catalog.languages()) {
                conversation c(shipped());
                c.at_menu();
                c.state.language = person_language;
                c.text(phrase);
                const auto* handoff = c.find_effect<handoff_request>();
                ASSERT_NE(handoff, nullptr)
                    << lang << " \"" << phrase << "\" for " << person_language;
                EXPECT_EQ(handoff->priority, "urgent");
                ASSERT_FALSE(c.reply_keys().empty());
                EXPECT_EQ(c.reply_keys().front(), "crisis.safety");
            }
        }
    }
}

TEST(engine_shipped, ordinary_answers_do_not_trigger_crisis) {
    for (const std::string text : {"rent", "deposit contract", "Sofia", "3", "I need a flat"}) {
        conversation c(shipped());
        c.at_menu();
        c.text(text);
        EXPECT_EQ(c.find_effect<handoff_request>(), nullptr) << text;
    }
}

TEST(engine_shipped, first_contact_preselects_the_platform_language) {
    for (const auto& lang : shipped().catalog.languages()) {
        conversation c(shipped());
        c.start(lang + "-XX");
        EXPECT_EQ(c.state.language, lang);
        ASSERT_FALSE(c.choice_ids().empty());
        EXPECT_EQ(c.choice_ids().front(), lang);
        EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"welcome.choose_language"}));
        EXPECT_EQ(c.last_reply()->language, lang);
    }
}

TEST(engine_shipped, housing_request_form_hands_off_with_the_answers) {
    conversation c(shipped());
    c.at_menu();
    c.tap("housing");
    c.tap("request");
    c.text("٤");
    c.tap("no_home");
    c.tap("today");
    c.text("Люлин");
    ASSERT_EQ(c.reply_keys(), (std::vector<std::string>{"housing.form.confirm"}));
    EXPECT_EQ(std::get<std::int64_t>(c.last_reply()->args.at("household")), 4);
    c.text("yes");
    const auto* call = c.find_effect<call_action>();
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->name, "handoff");
    EXPECT_EQ(call->params.at("reason"), "housing_request");
    EXPECT_EQ(call->params.at("priority"), "urgent");
    EXPECT_EQ(call->params.at("household"), "4");
    EXPECT_EQ(call->params.at("district"), "Люлин");
    c.result("handoff", "ok");
    EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"housing.form.sent"}));
}

TEST(engine_shipped, booking_a_psychologist_asks_for_a_day_and_unavailable_offers_a_person) {
    conversation c(shipped());
    c.at_menu();
    c.tap("support");
    c.tap("book");
    const auto* call = c.find_effect<call_action>();
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->name, "booking_days");
    EXPECT_EQ(call->params.at("service"), "psychologist");
    c.result("booking_days", "unavailable");
    EXPECT_EQ(
        c.reply_keys(), (std::vector<std::string>{"appointments.unavailable", "appointments.offer"})
    );
    EXPECT_EQ(c.choice_ids(), (std::vector<std::string>{"human", "menu"}));
}

TEST(engine_shipped, booking_walks_service_day_time_interpreter_and_confirm_with_action_choices) {
    conversation c(shipped());
    c.at_menu();
    c.tap("appointments");
    c.tap("book");
    ASSERT_NE(c.find_effect<call_action>(), nullptr);
    EXPECT_EQ(c.find_effect<call_action>()->name, "booking_services");
    c.result(
        "booking_services",
        "ok",
        {},
        {{"legal", "booking.option", {{"label", "Legal counselling"}}},
         {"housing", "booking.option", {{"label", "Housing consultation"}}}}
    );
    EXPECT_EQ(c.choice_ids(), (std::vector<std::string>{"legal", "housing", "back"}));
    c.text("2");  // a typed number picks the second offered button
    ASSERT_NE(c.find_effect<call_action>(), nullptr);
    EXPECT_EQ(c.find_effect<call_action>()->params.at("service"), "housing");
    c.result(
        "booking_days",
        "ok",
        {{"service_name", "Housing consultation"}},
        {{"2026-12-01", "booking.option", {{"label", "Tuesday 1 December"}}}}
    );
    EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"appointments.choose_day"}));
    c.tap("2026-12-01");
    EXPECT_EQ(c.find_effect<call_action>()->params.at("day"), "2026-12-01");
    c.result(
        "booking_times",
        "ok",
        {{"day_name", "Tuesday 1 December"}},
        {{"2-1796112000", "booking.option", {{"label", "10:00"}}}}
    );
    c.tap("2-1796112000");
    EXPECT_EQ(c.find_effect<call_action>()->name, "booking_slot");
    c.result(
        "booking_slot",
        "ok",
        {{"service_name", "Housing consultation"},
         {"slot_when", "Tuesday 1 December, 10:00"},
         {"place", "Municipal information centre"},
         {"language_name", "English"}}
    );
    EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"appointments.interpreter"}));
    c.tap("yes");
    EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"appointments.confirm"}));
    c.tap("yes");
    const auto* call = c.find_effect<call_action>();
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->name, "booking");
    EXPECT_EQ(call->params.at("service"), "housing");
    EXPECT_EQ(call->params.at("slot"), "2-1796112000");
    EXPECT_EQ(call->params.at("interpreter"), "yes");
    EXPECT_EQ(call->params.at("replaces"), "");
    c.result("booking", "ok", {{"booking", "7"}});
    EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"appointments.booked"}));
    EXPECT_TRUE(c.state.dynamic_choices.empty());  // an old time button means nothing now
}

TEST(engine_shipped, a_taken_slot_goes_back_to_the_times_of_that_day) {
    conversation c(shipped());
    c.at_menu();
    c.state.flow = "appointments";
    c.state.node = "book";
    c.state.waiting_for_action = "booking";
    c.state.variables = {{"service", "legal"}, {"day", "2026-12-01"}, {"slot", "1-1796112000"}};
    c.result("booking", "full");
    EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"appointments.slot_taken"}));
    const auto* call = c.find_effect<call_action>();
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->name, "booking_times");
    EXPECT_EQ(call->params.at("day"), "2026-12-01");
}

TEST(engine_shipped, no_free_day_soon_names_the_next_one_and_offers_a_person) {
    conversation c(shipped());
    c.at_menu();
    c.state.flow = "appointments";
    c.state.node = "days";
    c.state.waiting_for_action = "booking_days";
    c.result(
        "booking_days",
        "later",
        {{"service_name", "Psychologist"}, {"next_free_day", "Monday 4 January"}},
        {{"2027-01-04", "booking.option", {{"label", "Monday 4 January"}}}}
    );
    EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"appointments.next_free"}));
    EXPECT_EQ(c.choice_ids(), (std::vector<std::string>{"2027-01-04", "human", "menu"}));
    c.tap("human");
    EXPECT_EQ(c.state.variables.at("handoff_reason"), "appointments");
}

TEST(engine_shipped, my_appointments_cancel_and_rebook) {
    conversation c(shipped());
    c.at_menu();
    c.tap("appointments");
    c.tap("mine");
    EXPECT_EQ(c.find_effect<call_action>()->name, "list_appointments");
    c.result(
        "list_appointments",
        "ok",
        {{"count", "1"}},
        {{"12", "booking.option", {{"label", "Tuesday 1 December, 10:00 — Legal counselling"}}}}
    );
    c.tap("12");
    EXPECT_EQ(c.find_effect<call_action>()->params.at("booking"), "12");
    c.result("appointment_details", "ok", {{"service", "legal"}, {"service_name", "Legal"}});
    EXPECT_EQ(c.choice_ids(), (std::vector<std::string>{"cancel", "rebook", "back"}));
    auto at_details = c.state;
    c.tap("cancel");
    c.tap("yes");
    EXPECT_EQ(c.find_effect<call_action>()->name, "cancel_appointment");
    c.result("cancel_appointment", "ok");
    EXPECT_EQ(c.reply_keys().front(), "appointments.cancelled");

    c.state = at_details;
    c.tap("rebook");
    const auto* call = c.find_effect<call_action>();
    ASSERT_NE(call, nullptr);
    EXPECT_EQ(call->name, "booking_days");
    EXPECT_EQ(call->params.at("service"), "legal");
    EXPECT_EQ(c.state.variables.at("replaces"), "12");
}

TEST(engine_shipped, housing_search_without_match_offers_a_housing_caseworker) {
    conversation c(shipped());
    c.at_menu();
    c.tap("housing");
    c.tap("search");
    c.text("zebra");
    ASSERT_NE(c.find_effect<call_action>(), nullptr);
    EXPECT_EQ(c.find_effect<call_action>()->params.at("query"), "zebra");
    c.result("housing_search", "none");
    EXPECT_EQ(c.reply_keys(), (std::vector<std::string>{"housing.no_match"}));
    c.tap("human");
    ASSERT_NE(c.find_effect<call_action>(), nullptr);
    EXPECT_EQ(c.find_effect<call_action>()->params.at("reason"), "housing");
}

}  // namespace
}  // namespace zaedno::engine::test
