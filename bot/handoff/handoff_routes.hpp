// The caseworker REST API under /api/v1: the queue, one conversation, claim, reply, release,
// close, notes, assign, read marks and canned replies. Every call checks the role and every
// change is audited in the storage job that makes it.
#pragma once

#include <functional>
#include <memory>

#include <nlohmann/json.hpp>

#include "bot/auth/guard.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/handoff/handoff_action.hpp"
#include "bot/inbox/update_processing.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::handoff {

struct api_dependencies {
    storage::database& db;
    auth::guard& guard;
    std::function<std::shared_ptr<const conversation::dialog_runtime>()> runtime;
    const inbox::adapter_map& adapters;
    office_hours_config hours;
    /// Platform calls were queued (wakes the delivery worker and the web chat).
    std::function<void()> replies_queued;
    /// A conversation, transcript or note changed (wakes the console socket).
    std::function<void()> changed;
    /// The person's appointments for the conversation view, read in the same job; an empty
    /// array when unset.
    std::function<nlohmann::json(storage::connection&, std::int64_t conversation_id)> appointments;
};

class handoff_api {
public:
    explicit handoff_api(api_dependencies deps);

    /// Registers every route; this object must outlive the router.
    void add_routes(server::router& routes);

private:
    using context = server::request_context;
    using principal = auth::principal;

    net::awaitable<server::response> list(context& ctx, const principal& who);
    net::awaitable<server::response> get(context& ctx, const principal& who);
    net::awaitable<server::response> claim(context& ctx, const principal& who);
    net::awaitable<server::response> send(context& ctx, const principal& who);
    net::awaitable<server::response> release(context& ctx, const principal& who);
    net::awaitable<server::response> close(context& ctx, const principal& who);
    net::awaitable<server::response> add_note(context& ctx, const principal& who);
    net::awaitable<server::response> assign(context& ctx, const principal& who);
    net::awaitable<server::response> read(context& ctx, const principal& who);
    net::awaitable<server::response> list_canned(context& ctx, const principal& who);
    net::awaitable<server::response> create_canned(context& ctx, const principal& who);
    net::awaitable<server::response> delete_canned(context& ctx, const principal& who);
    /// Release and close share their rules: who may end a handoff, and what the person hears.
    net::awaitable<server::response> end(context& ctx, const principal& who, bool closing);

    api_dependencies deps_;
};

}  // namespace zaedno::handoff
