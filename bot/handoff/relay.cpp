// Rendering for the caseworker side reuses the channel adapters and the pure engine, so a
// relayed reply or the menu after a release looks exactly like the assistant's own messages.
#include "bot/handoff/relay.hpp"

#include <stdexcept>
#include <variant>

#include "bot/conversation/localize.hpp"
#include "bot/delivery/outbox_repository.hpp"
#include "bot/engine/step.hpp"
#include "bot/reports/recorder.hpp"

namespace zaedno::handoff {

namespace {

const inbox::channel_adapter& adapter_for(const relay_context& ctx, const std::string& channel) {
    auto it = ctx.adapters.find(channel);
    if (it == ctx.adapters.end()) {
        throw std::runtime_error("no adapter for channel " + channel);
    }
    return *it->second;
}

const std::string& language_of(
    const relay_context& ctx, const conversation::conversation_record& rec
) {
    return rec.state.language.empty() ? ctx.runtime.catalog().default_language()
                                      : rec.state.language;
}

std::int64_t queue(
    storage::connection& db,
    const relay_context& ctx,
    const conversation::conversation_record& rec,
    const channels::outgoing_message& msg,
    std::string_view author,
    std::optional<std::int64_t> account_id = std::nullopt
) {
    const auto& adapter = adapter_for(ctx, rec.channel);
    for (const auto& call : adapter.render(rec.chat_key, msg)) {
        delivery::enqueue(db, adapter.name(), call, msg.urgent, ctx.now_ms, std::nullopt);
    }
    conversation::add_message(
        db, rec.conversation_id, "out", author, msg.text, ctx.now_ms / 1000, account_id
    );
    return db.last_insert_rowid();
}

}  // namespace

std::optional<conversation::conversation_record> load_conversation(
    storage::connection& db, std::int64_t conversation_id
) {
    auto& st = db.prepared(
        "SELECT p.channel, p.channel_user FROM conversations c JOIN people p ON p.id = "
        "c.person_id WHERE c.id = ?"
    );
    st.bind(1, conversation_id);
    if (!st.step()) {
        st.reset();
        return std::nullopt;
    }
    auto channel = st.text(0);
    auto chat_key = st.text(1);
    st.reset();
    return conversation::load_or_create(db, channel, chat_key, 0);
}

std::int64_t send_text(
    storage::connection& db,
    const relay_context& ctx,
    const conversation::conversation_record& rec,
    const std::string& text,
    std::int64_t caseworker_account_id
) {
    channels::outgoing_message msg;
    msg.text = text;
    return queue(db, ctx, rec, msg, "caseworker", caseworker_account_id);
}

void send_localized(
    storage::connection& db,
    const relay_context& ctx,
    const conversation::conversation_record& rec,
    std::string_view key
) {
    channels::outgoing_message msg;
    msg.text = ctx.runtime.catalog().format(language_of(ctx, rec), key).text;
    queue(db, ctx, rec, msg, "bot");
}

void return_to_menu(
    storage::connection& db, const relay_context& ctx, conversation::conversation_record& rec
) {
    send_localized(db, ctx, rec, "handoff.released");
    const auto now = ctx.now_ms / 1000;
    engine::step_input in{
        rec.state, engine::text_event{"/menu"}, now, ctx.runtime.local_time_at(now), rec.channel};
    auto out = engine::step(
        ctx.runtime.script(), ctx.runtime.catalog(), ctx.runtime.words(), std::move(in)
    );
    rec.state = std::move(out.state);
    for (const auto& effect : out.effects) {
        if (const auto* r = std::get_if<engine::reply>(&effect)) {
            queue(
                db,
                ctx,
                rec,
                conversation::localize(ctx.runtime.catalog(), language_of(ctx, rec), *r),
                "bot"
            );
        }
        reports::flow_effect(db, {rec.channel, rec.state.language}, effect, now);
    }
    conversation::save_state(db, rec, now);
}

}  // namespace zaedno::handoff
