// Reading anonymous_counts and anonymous_waits into periods. Nothing here can name a person:
// the tables hold only days, channels, languages, flows, services, reasons and counts.
#include "bot/reports/report.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <vector>

#include "bot/appointments/appointment_routes.hpp"
#include "bot/appointments/repository.hpp"
#include "bot/reports/metrics.hpp"

namespace zaedno::reports {

namespace {

enum class dimension { channel, language, subject };

struct series_spec {
    std::string_view id;
    std::string_view label;
    std::string_view subject_name;  // what the subject is ("flow", "service", "reason"), or ""
    bool by_audience = true;        // broken down by channel and language too
};

// The order the page and the CSV show them in.
constexpr std::array<series_spec, 14> all_series{{
    {"people_reached", "People reached", "", true},
    {"new_people", "New people", "", true},
    {"conversations_started", "Conversations", "", true},
    {"flows_started", "Flows started", "flow", false},
    {"flows_finished", "Flows finished", "flow", false},
    {"handoffs_requested", "Handoffs requested", "reason", true},
    {"handoffs_taken", "Handoffs taken by a caseworker", "", true},
    {"crisis_events", "Crisis events", "", true},
    {"appointments_booked", "Appointments booked", "service", false},
    {"appointments_attended", "Appointments attended", "service", false},
    {"appointments_no_show", "Appointments missed (no-show)", "service", false},
    {"appointments_cancelled", "Appointments cancelled", "service", false},
    {"erasures", "Data erasures (/forget)", "", true},
    {"purged_conversations", "Records purged after the retention period", "", true},
}};

std::string_view people_reached_metric(period p) {
    switch (p) {
        case period::day:
            return metric::people_reached_day;
        case period::week:
            return metric::people_reached_week;
        case period::month:
            return metric::people_reached_month;
    }
    return metric::people_reached_day;
}

std::string iso_week_label(date monday) {
    date thursday{monday.days + 3};
    auto year =
        std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{thursday.days}}}.year();
    auto jan1 = std::chrono::sys_days{year / std::chrono::January / 1}.time_since_epoch().count();
    auto week = (thursday.days - jan1) / 7 + 1;
    char out[16]{};
    std::snprintf(out, sizeof out, "%04d-W%02d", static_cast<int>(year), static_cast<int>(week));
    return out;
}

std::string period_label(date start, period p) {
    switch (p) {
        case period::day:
            return format_date(start);
        case period::week:
            return iso_week_label(start);
        case period::month:
            return format_date(start).substr(0, 7);
    }
    return format_date(start);
}

/// Per-period numbers of one series, in total and per breakdown key.
struct accumulated {
    std::vector<std::int64_t> total;
    std::map<dimension, std::map<std::string, std::vector<std::int64_t>>> by;
};

/// Nearest-rank percentile of a histogram (seconds → how many waited that long).
std::optional<std::int64_t> percentile(
    const std::map<std::int64_t, std::int64_t>& histogram, std::int64_t permille
) {
    std::int64_t n = 0;
    for (const auto& [seconds, count] : histogram) {
        n += count;
    }
    if (n == 0) {
        return std::nullopt;
    }
    auto rank = std::max<std::int64_t>(1, (permille * n + 999) / 1000);
    std::int64_t seen = 0;
    for (const auto& [seconds, count] : histogram) {
        seen += count;
        if (seen >= rank) {
            return seconds;
        }
    }
    return histogram.rbegin()->first;
}

nlohmann::json optional_number(const std::optional<std::int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string service_name(const nlohmann::json& names, const std::string& language) {
    if (names.contains(language) && names[language].is_string()) {
        return names[language].get<std::string>();
    }
    for (const auto& [lang, text] : names.items()) {
        if (text.is_string()) {
            return text.get<std::string>();
        }
    }
    return {};
}

std::string language_label(const std::string& code) {
    return code.empty() ? "(not chosen yet)" : code;
}

std::string channel_label(const std::string& channel) {
    if (channel == "telegram") {
        return "Telegram";
    }
    if (channel == "viber") {
        return "Viber";
    }
    if (channel == "webchat") {
        return "Web chat";
    }
    return channel;
}

std::string dimension_name(dimension d, const series_spec& spec) {
    switch (d) {
        case dimension::channel:
            return "channel";
        case dimension::language:
            return "language";
        case dimension::subject:
            return std::string(spec.subject_name);
    }
    return "channel";
}

}  // namespace

