// Session checks and the auth routes. Password hashing runs on a small pool of its own: it
// costs tens of milliseconds and must hold up neither the network nor the storage thread.
#include "bot/auth/guard.hpp"

#include <boost/url/parse.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "bot/audit/audit_log.hpp"
#include "bot/auth/secrets.hpp"
#include "bot/common/clock.hpp"
#include "bot/server/responses.hpp"
#include "bot/server/socket_upgrade.hpp"

namespace zaedno::auth {

namespace {

constexpr std::size_t token_bytes = 32;
constexpr std::size_t csrf_bytes = 16;

bool is_token_shaped(std::string_view token) {
    return token.size() == token_bytes * 2 &&
           token.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        auto a = static_cast<unsigned char>(text[i]);
        auto b = static_cast<unsigned char>(prefix[i]);
        if (std::tolower(a) != std::tolower(b)) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::optional<std::string> bearer_token(const server::request& req) {
    auto header = req[http::field::authorization];
    if (!iequals_prefix(header, "bearer ")) {
        return std::nullopt;
    }
    return std::string(trim(header.substr(7)));
}

std::optional<std::string> cookie_token(const server::request& req) {
    auto [first, last] = req.equal_range(http::field::cookie);
    for (auto it = first; it != last; ++it) {
        std::string_view rest = it->value();
        while (!rest.empty()) {
            auto semicolon = rest.find(';');
            auto pair = trim(rest.substr(0, semicolon));
            rest = semicolon == std::string_view::npos ? std::string_view{}
                                                       : rest.substr(semicolon + 1);
            auto eq = pair.find('=');
            if (eq != std::string_view::npos && pair.substr(0, eq) == session_cookie) {
                return std::string(pair.substr(eq + 1));
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> query_token(const server::request& req) {
    auto target = boost::urls::parse_origin_form(req.target());
    if (!target) {
        return std::nullopt;
    }
    auto params = target->params();
    auto it = params.find("token");
    if (it == params.end()) {
        return std::nullopt;
    }
    return std::string((*it).value);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool changes_state(http::verb method) {
    return method != http::verb::get && method != http::verb::head;
}

server::response unauthorized(std::string_view why) {
    auto res = server::json_error(http::status::unauthorized, why);
    res.set(http::field::www_authenticate, "Bearer");
    return res;
}

std::optional<nlohmann::json> json_object_body(const server::request& req) {
    auto body = nlohmann::json::parse(req.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return std::nullopt;
    }
    return body;
}

std::optional<std::string> string_field(const nlohmann::json& body, const char* name) {
    auto it = body.find(name);
    if (it == body.end() || !it->is_string()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

net::awaitable<bool> verify_now(std::string hash, std::string password) {
    bool ok = verify_password(hash, password);
    sodium_memzero(password.data(), password.size());
    co_return ok;
}

net::awaitable<std::string> hash_now(std::string password) {
    auto hash = hash_password(password);
    sodium_memzero(password.data(), password.size());
    co_return hash;
}

/// The outcome of checking a request: a session, or the refusal to send.
struct check_result {
    std::optional<guard::session_view> session;
    server::response refusal;
};

net::awaitable<check_result> check_request(
    guard& g, const server::request& req, std::optional<role> minimum
) {
    check_result out;
    std::optional<std::string> token = bearer_token(req);
    bool via_cookie = false;
    if (!token) {
        token = cookie_token(req);
        via_cookie = token.has_value();
    }
    if (!token) {
        out.refusal = unauthorized("authentication required");
        co_return out;
    }
    bool csrf_needed = via_cookie && changes_state(req.method());
    std::string csrf_sent(req["X-CSRF-Token"]);
    auto session = co_await g.lookup(std::move(*token), via_cookie);
    if (!session) {
        out.refusal = unauthorized("session missing, expired or ended");
        co_return out;
    }
    if (csrf_needed && !constant_time_equal(csrf_sent, session->csrf)) {
        out.refusal = unauthorized("X-CSRF-Token missing or wrong for this session");
        co_return out;
    }
    if (minimum && !allows(session->who.role, *minimum)) {
        out.refusal = server::json_error(http::status::forbidden, "this needs the admin role");
        co_return out;
    }
    out.session = std::move(session);
    co_return out;
}

net::awaitable<server::response> run_guarded(
    guard& g,
    role minimum,
    std::shared_ptr<const guarded_handler> handler,
    server::request_context& ctx
) {
    auto checked = co_await check_request(g, ctx.req, minimum);
    if (!checked.session) {
        co_return std::move(checked.refusal);
    }
    co_return co_await (*handler)(ctx, checked.session->who);
}

std::string session_cookie_value(const std::string& token, std::int64_t max_age, bool secure) {
    return std::string(session_cookie) + "=" + token +
           "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age) +
           (secure ? "; Secure" : "");
}

}  // namespace

bool allows(role granted, role minimum) {
    return granted == role::admin || minimum == role::caseworker;
}

guard::guard(storage::database& db, guard_settings settings)
    : db_(db), settings_(settings), hashing_(2) {}

guard::~guard() {
    hashing_.join();
}

server::handler guard::require(role minimum, guarded_handler handler) {
    auto shared = std::make_shared<const guarded_handler>(std::move(handler));
    return [this, minimum, shared](server::request_context& ctx) {
        return run_guarded(*this, minimum, shared, ctx);
    };
}

net::awaitable<std::optional<principal>> guard::authenticate(const server::request& req) {
    std::optional<std::string> token = bearer_token(req);
    if (!token) {
        token = cookie_token(req);
    }
    if (!token) {
        token = query_token(req);
    }
    if (!token) {
        co_return std::nullopt;
    }
    auto session = co_await lookup(std::move(*token), false);
    if (!session) {
        co_return std::nullopt;
    }
    co_return session->who;
}

net::awaitable<std::optional<principal>> guard::admit_socket(
    beast::tcp_stream& stream,
    const server::request& req,
    role minimum,
    std::string_view socket_name
) {
    if (!server::same_origin(req)) {
        const std::string why = "the " + std::string(socket_name) + " socket is same-origin only";
        co_await server::refuse_upgrade(stream, http::status::forbidden, why);
        co_return std::nullopt;
    }
    auto who = co_await authenticate(req);
    if (!who) {
        co_await server::refuse_upgrade(
            stream, http::status::unauthorized, "authentication required"
        );
        co_return std::nullopt;
    }
    if (!allows(who->role, minimum)) {
        const std::string why = "the " + std::string(socket_name) + " is for the role " +
                                std::string(role_name(minimum)) + " and above";
        co_await server::refuse_upgrade(stream, http::status::forbidden, why);
        co_return std::nullopt;
    }
    co_return who;
}

net::awaitable<std::optional<guard::session_view>> guard::lookup(
    std::string token, bool via_cookie
) {
    if (!is_token_shaped(token)) {
        co_return std::nullopt;
    }
    auto job = [hash = sha256_hex(token), now = unix_seconds()](storage::connection& db) {
        return find_session(db, hash, now);
    };
    auto found = co_await db_.run(job);
    if (!found) {
        co_return std::nullopt;
    }
    session_view view;
    view.who = {found->account.id, found->account.username, found->account.role};
    view.session_id = found->id;
    view.csrf = found->csrf;
    view.via_cookie = via_cookie;
    view.must_change_password = found->account.must_change_password;
    co_return view;
}

void guard::add_routes(server::router& routes) {
    routes.add(http::verb::post, "/api/v1/auth/login", [this](server::request_context& ctx) {
        return login(ctx);
    });
    routes.add(http::verb::get, "/api/v1/auth/me", [this](server::request_context& ctx) {
        return me(ctx);
    });
    routes.add(http::verb::post, "/api/v1/auth/logout", [this](server::request_context& ctx) {
        return logout(ctx);
    });
    routes.add(http::verb::post, "/api/v1/auth/password", [this](server::request_context& ctx) {
        return change_password(ctx);
    });
}

net::awaitable<bool> guard::verify_off_thread(std::string hash, std::string password) {
    auto task = verify_now(std::move(hash), std::move(password));
    co_return co_await net::co_spawn(hashing_.get_executor(), std::move(task), net::use_awaitable);
}

net::awaitable<std::string> guard::hash_off_thread(std::string password) {
    auto task = hash_now(std::move(password));
    co_return co_await net::co_spawn(hashing_.get_executor(), std::move(task), net::use_awaitable);
}

net::awaitable<server::response> guard::login(server::request_context& ctx) {
    auto body = json_object_body(ctx.req);
    auto username = body ? string_field(*body, "username") : std::nullopt;
    auto password = body ? string_field(*body, "password") : std::nullopt;
    if (!username || !password) {
        co_return server::json_error(
            http::status::bad_request, "expected {\"username\": ..., \"password\": ...}"
        );
    }
    // An invalid name still counts against its address, under a name no account can have.
    auto name = normalize_username(*username).value_or("(invalid)");
    auto address = ctx.remote.to_string();
    const auto now = unix_seconds();
    const auto window = settings_.lockout_window.count();

    struct precheck {
        failure_counts failures;
        std::optional<stored_account> account;
    };

    auto read = [&name, &address, now, window](storage::connection& db) {
        prune(db, now, now - window);
        return precheck{count_failures(db, name, address, now - window), find_account(db, name)};
    };
    auto seen = co_await db_.run(read);
    if (seen.failures.for_username >= settings_.failures_per_account ||
        seen.failures.for_address >= settings_.failures_per_address) {
        auto res = server::json_error(
            http::status::too_many_requests, "too many failed logins; try again later"
        );
        res.set(http::field::retry_after, std::to_string(window));
        co_return res;
    }
    bool usable = seen.account && seen.account->active;
    auto hash = usable ? seen.account->password_hash : decoy_password_hash();
    bool verified = co_await verify_off_thread(std::move(hash), std::move(*password));
    if (!usable || !verified) {
        auto fail = [&name, &address, now](storage::connection& db) {
            record_failure(db, name, address, now);
        };
        co_await db_.run(fail);
        co_return unauthorized("wrong username or password");
    }
    auto token = random_hex(token_bytes);
    auto csrf = random_hex(csrf_bytes);
    const auto lifetime = settings_.session_lifetime.count();
    principal who{seen.account->id, seen.account->username, seen.account->role};
    auto open = [&who, &token, &csrf, now, lifetime](storage::connection& db) {
        insert_session(db, who.account_id, sha256_hex(token), csrf, now, now + lifetime);
        clear_failures(db, who.username);
        audit::record(db, who, "login", std::nullopt, nlohmann::json::object(), now);
    };
    co_await db_.run(open);
    auto res = server::json_response(
        http::status::ok,
        {{"token", token},
         {"role", role_name(who.role)},
         {"csrf", csrf},
         {"username", who.username},
         {"must_change_password", seen.account->must_change_password}}
    );
    res.set(
        http::field::set_cookie, session_cookie_value(token, lifetime, settings_.secure_cookie)
    );
    co_return res;
}

net::awaitable<server::response> guard::me(server::request_context& ctx) {
    auto checked = co_await check_request(*this, ctx.req, std::nullopt);
    if (!checked.session) {
        co_return std::move(checked.refusal);
    }
    const auto& s = *checked.session;
    co_return server::json_response(
        http::status::ok,
        {{"username", s.who.username},
         {"role", role_name(s.who.role)},
         {"csrf", s.csrf},
         {"must_change_password", s.must_change_password}}
    );
}

net::awaitable<server::response> guard::logout(server::request_context& ctx) {
    auto checked = co_await check_request(*this, ctx.req, std::nullopt);
    if (!checked.session) {
        co_return std::move(checked.refusal);
    }
    auto end = [session = *checked.session, now = unix_seconds()](storage::connection& db) {
        delete_session(db, session.session_id);
        audit::record(db, session.who, "logout", std::nullopt, nlohmann::json::object(), now);
    };
    co_await db_.run(end);
    server::response res{http::status::no_content, 11};
    res.set(http::field::set_cookie, session_cookie_value("", 0, settings_.secure_cookie));
    res.set(http::field::cache_control, "no-store");
    res.prepare_payload();
    co_return res;
}

net::awaitable<server::response> guard::change_password(server::request_context& ctx) {
    auto checked = co_await check_request(*this, ctx.req, std::nullopt);
    if (!checked.session) {
        co_return std::move(checked.refusal);
    }
    auto body = json_object_body(ctx.req);
    auto current = body ? string_field(*body, "current") : std::nullopt;
    auto replacement = body ? string_field(*body, "new") : std::nullopt;
    if (!current || !replacement) {
        co_return server::json_error(
            http::status::bad_request, "expected {\"current\": ..., \"new\": ...}"
        );
    }
    if (replacement->size() < minimum_password_length) {
        co_return server::json_error(
            http::status::bad_request,
            "the new password needs at least " + std::to_string(minimum_password_length) +
                " characters"
        );
    }
    auto who = checked.session->who;
    auto read = [&who](storage::connection& db) {
        return find_account(db, who.username);
    };
    auto account = co_await db_.run(read);
    if (!account) {
        co_return unauthorized("account no longer exists");
    }
    bool verified = co_await verify_off_thread(account->password_hash, std::move(*current));
    if (!verified) {
        co_return server::json_error(http::status::forbidden, "the current password is wrong");
    }
    auto hash = co_await hash_off_thread(std::move(*replacement));
    auto store = [&who, &hash, session_id = checked.session->session_id, now = unix_seconds()](
                     storage::connection& db
                 ) {
        set_password(db, who.account_id, hash, session_id);
        audit::record(db, who, "password_changed", std::nullopt, nlohmann::json::object(), now);
    };
    co_await db_.run(store);
    server::response res{http::status::no_content, 11};
    res.set(http::field::cache_control, "no-store");
    res.prepare_payload();
    co_return res;
}

std::optional<std::string> ensure_bootstrap_admin(
    storage::database& db, const std::string& configured_password
) {
    auto none = [](storage::connection& c) {
        return count_accounts(c) == 0;
    };
    if (!db.run_sync(none)) {
        return std::nullopt;
    }
    bool generated = configured_password.empty();
    auto password = generated ? generate_password() : configured_password;
    auto hash = hash_password(password);
    auto create = [&hash, generated](storage::connection& c) {
        return count_accounts(c) == 0 &&
               create_account(c, "admin", hash, role::admin, generated, unix_seconds());
    };
    if (!db.run_sync(create) || !generated) {
        return std::nullopt;
    }
    return password;
}

}  // namespace zaedno::auth
