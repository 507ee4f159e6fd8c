// SQL of translation_reviews.
#include "bot/content/translation_reviews.hpp"

namespace zaedno::content {

review_map translation_reviews(storage::connection& db) {
    auto& st =
        db.prepared("SELECT language, key, source_text, translation FROM translation_reviews");
    review_map out;
    while (st.step()) {
        out[{st.text(0), st.text(1)}] = {st.text(2), st.text(3)};
    }
    st.reset();
    return out;
}

void save_translation_review(
    storage::connection& db,
    const std::string& language,
    const std::string& key,
    const translation_review& review,
    std::int64_t account_id,
    std::int64_t now
) {
    db.prepared(
          "INSERT INTO translation_reviews (language, key, source_text, translation, account_id, "
          "at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (language, key) DO UPDATE SET "
          "source_text = excluded.source_text, translation = excluded.translation, "
          "account_id = excluded.account_id, at = excluded.at"
    )
        .bind(1, language)
        .bind(2, key)
        .bind(3, review.source_text)
        .bind(4, review.translation)
        .bind(5, account_id)
        .bind(6, now)
        .run();
}

}  // namespace zaedno::content