std::variant<report_request, std::string> read_request(
    std::string_view from, std::string_view to, std::string_view grouping
) {
    auto p = parse_period(grouping.empty() ? std::string_view("day") : grouping);
    if (!p) {
        return std::string("period must be day, week or month");
    }
    auto f = parse_date(from);
    if (!f) {
        return std::string("from must be a date written YYYY-MM-DD");
    }
    auto t = parse_date(to);
    if (!t) {
        return std::string("to must be a date written YYYY-MM-DD");
    }
    if (*f > *t) {
        return std::string("from must not be after to");
    }
    std::int64_t periods = 0;
    for (date d = period_start(*f, *p); d <= *t && periods <= max_periods;
         d = next_period_start(d, *p)) {
        ++periods;
    }
    if (periods > max_periods) {
        return "the range covers more than " + std::to_string(max_periods) + " " +
               std::string(period_name(*p)) + "s; choose a shorter range or a longer period";
    }
    return report_request{*f, *t, *p};
}

nlohmann::json build_report(
    storage::connection& db, const report_request& request, const std::string& language
) {
    const auto p = request.grouping;
    std::vector<date> starts;
    for (date d = period_start(request.from, p); d <= request.to; d = next_period_start(d, p)) {
        starts.push_back(d);
    }
    const date first = starts.front();
    const date last{next_period_start(starts.back(), p).days - 1};
    const auto n = starts.size();
    auto index_of = [&](const std::string& day) -> std::optional<std::size_t> {
        auto d = parse_date(day);
        if (!d || *d < first || *d > last) {
            return std::nullopt;
        }
        auto start = period_start(*d, p);
        auto it = std::lower_bound(starts.begin(), starts.end(), start);
        if (it == starts.end() || *it != start) {
            return std::nullopt;
        }
        return static_cast<std::size_t>(it - starts.begin());
    };

    std::map<std::string, accumulated, std::less<>> data;
    for (const auto& spec : all_series) {
        data[std::string(spec.id)].total.assign(n, 0);
    }
    auto add = [&](std::string_view id,
                   std::size_t i,
                   const std::string& channel,
                   const std::string& lang,
                   const std::string& subject,
                   std::int64_t count) {
        auto& acc = data.find(id)->second;
        acc.total[i] += count;
        auto bump = [&](dimension d, const std::string& key) {
            auto& values = acc.by[d][key];
            if (values.empty()) {
                values.assign(n, 0);
            }
            values[i] += count;
        };
        bump(dimension::channel, channel);
        bump(dimension::language, lang);
        bump(dimension::subject, subject);
    };

    auto& counts = db.prepared(
        "SELECT day, channel, language, metric, subject, sum(count) FROM anonymous_counts "
        "WHERE day BETWEEN ? AND ? GROUP BY day, channel, language, metric, subject"
    );
    counts.bind(1, format_date(first)).bind(2, format_date(last));
    const auto reached = people_reached_metric(p);
    while (counts.step()) {
        auto stored = counts.text(3);
        std::string_view id = stored;
        if (stored == reached) {
            id = "people_reached";
        } else if (!data.contains(stored)) {
            continue;  // the other periods' reach counts, and metrics no report shows
        }
        if (auto i = index_of(counts.text(0))) {
            add(id, *i, counts.text(1), counts.text(2), counts.text(4), counts.int64(5));
        }
    }
    counts.reset();

    std::vector<std::map<std::int64_t, std::int64_t>> waits(n);
    std::map<std::int64_t, std::int64_t> all_waits;
    auto& wait_rows = db.prepared(
        "SELECT day, channel, language, wait_seconds, sum(count) FROM anonymous_waits "
        "WHERE day BETWEEN ? AND ? GROUP BY day, channel, language, wait_seconds"
    );
    wait_rows.bind(1, format_date(first)).bind(2, format_date(last));
    while (wait_rows.step()) {
        if (auto i = index_of(wait_rows.text(0))) {
            auto seconds = wait_rows.int64(3);
            auto count = wait_rows.int64(4);
            waits[*i][seconds] += count;
            all_waits[seconds] += count;
            add("handoffs_taken", *i, wait_rows.text(1), wait_rows.text(2), "", count);
        }
    }
    wait_rows.reset();

    std::map<std::string, std::string> services;
    for (const auto& s : appointments::list_services(db, false)) {
        auto name = service_name(s.names, language);
        services[std::to_string(s.id)] = name.empty() ? s.code : name;
    }

    nlohmann::json periods = nlohmann::json::array();
    for (auto start : starts) {
        periods.push_back(
            {{"start", format_date(start)},
             {"end", format_date({next_period_start(start, p).days - 1})},
             {"label", period_label(start, p)}}
        );
    }
    nlohmann::json series = nlohmann::json::array();
    for (const auto& spec : all_series) {
        const auto& acc = data[std::string(spec.id)];
        const bool additive = spec.id != "people_reached";
        auto sum = [&](const std::vector<std::int64_t>& values) -> nlohmann::json {
            if (!additive) {
                return nullptr;
            }
            std::int64_t total = 0;
            for (auto v : values) {
                total += v;
            }
            return total;
        };
        nlohmann::json breakdowns = nlohmann::json::array();
        std::vector<dimension> dims;
        if (!spec.subject_name.empty()) {
            dims.push_back(dimension::subject);
        }
        if (spec.by_audience) {
            dims.push_back(dimension::channel);
            dims.push_back(dimension::language);
        }
        for (auto d : dims) {
            nlohmann::json items = nlohmann::json::array();
            if (auto it = acc.by.find(d); it != acc.by.end()) {
                for (const auto& [key, values] : it->second) {
                    std::string label = key;
                    if (d == dimension::language) {
                        label = language_label(key);
                    } else if (d == dimension::channel) {
                        label = channel_label(key);
                    } else if (spec.subject_name == "service") {
                        auto found = services.find(key);
                        label = found != services.end() ? found->second : "service " + key;
                    }
                    items.push_back(
                        {{"key", key}, {"label", label}, {"values", values}, {"total", sum(values)}}
                    );
                }
            }
            breakdowns.push_back({{"by", dimension_name(d, spec)}, {"items", std::move(items)}});
        }
        series.push_back(
            {{"id", spec.id},
             {"label", spec.label},
             {"additive", additive},
             {"values", acc.total},
             {"total", sum(acc.total)},
             {"breakdowns", std::move(breakdowns)}}
        );
    }
    nlohmann::json medians = nlohmann::json::array();
    nlohmann::json p90s = nlohmann::json::array();
    for (const auto& histogram : waits) {
        medians.push_back(optional_number(percentile(histogram, 500)));
        p90s.push_back(optional_number(percentile(histogram, 900)));
    }
    std::int64_t waited = 0;
    for (const auto& [seconds, count] : all_waits) {
        waited += count;
    }
    return {
        {"from", format_date(first)},
        {"to", format_date(last)},
        {"period", period_name(p)},
        {"periods", std::move(periods)},
        {"series", std::move(series)},
        {"waits",
         {{"median_seconds", std::move(medians)},
          {"p90_seconds", std::move(p90s)},
          {"overall",
           {{"count", waited},
            {"median_seconds", optional_number(percentile(all_waits, 500))},
            {"p90_seconds", optional_number(percentile(all_waits, 900))}}}}}};
}

