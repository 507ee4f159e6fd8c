// Handlers for /api/v1/accounts. A generated one-time password appears in exactly one answer
// (the create or reset that made it) and nowhere else: not in logs, not in the audit log.
// The checks that keep an admin in charge run inside the storage job that makes the change,
// so two admins demoting each other at once cannot both succeed.
#include "bot/auth/account_routes.hpp"

#include <charconv>
#include <memory>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "bot/audit/audit_log.hpp"
#include "bot/auth/accounts.hpp"
#include "bot/auth/secrets.hpp"
#include "bot/common/clock.hpp"
#include "bot/server/request_params.hpp"
#include "bot/server/responses.hpp"

namespace zaedno::auth {

namespace {

using server::json_error;
using server::positive_id_param;
using server::request_context;
using server::response;

struct routes_state {
    explicit routes_state(storage::database& database) : db(database) {}

    storage::database& db;
    // One thread is plenty: admins create or reset a handful of accounts a day.
    net::thread_pool hashing{1};
};

using shared_state = std::shared_ptr<routes_state>;

constexpr const char* bad_username =
    "the username is 1-64 characters of a-z, 0-9, '.', '_', '-' and '@'";
constexpr const char* bad_role = "the role is \"caseworker\" or \"admin\"";

nlohmann::json account_json(const account_summary& a) {
    return {
        {"id", a.id},
        {"username", a.username},
        {"role", role_name(a.role)},
        {"active", a.active},
        {"must_change_password", a.must_change_password},
        {"created_at", audit::iso_utc(a.created_at)},
        {"last_login_at",
         a.last_login_at ? nlohmann::json(audit::iso_utc(*a.last_login_at))
                         : nlohmann::json(nullptr)}};
}

/// The answer that carries a one-time password: never cached by a browser or proxy.
response with_password(http::status status, const account_summary& a, const std::string& password) {
    auto res = server::json_response(
        status, {{"account", account_json(a)}, {"one_time_password", password}}
    );
    res.set(http::field::cache_control, "no-store");
    return res;
}

std::optional<nlohmann::json> json_object_body(const request_context& ctx) {
    auto body = nlohmann::json::parse(ctx.req.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return std::nullopt;
    }
    return body;
}

net::awaitable<std::string> hash_now(std::string password) {
    auto hash = hash_password(password);
    sodium_memzero(password.data(), password.size());
    co_return hash;
}

net::awaitable<std::string> hash_off_thread(shared_state s, std::string password) {
    auto task = hash_now(std::move(password));
    co_return co_await net::co_spawn(
        s->hashing.get_executor(), std::move(task), net::use_awaitable
    );
}

net::awaitable<response> list(shared_state s, request_context&, const principal&) {
    auto job = [](storage::connection& db) {
        return list_accounts(db);
    };
    auto accounts = co_await s->db.run(job);
    auto items = nlohmann::json::array();
    for (const auto& a : accounts) {
        items.push_back(account_json(a));
    }
    co_return server::json_response(http::status::ok, {{"items", std::move(items)}});
}

net::awaitable<response> create(shared_state s, request_context& ctx, const principal& who) {
    auto body = json_object_body(ctx);
    if (!body || !body->contains("username") || !(*body)["username"].is_string()) {
        co_return json_error(
            http::status::bad_request, "expected {\"username\": ..., \"role\": ...}"
        );
    }
    auto name = normalize_username((*body)["username"].get<std::string>());
    if (!name) {
        co_return json_error(http::status::bad_request, bad_username);
    }
    auto r = std::optional<role>(role::caseworker);
    if (auto it = body->find("role"); it != body->end()) {
        r = it->is_string() ? parse_role(it->get<std::string>()) : std::nullopt;
        if (!r) {
            co_return json_error(http::status::bad_request, bad_role);
        }
    }
    auto password = generate_password();
    auto hash = co_await hash_off_thread(s, password);
    auto store = [&name, &hash, chosen = *r, &who, now = unix_seconds()](storage::connection& db) {
        std::optional<account_summary> made;
        if (!create_account(db, *name, hash, chosen, true, now)) {
            return made;
        }
        made = find_account_by_id(db, account_id_of(db, *name));
        audit::record(
            db,
            who,
            "account.created",
            std::nullopt,
            {{"account", made->id}, {"username", made->username}, {"role", role_name(chosen)}},
            now
        );
        return made;
    };
    auto made = co_await s->db.run(store);
    if (!made) {
        co_return json_error(
            http::status::conflict, "an account named \"" + *name + "\" already exists"
        );
    }
    co_return with_password(http::status::created, *made, password);
}

enum class change_outcome { changed, unchanged, not_found, self, last_admin };

struct change_result {
    change_outcome outcome = change_outcome::not_found;
    std::optional<account_summary> account;
};

net::awaitable<response> change(shared_state s, request_context& ctx, const principal& who) {
    auto id = positive_id_param(ctx);
    if (!id) {
        co_return json_error(http::status::bad_request, "the account id is a positive number");
    }
    auto body = json_object_body(ctx);
    if (!body) {
        co_return json_error(
            http::status::bad_request, "expected {\"role\": ..., \"active\": ...} (either or both)"
        );
    }
    std::optional<role> new_role;
    std::optional<bool> new_active;
    for (const auto& [key, value] : body->items()) {
        if (key == "role") {
            new_role = value.is_string() ? parse_role(value.get<std::string>()) : std::nullopt;
            if (!new_role) {
                co_return json_error(http::status::bad_request, bad_role);
            }
        } else if (key == "active") {
            if (!value.is_boolean()) {
                co_return json_error(http::status::bad_request, "active is true or false");
            }
            new_active = value.get<bool>();
        } else {
            co_return json_error(
                http::status::bad_request,
                "unknown field \"" + key + "\": only role and active can be changed"
            );
        }
    }
    if (!new_role && !new_active) {
        co_return json_error(http::status::bad_request, "nothing to change: give role or active");
    }
    auto job = [id = *id, new_role, new_active, &who, now = unix_seconds()](storage::connection& db
               ) {
        change_result out;
        out.account = find_account_by_id(db, id);
        if (!out.account) {
            return out;
        }
        auto& a = *out.account;
        auto r = new_role.value_or(a.role);
        auto active = new_active.value_or(a.active);
        bool loses_admin = a.role == role::admin && a.active && (r != role::admin || !active);
        if (loses_admin && id == who.account_id) {
            out.outcome = change_outcome::self;
            return out;
        }
        if (loses_admin && count_active_admins(db, id) == 0) {
            out.outcome = change_outcome::last_admin;
            return out;
        }
        if (r == a.role && active == a.active) {
            out.outcome = change_outcome::unchanged;
            return out;
        }
        update_account(db, id, r, active);
        audit::record(
            db,
            who,
            "account.changed",
            std::nullopt,
            {{"account", id},
             {"username", a.username},
             {"role", role_name(r)},
             {"active", active},
             {"was", {{"role", role_name(a.role)}, {"active", a.active}}}},
            now
        );
        a.role = r;
        a.active = active;
        out.outcome = change_outcome::changed;
        return out;
    };
    auto result = co_await s->db.run(job);
    switch (result.outcome) {
        case change_outcome::not_found:
            co_return json_error(http::status::not_found, "no such account");
        case change_outcome::self:
            co_return json_error(
                http::status::conflict,
                "you cannot demote or deactivate your own account; another admin can"
            );
        case change_outcome::last_admin:
            co_return json_error(
                http::status::conflict,
                "this is the last active admin: make another account admin first"
            );
        case change_outcome::changed:
        case change_outcome::unchanged:
            break;
    }
    co_return server::json_response(http::status::ok, account_json(*result.account));
}

net::awaitable<response> reset(shared_state s, request_context& ctx, const principal& who) {
    auto id = positive_id_param(ctx);
    if (!id) {
        co_return json_error(http::status::bad_request, "the account id is a positive number");
    }
    if (*id == who.account_id) {
        co_return json_error(
            http::status::conflict,
            "change your own password with POST /api/v1/auth/password (it asks for the current one)"
        );
    }
    auto exists = [id = *id](storage::connection& db) {
        return find_account_by_id(db, id).has_value();
    };
    if (!co_await s->db.run(exists)) {
        co_return json_error(http::status::not_found, "no such account");
    }
    auto password = generate_password();
    auto hash = co_await hash_off_thread(s, password);
    auto store = [id = *id, &hash, &who, now = unix_seconds()](storage::connection& db) {
        auto a = find_account_by_id(db, id);
        if (a) {
            reset_password(db, id, hash);
            a->must_change_password = true;
            audit::record(
                db,
                who,
                "account.password_reset",
                std::nullopt,
                {{"account", id}, {"username", a->username}},
                now
            );
        }
        return a;
    };
    auto account = co_await s->db.run(store);
    if (!account) {
        co_return json_error(http::status::not_found, "no such account");
    }
    co_return with_password(http::status::ok, *account, password);
}

}  // namespace

void add_account_routes(server::router& routes, guard& g, storage::database& db) {
    auto state = std::make_shared<routes_state>(db);
    auto admin = [&](http::verb verb, std::string pattern, auto fn) {
        guarded_handler h = [state, fn](request_context& ctx, const principal& who) {
            return fn(state, ctx, who);
        };
        routes.add(verb, std::move(pattern), g.require(role::admin, std::move(h)));
    };
    admin(http::verb::get, "/api/v1/accounts", list);
    admin(http::verb::post, "/api/v1/accounts", create);
    admin(http::verb::patch, "/api/v1/accounts/{id}", change);
    admin(http::verb::post, "/api/v1/accounts/{id}/reset-password", reset);
}

}  // namespace zaedno::auth
