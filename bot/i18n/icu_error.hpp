// ICU status codes turned into exceptions that name the failed call, for ICU calls that must not
// fail.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <unicode/errorcode.h>

namespace zaedno::i18n {

/// Thrown when an ICU call that only fails on broken ICU data or exhausted memory fails.
class icu_failure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// An icu::ErrorCode whose assertSuccess() throws icu_failure with u_errorName() and context.
class icu_error : public icu::ErrorCode {
public:
    explicit icu_error(std::string_view context) : context_(context) {}

    icu_error(const icu_error&) = delete;
    icu_error& operator=(const icu_error&) = delete;
    ~icu_error() override = default;

protected:
    void handleFailure() const override {
        throw icu_failure(std::string("ICU failure in ") + context_ + ": " + errorName());
    }

private:
    std::string context_;
};

}  // namespace zaedno::i18n
