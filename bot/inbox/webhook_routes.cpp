// The webhook contract (PRODUCT.md, fixed): 401 for a wrong secret or signature, 400 for
// malformed JSON, 200 for kinds we ignore, and 200 for an update only once it is committed —
// the same 200 for a duplicate, which has no second effect.
#include "bot/inbox/webhook_routes.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "bot/common/clock.hpp"
#include "bot/inbox/inbox_repository.hpp"
#include "bot/inbox/viber_adapter.hpp"
#include "bot/server/responses.hpp"

namespace zaedno::inbox {

namespace {

server::response ok() {
    return server::json_response(http::status::ok, {{"ok", true}});
}

/// One channel's webhook counters, looked up once: the webhook path counts every update.
struct webhook_counters {
    metrics::counter& refused;
    metrics::counter& ignored;
    metrics::counter& received;
    metrics::counter& duplicates;

    webhook_counters(metrics::registry& m, std::string_view channel_name)
        : webhook_counters(m, metrics::labels{{"channel", std::string(channel_name)}}) {}

private:
    webhook_counters(metrics::registry& m, const metrics::labels& channel)
        : refused(m.get_counter(
              "zaedno_webhooks_refused_total", "Webhooks refused as unauthenticated", channel
          )),
          ignored(m.get_counter(
              "zaedno_updates_ignored_total", "Updates of kinds zaedno ignores", channel
          )),
          received(m.get_counter("zaedno_updates_received_total", "Updates received", channel)),
          duplicates(
              m.get_counter("zaedno_updates_duplicate_total", "Updates delivered again", channel)
          ) {}
};

net::awaitable<server::response> handle_webhook(
    const channel_adapter& adapter,
    const viber_adapter* viber,
    server::request_context& ctx,
    webhook_dependencies& deps,
    webhook_counters& counters
) {
    if (!adapter.authenticate(ctx.req)) {
        counters.refused.inc();
        co_return server::json_error(http::status::unauthorized, "bad secret or signature");
    }
    auto update = adapter.read_webhook(ctx.req.body());
    if (!update) {
        co_return server::json_error(
            http::status::bad_request, "malformed update: " + update.error().describe()
        );
    }
    const channels::envelope& envelope = update->envelope;
    if (envelope.ignorable()) {
        counters.ignored.inc();
        co_return ok();
    }
    counters.received.inc();
    // Viber lets a bot greet someone who opened the chat only in this answer: no
    // send_message is allowed before they subscribe.
    bool opens_viber_chat = viber != nullptr &&
                            &adapter == static_cast<const channel_adapter*>(viber) &&
                            envelope.kind == "conversation_started";
    std::string language_hint;  // for the Viber welcome, before the events move on
    if (opens_viber_chat && update->events && !update->events->empty()) {
        language_hint = update->events->front().language_hint;
    }
    auto result = co_await deps.processor.take(
        adapter, envelope, std::move(update->events), ctx.req.body(), opens_viber_chat
    );
    if (result.outcome == store_outcome::duplicate) {
        counters.duplicates.inc();
        co_return ok();
    }
    if (opens_viber_chat && !result.person_known) {
        auto runtime = deps.runtime();
        auto welcome = first_contact_message(*runtime, language_hint, "viber", unix_ms() / 1000);
        co_return server::text_response(
            http::status::ok, viber->welcome_body(welcome), "application/json"
        );
    }
    co_return ok();
}

}  // namespace

void add_webhook_routes(
    server::router& routes,
    const adapter_map& adapters,
    const viber_adapter* viber,
    webhook_dependencies deps
) {
    auto shared = std::make_shared<webhook_dependencies>(std::move(deps));
    for (const auto& [name, adapter] : adapters) {
        if (name != "telegram" && name != "viber") {
            continue;
        }
        const auto* a = adapter;
        auto counters = std::make_shared<webhook_counters>(shared->metrics, name);
        routes.add(
            http::verb::post,
            "/webhooks/" + name,
            [a, viber, shared, counters](server::request_context& ctx) {
                return handle_webhook(*a, viber, ctx, *shared, *counters);
            }
        );
    }
}

}  // namespace zaedno::inbox
