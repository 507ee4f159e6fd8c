// Named actions answered from shipped content alone: housing search over the translated
// topics, and the contact directory. Shared by the server and `zaedno chat`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/engine/effects.hpp"
#include "bot/engine/events.hpp"
#include "bot/i18n/catalog.hpp"

namespace zaedno::actions {

class content_actions {
public:
    /// Reads dialogs/data/contacts.json (missing → contacts answer "unavailable") and the
    /// housing topic ids from the catalog's housing.topic.<id>.title keys.
    content_actions(const i18n::catalog& catalog, const std::filesystem::path& dialogs);

    /// The result for housing_search or contacts; nullopt for any other action name.
    std::optional<engine::action_result_event> perform(
        const engine::call_action& call, const std::string& language
    ) const;

    engine::action_result_event housing_search(
        const std::string& query, const std::string& language
    ) const;
    engine::action_result_event contacts(const std::string& topic) const;

private:
    std::string searchable(const std::string& language, const std::string& id) const;

    const i18n::catalog& catalog_;
    nlohmann::json contacts_;
    std::vector<std::string> topics_;
};

}  // namespace zaedno::actions
