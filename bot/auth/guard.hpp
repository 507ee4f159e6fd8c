// Who is calling: bearer tokens and session cookies checked against the sessions table, roles
// enforced per route, and the login, me and logout calls that issue and end sessions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bot/auth/accounts.hpp"
#include "bot/common/net.hpp"
#include "bot/server/http_types.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::auth {

struct principal {
    std::int64_t account_id = 0;
    std::string username;
    auth::role role = role::caseworker;
};

using guarded_handler =
    std::function<net::awaitable<server::response>(server::request_context&, const principal&)>;

struct guard_settings {
    std::chrono::seconds session_lifetime = std::chrono::hours(12);
    /// Failed logins are counted over this window, and a lockout lasts as long.
    std::chrono::seconds lockout_window = std::chrono::minutes(15);
    std::int64_t failures_per_account = 5;
    std::int64_t failures_per_address = 20;
    /// Adds `Secure` to the session cookie (the public URL is https).
    bool secure_cookie = false;
};

/// The session cookie's name; the console reads nothing else.
inline constexpr const char* session_cookie = "zaedno_session";

class guard {
public:
    explicit guard(storage::database& db, guard_settings settings = {});
    ~guard();
    guard(const guard&) = delete;
    guard& operator=(const guard&) = delete;

    /// 401 {"error"} without a valid, unexpired token (Authorization: Bearer, or the session
    /// cookie `zaedno_session`; a cookie request with a method other than GET/HEAD must carry
    /// header X-CSRF-Token equal to the session's csrf value); 403 {"error"} below `minimum`.
    server::handler require(role minimum, guarded_handler handler);

    /// The same check for WebSocket upgrades (console socket): the principal or nothing.
    /// Also accepts `?token=` in the target, since browsers cannot set headers on sockets.
    net::awaitable<std::optional<principal>> authenticate(const server::request& req);

    /// The whole gate of a staff WebSocket (console, preview) before its upgrade: our own
    /// pages only (403), signed in (401), at least `minimum` (403). On refusal the answer is
    /// already sent and the connection closed.
    net::awaitable<std::optional<principal>> admit_socket(
        beast::tcp_stream& stream,
        const server::request& req,
        role minimum,
        std::string_view socket_name
    );

    /// POST /api/v1/auth/login, GET /api/v1/auth/me, POST /api/v1/auth/logout,
    /// POST /api/v1/auth/password.
    void add_routes(server::router& routes);

    struct session_view {
        principal who;
        std::int64_t session_id = 0;
        std::string csrf;
        bool via_cookie = false;
        bool must_change_password = false;
    };

    /// The session a request carries (header or cookie; the query only when allowed).
    net::awaitable<std::optional<session_view>> lookup(std::string token, bool via_cookie);

private:
    net::awaitable<server::response> login(server::request_context& ctx);
    net::awaitable<server::response> me(server::request_context& ctx);
    net::awaitable<server::response> logout(server::request_context& ctx);
    net::awaitable<server::response> change_password(server::request_context& ctx);
    /// Runs the slow password functions off the network and storage threads.
    net::awaitable<bool> verify_off_thread(std::string hash, std::string password);
    net::awaitable<std::string> hash_off_thread(std::string password);

    storage::database& db_;
    guard_settings settings_;
    net::thread_pool hashing_;
};

/// True when `granted` may do what `minimum` may.
bool allows(role granted, role minimum);

/// Creates the `admin` account when there are no accounts. Uses `configured_password` when
/// set; otherwise generates one and returns it so the caller can show it once. Call from a
/// thread that is not an event loop (start-up).
std::optional<std::string> ensure_bootstrap_admin(
    storage::database& db, const std::string& configured_password
);

}  // namespace zaedno::auth
