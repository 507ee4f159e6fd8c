// The preview's turn mirrors inbox::process_update's engine loop, with three differences:
// the state stays in memory, actions come from preview_actions, and every effect that would
// reach the database (consent, handoff) becomes at most a notice.
#include "bot/preview/preview_session.hpp"

#include <variant>

#include <spdlog/spdlog.h>

#include "bot/common/overloaded.hpp"
#include "bot/conversation/localize.hpp"
#include "bot/engine/step.hpp"
#include "bot/webchat/webchat_adapter.hpp"

namespace zaedno::preview {

namespace {

// As the processor: an action may answer with another action request; a loop must end.
constexpr int max_engine_rounds = 8;
// The page lists the first errors; the rest are one click away in the raw JSON editor.
constexpr std::size_t max_errors_shown = 20;

constexpr std::string_view preview_channel = "webchat";

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

preview_source read_preview_source(storage::connection& db) {
    preview_source out;
    out.version = content::draft_version(db);
    if (!out.version) {
        out.version = content::published_version(db);
    }
    if (out.version) {
        out.files = content::files_of(db, out.version->id);
    }
    return out;
}

preview_content prepare_preview(preview_source source, const content::content_settings& settings) {
    preview_content out;
    out.version = std::move(source.version);
    if (!out.version) {
        out.unusable = "Nothing is published yet, so there is nothing to preview.";
        return out;
    }
    const std::string what = out.is_draft() ? "The draft" : "The published version";
    auto checked = content::check_bundle(source.files, settings);
    for (const auto& p : checked.problems) {
        if (p.level == engine::severity::error) {
            out.errors.push_back(p);
        } else {
            ++out.warnings;
        }
    }
    if (!out.errors.empty()) {
        out.unusable = what + " has " + plural(out.errors.size(), "error", "errors") +
                       " and cannot be previewed until they are fixed (they would also stop it "
                       "from being published). The first: " +
                       content::to_line(out.errors.front());
        if (out.errors.size() > max_errors_shown) {
            out.errors.resize(max_errors_shown);
        }
        return out;
    }
    try {
        std::vector<std::string> ignored;  // warnings: already counted by the check
        out.runtime = content::build_runtime(source.files, settings, ignored);
    } catch (const std::exception& e) {
        out.unusable = what + " cannot be loaded: " + e.what();
    }
    return out;
}

read_only_scope::read_only_scope(storage::connection& db) : rollback_(db), db_(db) {
    db_.exec("PRAGMA query_only = ON");
}

read_only_scope::~read_only_scope() {
    try {
        db_.exec("PRAGMA query_only = OFF");
    } catch (const std::exception& e) {
        // The next job on this connection would fail to write: worth a loud line.
        spdlog::error("preview: could not make the connection writable again: {}", e.what());
    }
}

engine::conversation_state fresh_state(
    const conversation::dialog_runtime& runtime, const std::string& language_hint
) {
    engine::conversation_state state;
    if (auto hinted = runtime.catalog().match_language(language_hint)) {
        state.language = *hinted;
    }
    return state;
}

std::optional<engine::event> event_of(
    const webchat::client_frame& frame, const std::string& language_hint
) {
    channels::inbound_event ev;
    if (const auto* text = std::get_if<webchat::text_frame>(&frame)) {
        ev = webchat::to_event("preview", *text, 0, language_hint);
    } else if (const auto* choice = std::get_if<webchat::choice_frame>(&frame)) {
        ev = webchat::to_event("preview", *choice, 0, language_hint);
    } else {
        return std::nullopt;
    }
    return std::visit(
        overloaded{
            [](const channels::text_event& e) -> std::optional<engine::event> {
                return engine::text_event{e.text};
            },
            [&](const channels::command_event& e) -> std::optional<engine::event> {
                if (e.name == "start") {
                    return engine::start_event{e.payload, language_hint};
                }
                return engine::text_event{"/" + e.name};
            },
            [](const channels::choice_event& e) -> std::optional<engine::event> {
                return engine::choice_event{e.id};
            },
            [](const auto&) -> std::optional<engine::event> { return std::nullopt; },
        },
        ev.body
    );
}

turn_result run_turn(
    storage::connection& db,
    const conversation::dialog_runtime& runtime,
    const preview_actions& actions,
    engine::conversation_state state,
    engine::event ev,
    std::int64_t now
) {
    read_only_scope guard(db);
    turn_result out;
    // Actions read the conversation's state and person; the preview's person is nobody
    // (id 0), so person-specific reads (own appointments) find nothing.
    conversation::conversation_record rec;
    rec.channel = preview_channel;
    rec.chat_key = "preview";
    rec.state = std::move(state);
    bool erased = false;
    auto run_round = [&](engine::event current) -> std::optional<engine::event> {
        engine::step_input in{
            rec.state,
            std::move(current),
            now,
            runtime.local_time_at(now),
            std::string(preview_channel)};
        auto stepped =
            engine::step(runtime.script(), runtime.catalog(), runtime.words(), std::move(in));
        rec.state = std::move(stepped.state);
        std::optional<engine::event> next;
        for (const auto& effect : stepped.effects) {
            std::visit(
                overloaded{
                    [&](const engine::reply& r) {
                        out.items.push_back(
                            {conversation::localize(runtime.catalog(), rec.state.language, r), ""}
                        );
                    },
                    [&](const engine::call_action& call) {
                        if (next) {
                            return;
                        }
                        actions::action_context ctx{db, runtime, rec, now};
                        auto answer = actions.perform(ctx, call);
                        erased = erased || ctx.erased;
                        if (!answer.notice.empty()) {
                            out.items.push_back({std::nullopt, std::move(answer.notice)});
                        }
                        next = std::move(answer.result);
                    },
                    [&](const engine::handoff_request& h) {
                        out.items.push_back(
                            {std::nullopt,
                             "Preview: no handoff is opened. A real person would now be queued "
                             "for a caseworker (reason: " +
                                 h.reason + ", priority: " + h.priority + ")."}
                        );
                    },
                    [](const engine::consent_changed&) {},  // kept in the state
                    [](const engine::language_changed&) {},
                    [](const engine::conversation_ended&) {},
                    // a preview is no activity: nothing reaches the reports
                    [](const engine::flow_started&) {},
                    [](const engine::flow_finished&) {},
                },
                effect
            );
        }
        return next;
    };
    std::optional<engine::event> pending = std::move(ev);
    int round = 0;
    for (; pending && round < max_engine_rounds; ++round) {
        pending = run_round(std::move(*pending));
    }
    if (pending) {
        spdlog::warn("preview: action rounds exceeded in flow {}", rec.state.flow);
    }
    out.state = erased ? engine::conversation_state{} : std::move(rec.state);
    return out;
}

std::string render_preview_frame(const preview_content& content, const std::string& language) {
    nlohmann::json frame{
        {"type", "preview"},
        {"usable", content.runtime != nullptr},
        {"source", content.is_draft() ? "draft" : "published"},
        {"version", content.version ? content::to_json(*content.version) : nlohmann::json()},
        {"language", language},
        {"warnings", content.warnings}};
    auto languages = nlohmann::json::array();
    if (content.runtime) {
        const auto& catalog = content.runtime->catalog();
        for (const auto& code : catalog.languages()) {
            languages.push_back(
                {{"code", code},
                 {"name", catalog.language_name(code)},
                 {"direction",
                  catalog.direction(code) == i18n::text_direction::rtl ? "rtl" : "ltr"}}
            );
        }
    }
    frame["languages"] = std::move(languages);
    auto errors = nlohmann::json::array();
    for (const auto& p : content.errors) {
        errors.push_back(content::to_json(p));
    }
    frame["errors"] = std::move(errors);
    if (!content.runtime) {
        frame["message"] = content.unusable;
    } else if (content.is_draft()) {
        frame["message"] = "Previewing the draft (revision " +
                           std::to_string(content.version->revision) + "), not yet published.";
    } else {
        frame["message"] = "There is no draft: this is the published version " +
                           std::to_string(content.version->id) + ", as people see it now.";
    }
    return frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string render_notice(std::string_view text) {
    return nlohmann::json{{"type", "notice"}, {"text", text}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace
    );
}

std::string render_reply(std::int64_t seq, const channels::outgoing_message& reply) {
    static const webchat::webchat_adapter adapter;
    auto calls = adapter.render("preview", reply);
    return webchat::message_frame(seq, calls.empty() ? std::string("{}") : calls.front().body);
}

}  // namespace zaedno::preview
