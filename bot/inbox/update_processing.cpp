// The heart of a conversation turn. Everything here runs on the storage thread inside the
// update's savepoint, so the state change, the transcript and the outbox commit together.
#include "bot/inbox/update_processing.hpp"

#include <variant>

#include <spdlog/spdlog.h>

#include "bot/common/overloaded.hpp"
#include "bot/conversation/conversation_repository.hpp"
#include "bot/conversation/localize.hpp"
#include "bot/delivery/outbox_repository.hpp"
#include "bot/engine/step.hpp"
#include "bot/i18n/normalize.hpp"
#include "bot/reports/recorder.hpp"

namespace zaedno::inbox {

namespace {

// A named action may answer with another action request; a script loop must still end.
constexpr int max_engine_rounds = 8;

/// The engine event for a channel event, or nothing when the dialog has no part in it.
std::optional<engine::event> to_engine_event(
    const channels::inbound_event& ev,
    const channel_adapter& adapter,
    const engine::conversation_state& state
) {
    return std::visit(
        overloaded{
            [](const channels::text_event& e) -> std::optional<engine::event> {
                return engine::text_event{e.text};
            },
            [&](const channels::command_event& e) -> std::optional<engine::event> {
                if (e.name == "start") {
                    return engine::start_event{e.payload, ev.language_hint};
                }
                return engine::text_event{"/" + e.name};
            },
            [&](const channels::choice_event& e) -> std::optional<engine::event> {
                std::vector<std::string> offered;
                for (const auto& c : state.dynamic_choices) {
                    offered.push_back(c.id);
                }
                return engine::choice_event{adapter.resolve_choice(e.id, offered)};
            },
            [](const channels::contact_event& e) -> std::optional<engine::event> {
                return engine::text_event{e.phone};
            },
            [](const channels::media_event& e) -> std::optional<engine::event> {
                return engine::text_event{e.caption};  // a bare file is answered before this
            },
            [](const channels::location_event&) -> std::optional<engine::event> {
                return engine::text_event{""};
            },
            [&](const channels::conversation_started_event& e) -> std::optional<engine::event> {
                return engine::start_event{e.context, ev.language_hint};
            },
            [](const auto&) -> std::optional<engine::event> { return std::nullopt; },
        },
        ev.body
    );
}

std::string transcript_text(const channels::inbound_event& ev) {
    return std::visit(
        overloaded{
            [](const channels::text_event& e) { return e.text; },
            [](const channels::command_event& e) {
                return "/" + e.name + (e.payload.empty() ? "" : " " + e.payload);
            },
            [](const channels::choice_event& e) { return "[button] " + e.id; },
            [](const channels::contact_event& e) { return "[contact] " + e.phone; },
            [](const channels::location_event& e) {
                return "[location] " + std::to_string(e.latitude) + "," +
                       std::to_string(e.longitude);
            },
            [](const channels::media_event& e) {
                return "[" + std::string(channels::media_kind_name(e.kind)) + "] " + e.reference +
                       (e.caption.empty() ? "" : " " + e.caption);
            },
            [](const auto&) { return std::string(); },
        },
        ev.body
    );
}

/// While a caseworker has the conversation the assistant is quiet, except for crisis words
/// and the words that stop messages or erase data.
bool speaks_while_handed_off(
    const conversation::dialog_runtime& runtime,
    const engine::event& ev,
    const std::string& language
) {
    const auto* text = std::get_if<engine::text_event>(&ev);
    if (text == nullptr) {
        return false;
    }
    auto folded = i18n::fold_for_matching(text->text);
    if (runtime.words().crisis().detect_folded(folded, language)) {
        return true;
    }
    const auto* word = runtime.words().match_global(text->text, folded, language, false);
    return word != nullptr && (word->name == "stop" || word->name == "forget");
}

struct turn {
    storage::connection& db;
    const processing_context& ctx;
    const channel_adapter& adapter;
    conversation::conversation_record& rec;
    std::optional<std::int64_t> origin_ms;
    processing_report& report;
    bool erased = false;