std::string report_csv(const nlohmann::json& report) {
    std::string out = "period_start,period_end,metric,breakdown,key,label,value\r\n";
    const auto& periods = report.at("periods");
    auto row = [&](std::size_t i,
                   const std::string& metric_id,
                   const std::string& by,
                   const std::string& key,
                   const std::string& label,
                   const nlohmann::json& value) {
        const auto& period = periods.at(i);
        for (const auto& field :
             {period.at("start").get<std::string>(),
              period.at("end").get<std::string>(),
              metric_id,
              by,
              key,
              label}) {
            out += appointments::csv_field(field) + ",";
        }
        out += value.is_null() ? std::string() : value.dump();
        out += "\r\n";
    };
    for (const auto& s : report.at("series")) {
        auto id = s.at("id").get<std::string>();
        for (std::size_t i = 0; i < periods.size(); ++i) {
            row(i, id, "all", "", s.at("label").get<std::string>(), s.at("values").at(i));
        }
        for (const auto& b : s.at("breakdowns")) {
            auto by = b.at("by").get<std::string>();
            for (const auto& item : b.at("items")) {
                for (std::size_t i = 0; i < periods.size(); ++i) {
                    row(i,
                        id,
                        by,
                        item.at("key").get<std::string>(),
                        item.at("label").get<std::string>(),
                        item.at("values").at(i));
                }
            }
        }
    }
    const auto& waits = report.at("waits");
    for (std::size_t i = 0; i < periods.size(); ++i) {
        row(i,
            "handoff_wait_median_seconds",
            "all",
            "",
            "Median wait for a caseworker (seconds)",
            waits.at("median_seconds").at(i));
        row(i,
            "handoff_wait_p90_seconds",
            "all",
            "",
            "90th percentile wait for a caseworker (seconds)",
            waits.at("p90_seconds").at(i));
    }
    return out;
}

}  // namespace zaedno::reports
