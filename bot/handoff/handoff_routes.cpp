// Each handler validates the request, then does all its reading, checking and writing in one
// storage job (so a check and the change it guards cannot be split by another request), and
// wakes delivery and the console after the commit.
#include "bot/handoff/handoff_routes.hpp"

#include <charconv>

#include <boost/url/parse.hpp>

#include "bot/audit/audit_log.hpp"
#include "bot/common/clock.hpp"
#include "bot/handoff/attachments.hpp"
#include "bot/handoff/handoff_repository.hpp"
#include "bot/handoff/relay.hpp"
#include "bot/reports/recorder.hpp"
#include "bot/server/request_params.hpp"
#include "bot/server/responses.hpp"

namespace zaedno::handoff {

namespace {

constexpr std::int64_t list_limit = 500;
constexpr std::int64_t transcript_limit = 500;
constexpr std::size_t max_text_bytes = 8000;
constexpr std::size_t max_title_bytes = 200;

/// What a job decided: the answer, and whether anything was queued or changed.
struct outcome {
    http::status status = http::status::ok;
    nlohmann::json body;
    bool queued = false;
    bool changed = false;
};

outcome error(http::status status, std::string_view message) {
    return {status, {{"error", message}}, false, false};
}

/// A non-empty string field of a JSON object body, within `max_bytes`.
std::optional<std::string> text_field(
    const server::request& req, const char* name, std::size_t max_bytes
) {
    auto body = nlohmann::json::parse(req.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return std::nullopt;
    }
    auto it = body.find(name);
    if (it == body.end() || !it->is_string()) {
        return std::nullopt;
    }
    auto value = it->get<std::string>();
    auto blank = value.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank || value.size() > max_bytes) {
        return std::nullopt;
    }
    return value;
}

bool is_language_code(const std::string& s) {
    return s.size() >= 2 && s.size() <= 3 &&
           s.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
}

server::response to_response(const outcome& o) {
    if (o.status == http::status::no_content) {
        server::response res{http::status::no_content, 11};
        res.set(http::field::cache_control, "no-store");
        res.prepare_payload();
        return res;
    }
    return server::json_response(o.status, o.body);
}

/// After the job committed: wakes delivery for queued replies and the console for changes.
server::response announced(const api_dependencies& deps, const outcome& done) {
    if (done.queued) {
        deps.replies_queued();
    }
    if (done.changed) {
        deps.changed();
    }
    return to_response(done);
}

nlohmann::json holder_json(const std::optional<std::string>& holder) {
    return holder ? nlohmann::json(*holder) : nlohmann::json(nullptr);
}

/// Whether `who` may end or hand on a handoff in this state: anyone while it waits, its
/// holder or an admin once assigned.
bool may_manage(const summary& s, const auth::principal& who) {
    return s.status != "assigned" || s.assigned_to_id == who.account_id ||
           who.role == auth::role::admin;
}

}  // namespace

handoff_api::handoff_api(api_dependencies deps) : deps_(std::move(deps)) {}

void handoff_api::add_routes(server::router& routes) {
    using member = net::awaitable<server::response> (handoff_api::*)(context&, const principal&);
    auto add = [&](http::verb verb, const char* path, auth::role role, member fn) {
        auto call = [this, fn](context& ctx, const principal& who) {
            return (this->*fn)(ctx, who);
        };
        routes.add(verb, path, deps_.guard.require(role, call));
    };
    const auto caseworker = auth::role::caseworker;
    add(http::verb::get, "/api/v1/conversations", caseworker, &handoff_api::list);
    add(http::verb::get, "/api/v1/conversations/{id}", caseworker, &handoff_api::get);
    add(http::verb::post, "/api/v1/conversations/{id}/claim", caseworker, &handoff_api::claim);
    add(http::verb::post, "/api/v1/conversations/{id}/messages", caseworker, &handoff_api::send);
    add(http::verb::post, "/api/v1/conversations/{id}/release", caseworker, &handoff_api::release);
    add(http::verb::post, "/api/v1/conversations/{id}/close", caseworker, &handoff_api::close);
    add(http::verb::post, "/api/v1/conversations/{id}/notes", caseworker, &handoff_api::add_note);
    add(http::verb::post, "/api/v1/conversations/{id}/assign", caseworker, &handoff_api::assign);
    add(http::verb::post, "/api/v1/conversations/{id}/read", caseworker, &handoff_api::read);
    add(http::verb::get,
        "/api/v1/conversations/{id}/attachments/{message_id}",
        caseworker,
        &handoff_api::attachment);
    add(http::verb::get, "/api/v1/canned-replies", caseworker, &handoff_api::list_canned);
    add(http::verb::post, "/api/v1/canned-replies", auth::role::admin, &handoff_api::create_canned);
    add(http::verb::delete_,
        "/api/v1/canned-replies/{id}",
        auth::role::admin,
        &handoff_api::delete_canned);
}

