// One outbound call through the same adapters and HTTP client the server uses.
#include "bot/app/set_webhook_command.hpp"

#include <algorithm>
#include <ostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "bot/inbox/telegram_adapter.hpp"
#include "bot/inbox/viber_adapter.hpp"
#include "integrations/http_client/http_client.hpp"
#include "integrations/telegram/render.hpp"
#include "integrations/viber/render.hpp"

namespace zaedno::app {

namespace {

constexpr int max_attempts = 5;
constexpr long longest_wait_seconds = 30;

http_client::outbound_response send_once(const http_client::outbound_request& req) {
    net::io_context ioc;
    http_client::client client;
    http_client::outbound_response out;
    auto store = [&out](std::exception_ptr e, http_client::outbound_response r) {
        if (e) {
            std::rethrow_exception(e);
        }
        out = std::move(r);
    };
    net::co_spawn(ioc, client.send(req), store);
    ioc.run();
    return out;
}

}  // namespace

int run_set_webhook(
    const config& cfg,
    const std::string& channel,
    const std::string& url,
    std::ostream& out,
    std::ostream& err
) {
    std::unique_ptr<inbox::channel_adapter> adapter;
    channels::result<channels::api_call> call = channels::problem{"", "unknown channel"};
    if (channel == "telegram") {
        if (cfg.telegram.token.empty()) {
            err << "zaedno: ZAEDNO_TELEGRAM_TOKEN is not set\n";
            return 2;
        }
        if (cfg.telegram.secret.empty()) {
            err << "zaedno: ZAEDNO_TELEGRAM_SECRET is not set: the webhook would refuse every "
                   "update\n";
            return 2;
        }
        adapter = std::make_unique<inbox::telegram_adapter>(cfg.telegram);
        call = telegram::set_webhook_call(url, cfg.telegram.secret);
    } else {
        if (cfg.viber.token.empty()) {
            err << "zaedno: ZAEDNO_VIBER_TOKEN is not set\n";
            return 2;
        }
        adapter = std::make_unique<inbox::viber_adapter>(cfg.viber);
        call = viber::set_webhook_call(url);
    }
    if (!call) {
        err << "zaedno: " << url << ": " << call.error().describe() << "\n";
        return 2;
    }
    auto request = adapter->to_request(*call);
    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
        auto response = send_once(request);
        auto outcome =
            response.transport_failed()
                ? channels::send_outcome{channels::outcome::transient{response.ec.message()}}
                : adapter->classify(static_cast<int>(response.status), response.body);
        if (std::holds_alternative<channels::outcome::sent>(outcome)) {
            out << response.body << "\n";
            return 0;
        }
        bool retry = attempt < max_attempts &&
                     (std::holds_alternative<channels::outcome::retry_after>(outcome) ||
                      std::holds_alternative<channels::outcome::transient>(outcome));
        if (!retry) {
            if (!response.transport_failed()) {
                out << response.body << "\n";
            }
            err << "zaedno: " << channel << " refused the webhook: "
                << (response.transport_failed() ? response.ec.message()
                                                : std::string(channels::outcome_name(outcome)))
                << "\n";
            return 1;
        }
        long wait = 1L << (attempt - 1);
        if (const auto* told = std::get_if<channels::outcome::retry_after>(&outcome)) {
            wait = static_cast<long>(told->seconds);
        }
        wait = std::clamp(wait, 1L, longest_wait_seconds);
        err << "zaedno: " << channel << " asked to wait; retrying in " << wait << " s\n";
        std::this_thread::sleep_for(std::chrono::seconds(wait));
    }
    return 1;
}

}  // namespace zaedno::app
