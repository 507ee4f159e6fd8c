// Folding typed text for matching with ICU normalization and Unicode character properties.
#include "bot/i18n/normalize.hpp"

#include <string>
#include <string_view>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "bot/i18n/icu_error.hpp"
#include "bot/i18n/icu_text.hpp"

namespace zaedno::i18n {

namespace {

// Normalizer2 instances are owned by ICU, immutable and documented thread-safe; the function-local
// statics make their one-time lookup thread-safe too.
const icu::Normalizer2& nfkc_casefold() {
    static const icu::Normalizer2* const instance = [] {
        icu_error status{"Normalizer2::getNFKCCasefoldInstance"};
        const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
        status.assertSuccess();
        return normalizer;
    }();
    return *instance;
}

const icu::Normalizer2& nfd() {
    static const icu::Normalizer2* const instance = [] {
        icu_error status{"Normalizer2::getNFDInstance"};
        const icu::Normalizer2* normalizer = icu::Normalizer2::getNFDInstance(status);
        status.assertSuccess();
        return normalizer;
    }();
    return *instance;
}

const icu::Normalizer2& nfc() {
    static const icu::Normalizer2* const instance = [] {
        icu_error status{"Normalizer2::getNFCInstance"};
        const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
        status.assertSuccess();
        return normalizer;
    }();
    return *instance;
}

icu::UnicodeString normalized(const icu::Normalizer2& normalizer, const icu::UnicodeString& text) {
    icu_error status{"Normalizer2::normalize"};
    icu::UnicodeString result = normalizer.normalize(text, status);
    status.assertSuccess();
    return result;
}

/// The ASCII digit for a Unicode decimal digit (general category Nd), or -1.
int decimal_digit(UChar32 c) {
    if (u_charType(c) != U_DECIMAL_DIGIT_NUMBER) {
        return -1;
    }
    return u_charDigitValue(c);
}

constexpr UChar32 arabic_tatweel = 0x0640;

/// Letters people type interchangeably on Arabic, Persian and Dari keyboards, mapped to the form
/// we compare with. Runs after NFD and mark removal, so hamza and madda forms already lost their
/// marks (أ → ا, ئ → ي, ۀ → ە) and only the base letters need unifying.
UChar32 unified_letter(UChar32 c) {
    switch (c) {
        case 0x064A:        // ي Arabic yeh
        case 0x0649:        // ى alef maksura
            return 0x06CC;  // ی Farsi yeh
        case 0x0643:        // ك Arabic kaf
            return 0x06A9;  // ک keheh
        case 0x0671:        // ٱ alef wasla
        case 0x0623:        // أ, إ, آ only reach here if a future NFD stops splitting them
        case 0x0625:
        case 0x0622:
            return 0x0627;  // ا
        case 0x0629:        // ة teh marbuta
        case 0x06C0:        // ۀ heh with yeh above
        case 0x06D5:        // ە what NFD leaves of ۀ
            return 0x0647;  // ه
        default:
            return c;
    }
}

bool is_punctuation_or_symbol(UChar32 c) {
    return (U_GET_GC_MASK(c) & (U_GC_P_MASK | U_GC_S_MASK)) != 0;
}

bool is_space_like(UChar32 c) {
    return u_isUWhiteSpace(c) != 0 || u_charType(c) == U_CONTROL_CHAR;
}

}  // namespace

std::string fold_for_matching(std::string_view text) {
    const icu::UnicodeString input = to_unicode(text);
    const icu::UnicodeString decomposed = normalized(nfd(), normalized(nfkc_casefold(), input));

    icu::UnicodeString kept;
    bool pending_space = false;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        const auto type = static_cast<UCharCategory>(u_charType(c));
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || c == arabic_tatweel) {
            continue;
        }
        if (is_space_like(c) || is_punctuation_or_symbol(c)) {
            pending_space = !kept.isEmpty();
            continue;
        }
        if (pending_space) {
            kept.append(static_cast<char16_t>(u' '));
            pending_space = false;
        }
        if (const int digit = decimal_digit(c); digit >= 0) {
            kept.append(static_cast<char16_t>(u'0' + digit));
        } else {
            kept.append(unified_letter(c));
        }
    }
    return to_utf8(normalized(nfc(), kept));
}

std::string ascii_digits(std::string_view text) {
    const icu::UnicodeString input = to_unicode(text);
    icu::UnicodeString out;
    for (int32_t i = 0; i < input.length();) {
        const UChar32 c = input.char32At(i);
        i += U16_LENGTH(c);
        if (const int digit = decimal_digit(c); digit >= 0) {
            out.append(static_cast<char16_t>(u'0' + digit));
        } else {
            out.append(c);
        }
    }
    return to_utf8(out);
}

bool contains_phrase(std::string_view folded_text, std::string_view folded_phrase) {
    if (folded_phrase.empty()) {
        return false;
    }
    for (auto at = folded_text.find(folded_phrase); at != std::string_view::npos;
         at = folded_text.find(folded_phrase, at + 1)) {
        const auto end = at + folded_phrase.size();
        const bool starts_at_boundary = at == 0 || folded_text[at - 1] == ' ';
        const bool ends_at_boundary = end == folded_text.size() || folded_text[end] == ' ';
        if (starts_at_boundary && ends_at_boundary) {
            return true;
        }
    }
    return false;
}

}  // namespace zaedno::i18n