net::awaitable<server::response> handoff_api::list(context& ctx, const principal& who) {
    std::vector<std::string> wanted;
    auto status = server::query_param(ctx.req, "status").value_or("waiting,assigned");
    std::size_t start = 0;
    while (start <= status.size()) {
        auto comma = status.find(',', start);
        auto one = status.substr(start, comma == std::string::npos ? comma : comma - start);
        bool known = std::find(std::begin(statuses), std::end(statuses), one) != std::end(statuses);
        if (!known) {
            co_return server::json_error(
                http::status::bad_request,
                "status must be waiting, assigned, bot or closed (comma separated)"
            );
        }
        if (std::find(wanted.begin(), wanted.end(), one) == wanted.end()) {
            wanted.push_back(one);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    auto job = [wanted, viewer = who.account_id](storage::connection& db) {
        auto items = nlohmann::json::array();
        for (const auto& s : list_summaries(db, wanted, viewer, list_limit)) {
            items.push_back(to_json(s));
        }
        return items;
    };
    auto items = co_await deps_.db.run(job);
    co_return server::json_response(http::status::ok, {{"items", std::move(items)}});
}

net::awaitable<server::response> handoff_api::get(context& ctx, const principal& who) {
    auto id = server::positive_id_param(ctx);
    if (!id) {
        co_return server::json_error(http::status::not_found, "no such conversation");
    }
    auto runtime = deps_.runtime();
    auto hours = office_hours_for(deps_.hours, runtime->script());
    auto job = [this, id = *id, who, &hours](storage::connection& db) -> outcome {
        auto found = find_summary(db, id, who.account_id);
        if (!found) {
            return error(http::status::not_found, "no such conversation");
        }
        auto body = to_json(*found);
        auto messages = nlohmann::json::array();
        for (const auto& line : transcript(db, id, transcript_limit)) {
            messages.push_back(to_json(line));
        }
        auto notes = nlohmann::json::array();
        for (const auto& n : notes_of(db, id)) {
            notes.push_back(to_json(n));
        }
        body["messages"] = std::move(messages);
        body["notes"] = std::move(notes);
        body["appointments"] =
            deps_.appointments ? deps_.appointments(db, id) : nlohmann::json::array();
        body["office_hours_open"] = hours.open_at(unix_seconds());
        // Reading a transcript is access to personal data: it is audited like a change.
        audit::record(db, who, "view", id, nlohmann::json::object(), unix_seconds());
        return {http::status::ok, std::move(body)};
    };
    co_return to_response(co_await deps_.db.run(job));
}

net::awaitable<server::response> handoff_api::claim(context& ctx, const principal& who) {
    auto id = server::positive_id_param(ctx);
    if (!id) {
        co_return server::json_error(http::status::not_found, "no such conversation");
    }
    auto runtime = deps_.runtime();
    auto job = [this, id = *id, who, &runtime](storage::connection& db) -> outcome {
        const auto now_ms = unix_ms();
        auto result = handoff::claim(db, id, who.account_id, now_ms / 1000);
        switch (result.outcome) {
            case claim_outcome::missing:
                return error(http::status::not_found, "no such conversation");
            case claim_outcome::closed:
                return {
                    http::status::conflict,
                    {{"error", "the conversation is closed"}, {"assigned_to", nullptr}}};
            case claim_outcome::taken:
                return {
                    http::status::conflict,
                    {{"error", "another caseworker holds this conversation"},
                     {"assigned_to", holder_json(result.holder)}}};
            case claim_outcome::already_yours:
                return {http::status::ok, to_json(*find_summary(db, id, who.account_id))};
            case claim_outcome::claimed:
                break;
        }
        bool told = false;
        if (result.from_queue) {
            if (auto rec = load_conversation(db, id)) {
                relay_context relay{*runtime, deps_.adapters, now_ms};
                send_localized(db, relay, *rec, "handoff.claimed");
                told = true;
            }
        }
        audit::record(db, who, "claim", id, nlohmann::json::object(), now_ms / 1000);
        return {http::status::ok, to_json(*find_summary(db, id, who.account_id)), told, true};
    };
    auto done = co_await deps_.db.run(job);
    co_return announced(deps_, done);
}

net::awaitable<server::response> handoff_api::send(context& ctx, const principal& who) {
    auto id = server::positive_id_param(ctx);
    if (!id) {
        co_return server::json_error(http::status::not_found, "no such conversation");
    }
    auto text = text_field(ctx.req, "text", max_text_bytes);
    if (!text) {
        co_return server::json_error(
            http::status::bad_request, "expected {\"text\": ...} with 1 to 8000 bytes of text"
        );
    }
    auto runtime = deps_.runtime();
    auto job = [this, id = *id, who, &text, &runtime](storage::connection& db) -> outcome {
        auto found = find_summary(db, id, who.account_id);
        if (!found) {
            return error(http::status::not_found, "no such conversation");
        }
        if (found->status != "assigned" || found->assigned_to_id != who.account_id) {
            return {
                http::status::conflict,
                {{"error", "claim the conversation before replying"},
                 {"assigned_to", holder_json(found->assigned_to)}}};
        }
        auto rec = load_conversation(db, id);
        const auto now_ms = unix_ms();
        relay_context relay{*runtime, deps_.adapters, now_ms};
        auto line_id = send_text(db, relay, *rec, *text, who.account_id);
        mark_read(db, id, who.account_id);
        audit::record(db, who, "message", id, {{"message_id", line_id}}, now_ms / 1000);
        return {http::status::accepted, to_json(*find_line(db, line_id)), true, true};
    };
    auto done = co_await deps_.db.run(job);
    co_return announced(deps_, done);
}

net::awaitable<server::response> handoff_api::release(context& ctx, const principal& who) {
    co_return co_await end(ctx, who, false);
}

net::awaitable<server::response> handoff_api::close(context& ctx, const principal& who) {
    co_return co_await end(ctx, who, true);
}

net::awaitable<server::response> handoff_api::end(
    context& ctx, const principal& who, bool closing
) {
    auto id = server::positive_id_param(ctx);
    if (!id) {
        co_return server::json_error(http::status::not_found, "no such conversation");
    }
    auto runtime = deps_.runtime();
    auto job = [this, id = *id, who, closing, &runtime](storage::connection& db) -> outcome {
        auto found = find_summary(db, id, who.account_id);
        if (!found) {
            return error(http::status::not_found, "no such conversation");
        }
        if (found->status != "waiting" && found->status != "assigned") {
            if (closing && found->status == "closed") {
                return {http::status::ok, to_json(*found)};
            }
            return {
                http::status::conflict,
                {{"error", "the conversation is not with a caseworker"}, {"assigned_to", nullptr}}};
        }
        if (!may_manage(*found, who)) {
            return {
                http::status::conflict,
                {{"error", "another caseworker holds this conversation"},
                 {"assigned_to", holder_json(found->assigned_to)}}};
        }
        const auto now_ms = unix_ms();
        end_handoff(db, id, closing ? "closed" : "bot");
        auto rec = load_conversation(db, id);
        relay_context relay{*runtime, deps_.adapters, now_ms};
        if (closing) {
            send_localized(db, relay, *rec, "handoff.closed");
        } else {
            return_to_menu(db, relay, *rec);
        }
        audit::record(
            db, who, closing ? "close" : "release", id, nlohmann::json::object(), now_ms / 1000
        );
        return {http::status::ok, to_json(*find_summary(db, id, who.account_id)), true, true};
    };
    auto done = co_await deps_.db.run(job);
    co_return announced(deps_, done);
}

net::awaitable<server::response> handoff_api::add_note(context& ctx, const principal& who) {
    auto id = server::positive_id_param(ctx);
    if (!id) {
        co_return server::json_error(http::status::not_found, "no such conversation");
    }
    auto text = text_field(ctx.req, "text", max_text_bytes);
    if (!text) {
        co_return server::json_error(
            http::status::bad_request, "expected {\"text\": ...} with 1 to 8000 bytes of text"
        );
    }
    auto job = [id = *id, who, &text](storage::connection& db) -> outcome {
        if (!find_summary(db, id, who.account_id)) {
            return error(http::status::not_found, "no such conversation");
        }
        auto n = handoff::add_note(db, id, who, *text, unix_seconds());
        audit::record(db, who, "note", id, {{"note_id", n.id}}, n.at);
        return {http::status::created, to_json(n), false, true};
    };
    auto done = co_await deps_.db.run(job);
    co_return announced(deps_, done);
}

net::awaitable<server::response> handoff_api::assign(context& ctx, const principal& who) {
    auto id = server::positive_id_param(ctx);
    if (!id) {
        co_return server::json_error(http::status::not_found, "no such conversation");
    }
    auto username = text_field(ctx.req, "username", 64);
    auto name = username ? auth::normalize_username(*username) : std::nullopt;
    if (!name) {
        co_return server::json_error(http::status::bad_request, "expected {\"username\": ...}");
    }
    auto job = [id = *id, who, &name](storage::connection& db) -> outcome {
        auto found = find_summary(db, id, who.account_id);
        if (!found) {
            return error(http::status::not_found, "no such conversation");
        }
        auto colleague = find_principal(db, *name);
        if (!colleague) {
            return error(http::status::bad_request, "no active account with that username");
        }
        if (found->status == "closed") {
            return {
                http::status::conflict,
                {{"error", "the conversation is closed"}, {"assigned_to", nullptr}}};
        }
        if (!may_manage(*found, who)) {
            return {
                http::status::conflict,
                {{"error", "another caseworker holds this conversation"},
                 {"assigned_to", holder_json(found->assigned_to)}}};
        }
        const auto now = unix_seconds();
        if (found->status == "waiting") {
            reports::handoff_taken(
                db, {found->channel, found->language}, found->waiting_since.value_or(now), now
            );
        }
        assign_to(db, id, colleague->account_id, now);
        audit::record(db, who, "assign", id, {{"to", colleague->username}}, now);
        return {http::status::ok, to_json(*find_summary(db, id, who.account_id)), false, true};
    };
    auto done = co_await deps_.db.run(job);
    co_return announced(deps_, done);
}

net::awaitable<server::response> handoff_api::read(context& ctx, const principal& who) {
    auto id = server::positive_id_param(ctx);
    if (!id) {
        co_return server::json_error(http::status::not_found, "no such conversation");
    }
    auto job = [id = *id, who](storage::connection& db) -> outcome {
        if (!find_summary(db, id, who.account_id)) {
            return error(http::status::not_found, "no such conversation");
        }
        mark_read(db, id, who.account_id);
        return {http::status::no_content, nullptr};
    };
    co_return to_response(co_await deps_.db.run(job));
}

net::awaitable<server::response> handoff_api::attachment(context& ctx, const principal& who) {
    auto id = server::positive_id_param(ctx);
    auto message_id = server::positive_id_param(ctx, "message_id");
    if (!id || !message_id) {
        co_return server::json_error(http::status::not_found, "no such attachment");
    }
    auto job = [id = *id, message_id = *message_id, who](storage::connection& db) {
        auto line = find_line(db, message_id);
        if (!line || line->conversation_id != id || !line->attachment_ref ||
            line->channel != "telegram") {
            return std::optional<std::string>{};
        }
        audit::record(db, who, "attachment_view", id, {{"message_id", message_id}}, unix_seconds());
        return line->attachment_ref;
    };
    auto file_id = co_await deps_.db.run(job);
    if (!file_id) {
        co_return server::json_error(http::status::not_found, "no such Telegram attachment");
    }
    if (deps_.http == nullptr || deps_.telegram_token.empty()) {
        co_return server::json_error(http::status::not_found, "Telegram is not configured");
    }
    auto file = co_await fetch_telegram_file(
        *deps_.http, deps_.telegram_api, deps_.telegram_token, std::move(*file_id)
    );
    if (!file) {
        co_return server::json_error(
            http::status::bad_gateway, "Telegram did not deliver the file"
        );
    }
    server::response res{http::status::ok, 11};
    res.set(http::field::content_type, file->content_type);
    res.set(http::field::cache_control, "private, no-store");
    res.set(http::field::content_disposition, file->inline_safe ? "inline" : "attachment");
    res.set("X-Content-Type-Options", "nosniff");
    // Whatever the bytes are, they never run as a page of this origin.
    res.set("Content-Security-Policy", "default-src 'none'; sandbox");
    res.body() = std::move(file->bytes);
    res.prepare_payload();
    co_return res;
}

net::awaitable<server::response> handoff_api::list_canned(context& ctx, const principal&) {
    auto language = server::query_param(ctx.req, "language");
    if (language && !is_language_code(*language)) {
        co_return server::json_error(http::status::bad_request, "language is a code such as ar");
    }
    auto job = [&language](storage::connection& db) {
        auto items = nlohmann::json::array();
        for (const auto& c : canned_replies(db, language)) {
            items.push_back(to_json(c));
        }
        return items;
    };
    auto items = co_await deps_.db.run(job);
    co_return server::json_response(http::status::ok, {{"items", std::move(items)}});
}

net::awaitable<server::response> handoff_api::create_canned(context& ctx, const principal& who) {
    auto language = text_field(ctx.req, "language", 3);
    auto title = text_field(ctx.req, "title", max_title_bytes);
    auto text = text_field(ctx.req, "text", max_text_bytes);
    if (!language || !is_language_code(*language) || !title || !text) {
        co_return server::json_error(
            http::status::bad_request,
            "expected {\"language\": \"ar\", \"title\": ..., \"text\": ...} (title up to 200 "
            "bytes, text up to 8000)"
        );
    }
    auto job = [who, &language, &title, &text](storage::connection& db) {
        const auto now = unix_seconds();
        auto created = add_canned_reply(db, *language, *title, *text, who.username, now);
        audit::record(
            db,
            who,
            "canned_reply_created",
            std::nullopt,
            {{"canned_reply_id", created.id}, {"language", created.language}},
            now
        );
        return created;
    };
    auto created = co_await deps_.db.run(job);
    co_return server::json_response(http::status::created, to_json(created));
}

net::awaitable<server::response> handoff_api::delete_canned(context& ctx, const principal& who) {
    auto id = server::positive_id_param(ctx);
    if (!id) {
        co_return server::json_error(http::status::not_found, "no such canned reply");
    }
    auto job = [id = *id, who](storage::connection& db) -> outcome {
        if (!delete_canned_reply(db, id)) {
            return error(http::status::not_found, "no such canned reply");
        }
        audit::record(
            db, who, "canned_reply_deleted", std::nullopt, {{"canned_reply_id", id}}, unix_seconds()
        );
        return {http::status::no_content, nullptr};
    };
    co_return to_response(co_await deps_.db.run(job));
}

}  // namespace zaedno::handoff