    std::int64_t now_s() const { return ctx.now_ms / 1000; }

    reports::audience who() const { return {rec.channel, rec.state.language}; }

    void queue(const channels::outgoing_message& msg) {
        for (const auto& call : adapter.render(rec.chat_key, msg)) {
            delivery::enqueue(db, adapter.name(), call, msg.urgent, ctx.now_ms, origin_ms);
            ++report.calls_queued;
        }
        report.urgent = report.urgent || msg.urgent;
        if (!erased) {
            conversation::add_message(db, rec.conversation_id, "out", "bot", msg.text, now_s());
        }
    }

    engine::action_result_event perform(const engine::call_action& call) {
        actions::action_context action_ctx{db, ctx.runtime, rec, now_s()};
        auto result = ctx.actions.perform(action_ctx, call);
        report.handoff = report.handoff || action_ctx.handed_off;
        erased = erased || action_ctx.erased;
        return result;
    }

    void run(engine::event ev) {
        for (int round = 0; round < max_engine_rounds; ++round) {
            engine::step_input in{
                rec.state,
                std::move(ev),
                now_s(),
                ctx.runtime.local_time_at(now_s()),
                std::string(adapter.name())};
            auto out = engine::step(
                ctx.runtime.script(), ctx.runtime.catalog(), ctx.runtime.words(), std::move(in)
            );
            rec.state = std::move(out.state);
            std::optional<engine::event> next;
            for (const auto& effect : out.effects) {
                std::visit(
                    overloaded{
                        [&](const engine::reply& r) {
                            queue(
                                conversation::localize(ctx.runtime.catalog(), rec.state.language, r)
                            );
                        },
                        [&](const engine::call_action& call) {
                            if (!next) {
                                next = perform(call);
                            }
                        },
                        [&](const engine::consent_changed& c) {
                            conversation::set_consent(db, rec.person_id, c.given, now_s());
                        },
                        [&](const engine::handoff_request& h) {
                            conversation::request_handoff(db, rec, h.reason, h.priority, now_s());
                            report.handoff = true;
                        },
                        [](const engine::language_changed&) {},  // saved with the state
                        [](const engine::conversation_ended&) {},
                        [&](const engine::flow_started&) {
                            reports::flow_effect(db, who(), effect, now_s());
                        },
                        [&](const engine::flow_finished&) {
                            reports::flow_effect(db, who(), effect, now_s());
                        },
                    },
                    effect
                );
            }
            if (!next) {
                return;
            }
            ev = std::move(*next);
        }
        spdlog::warn("processor: action rounds exceeded in flow {}", rec.state.flow);
    }
};

}  // namespace

processing_report process_update(
    storage::connection& db, const processing_context& ctx, const pending_update& update
) {
    auto found = ctx.adapters.find(update.channel);
    if (found == ctx.adapters.end()) {
        throw std::runtime_error("no adapter for channel " + update.channel);
    }
    const auto& adapter = *found->second;
    auto events = adapter.to_events(update.body);
    if (!events) {
        throw std::runtime_error("stored update no longer parses: " + events.error().describe());
    }
    return process_events(db, ctx, adapter, *events, update.received_ms);
}

processing_report process_events(
    storage::connection& db,
    const processing_context& ctx,
    const channel_adapter& adapter,
    const std::vector<channels::inbound_event>& events,
    std::int64_t received_ms
) {
    processing_report report;
    const std::string channel(adapter.name());
    const std::int64_t now_s = ctx.now_ms / 1000;
    for (const auto& ev : events) {
        ++report.events;
        if (auto ack = adapter.acknowledge(ev)) {
            delivery::enqueue(db, adapter.name(), *ack, true, ctx.now_ms, received_ms);
            ++report.calls_queued;
        }
        auto rec = conversation::load_or_create(db, channel, ev.chat_key, now_s);
        if (std::holds_alternative<channels::blocked_event>(ev.body) ||
            std::holds_alternative<channels::unsubscribed_event>(ev.body)) {
            conversation::set_reachable(db, rec.person_id, false);
            delivery::drop_chat(db, channel, ev.chat_key, "person unreachable");
            continue;
        }
        if (std::holds_alternative<channels::unblocked_event>(ev.body) ||
            std::holds_alternative<channels::subscribed_event>(ev.body)) {
            conversation::set_reachable(db, rec.person_id, true);
            continue;
        }
        auto engine_event = to_engine_event(ev, adapter, rec.state);
        if (!engine_event) {
            continue;
        }
        if (!rec.reachable) {
            conversation::set_reachable(db, rec.person_id, true);  // they wrote again
        }
        if (!ev.display_name.empty() && rec.display_name != ev.display_name) {
            conversation::set_display_name(db, rec.person_id, ev.display_name);
        }
        bool opened_chat = std::holds_alternative<channels::conversation_started_event>(ev.body);
        if (opened_chat && !rec.state.is_new()) {
            continue;  // a known person reopening the chat: nothing to say
        }
        if (rec.state.is_new()) {
            if (auto hinted = ctx.runtime.catalog().match_language(ev.language_hint)) {
                rec.state.language = *hinted;
            }
        }
        if (!opened_chat) {
            reports::person_wrote(db, rec, ctx.runtime.script().inactivity_timeout_seconds, now_s);
        }
        auto text = transcript_text(ev);
        if (!text.empty()) {
            conversation::add_message(db, rec.conversation_id, "in", "user", text, now_s);
            if (const auto* media = std::get_if<channels::media_event>(&ev.body)) {
                conversation::set_attachment(
                    db,
                    db.last_insert_rowid(),
                    channels::media_kind_name(media->kind),
                    media->reference
                );
            }
        }
        if (rec.with_caseworker() &&
            !speaks_while_handed_off(ctx.runtime, *engine_event, rec.state.language)) {
            conversation::save_state(db, rec, now_s);
            continue;
        }
        turn t{db, ctx, adapter, rec, received_ms, report};
        if (const auto* media = std::get_if<channels::media_event>(&ev.body);
            media != nullptr && media->caption.empty()) {
            // A photo or voice note is no answer to the question: thank the person and say
            // how a caseworker can see it, without counting it as a misunderstanding.
            t.queue(conversation::localize(
                ctx.runtime.catalog(),
                rec.state.language,
                engine::reply{{}, "common.media_received", {}, {}, false}
            ));
            conversation::save_state(db, rec, now_s);
            continue;
        }
        if (opened_chat) {
            // Viber: the welcome went out in the webhook answer; only the state is kept.
            engine::step_input in{
                rec.state,
                std::move(*engine_event),
                now_s,
                ctx.runtime.local_time_at(now_s),
                std::string(adapter.name())};
            rec.state =
                engine::step(
                    ctx.runtime.script(), ctx.runtime.catalog(), ctx.runtime.words(), std::move(in)
                )
                    .state;
        } else {
            t.run(std::move(*engine_event));
        }
        if (t.erased) {
            rec.state = engine::conversation_state{};
        }
        conversation::save_state(db, rec, now_s);
    }
    return report;
}

channels::outgoing_message first_contact_message(
    const conversation::dialog_runtime& runtime,
    const std::string& language_hint,
    const std::string& channel,
    std::int64_t now_seconds
) {
    engine::conversation_state state;
    if (auto hinted = runtime.catalog().match_language(language_hint)) {
        state.language = *hinted;
    }
    engine::step_input in{
        state,
        engine::start_event{"", language_hint},
        now_seconds,
        runtime.local_time_at(now_seconds),
        channel};
    auto out = engine::step(runtime.script(), runtime.catalog(), runtime.words(), std::move(in));
    channels::outgoing_message combined;
    for (const auto& effect : out.effects) {
        if (const auto* r = std::get_if<engine::reply>(&effect)) {
            auto msg = conversation::localize(runtime.catalog(), out.state.language, *r);
            combined.text += (combined.text.empty() ? "" : "\n\n") + msg.text;
            combined.choices = msg.choices;  // the last question's buttons
        }
    }
    return combined;
}

}  // namespace zaedno::inbox
