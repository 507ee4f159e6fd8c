// The services & schedules page over the appointments API (/api/v1/appointments/...):
// services and locations with their texts per language side by side, a service's weekly
// windows, closed days and extra hours, its upcoming slots with bookings, and its downloads.
"use strict";

(() => {
  const { el, api, format, toast, reportFailure } = window.ZaednoAdmin;
  const $ = (id) => document.getElementById(id);
  const BASE = "/api/v1/appointments";

  const LANGUAGES = ["en", "bg", "uk", "ru", "ar", "fa"];
  const LANGUAGE_NAMES = { en: "English", bg: "Български", uk: "Українська", ru: "Русский", ar: "العربية", fa: "فارسی" };
  const RTL = new Set(["ar", "fa"]);
  const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  const UPCOMING_DAYS = 14;

  const TEXT = Object.freeze({
    active: "Active",
    inactive: "Inactive",
    sample: "Sample data",
    edit: "Edit",
    schedule: "Schedule",
    remove: "Remove",
    save: "Save",
    cancel: "Cancel",
    newService: "New service",
    editService: "Edit service: {name}",
    newLocation: "New location",
    editLocation: "Edit location: {name}",
    code: "Code",
    codeHint: "Stable id used by dialog scripts and buttons: a-z, 0-9 and _ (e.g. legal_advice).",
    language: "Language",
    name: "Name",
    description: "Description",
    directions: "Directions",
    duration: "Length of one appointment (minutes)",
    staffLanguages: "Languages the staff speak",
    staffHint: "People who speak one of these are not asked about an interpreter.",
    interpreter: "An interpreter can be arranged",
    reminders: "Reminders (minutes before)",
    remindersHint: "Up to five, separated by commas: 1440 is a day before, 120 two hours before.",
    isActive: "Active (people can book it)",
    address: "Address",
    mapUrl: "Map link (a web address, optional)",
    needCode: "The code is 1 to 32 of a-z, 0-9 and _.",
    needName: "Give a name in at least one language.",
    needDuration: "The length is a whole number of minutes from 5 to 480.",
    needReminders: "Reminders are up to five whole numbers of minutes (1 to 20160).",
    needAddress: "Give the address.",
    needMap: "The map link must be a full web address starting with http or https.",
    serviceSaved: "Service {name} saved.",
    locationSaved: "Location {name} saved.",
    scheduleOf: "Schedule of {name}",
    everyDay: "{from}–{to}",
    always: "always",
    validRange: "{from} to {until}",
    validFrom: "from {from}",
    validUntil: "until {until}",
    weekday: "Day",
    from: "From",
    to: "To",
    location: "Location",
    capacity: "Places per slot",
    validFromLabel: "Valid from (optional)",
    validUntilLabel: "Valid until (optional)",
    addWindow: "Add window",
    windowAdded: "Window added: {day} {from}–{to}.",
    windowRemoved: "Window removed. Bookings already made stay.",
    noWindows: "No weekly windows: nobody can book this service yet.",
    day: "Day",
    kind: "What",
    closed: "Closed",
    extra: "Extra hours",
    wholeDay: "The whole day",
    scope: "Applies to",
    thisService: "This service only",
    allServices: "Every service (a holiday)",
    everyLocation: "Every location",
    note: "Note (staff only)",
    addException: "Add",
    exceptionAdded: "{kind} on {day} added.",
    exceptionRemoved: "Removed.",
    noExceptions: "No closed days or extra hours.",
    needDay: "Choose the day.",
    needTimes: "Give both times, the end after the start.",
    needLocation: "Extra hours need a location.",
    allDay: "all day",
    everywhere: "all services",
    thisOnly: "this service",
    atLocation: "{scope}, {location}",
    noSlots: "No free or booked slots in the next 14 days.",
    free: "{n} free",
    full: "Full",
    booked: "{booked} of {capacity}",
    bookedFull: "{booked} (full)",
    noServices: "No services yet.",
    noLocations: "No locations yet: add one before adding weekly windows.",
    zoneNote: "Days and times are in {zone}, the zone the schedules use.",
  });

  // zone and language come from the server's settings; until then the browser's own.
  const state = { services: [], locations: [], selected: null, editingService: null, editingLocation: null,
                  zone: undefined, language: "en" };

  // ---- small helpers ----

  function nameOf(item) {
    const names = (item && item.names) || {};
    return names[state.language] || names.en || Object.values(names).find(Boolean) || item.code || "";
  }

  /** The local day (YYYY-MM-DD) of a moment in the server's time zone, which schedules use. */
  function localDay(date) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: state.zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .format(date);
  }

  function dayPlus(day, n) {
    const at = new Date(day + "T12:00:00Z");
    at.setUTCDate(at.getUTCDate() + n);
    return at.toISOString().slice(0, 10);
  }

  function dayLabel(iso) {
    const dateOnly = iso.length === 10;
    return new Date(dateOnly ? iso + "T12:00:00Z" : iso).toLocaleDateString(undefined,
      { weekday: "short", year: "numeric", month: "short", day: "numeric", timeZone: dateOnly ? "UTC" : state.zone });
  }

  function timeLabel(iso) {
    return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", timeZone: state.zone });
  }

  function locationName(id) {
    const found = state.locations.find((l) => l.id === id);
    return found ? nameOf(found) : "#" + id;
  }

  function stateBadges(item) {
    return el("span", { class: "states" },
      el("span", { class: "badge " + (item.active ? "ok" : "bad"), text: item.active ? TEXT.active : TEXT.inactive }),
      item.sample ? el("span", { class: "badge warn", text: TEXT.sample }) : null);
  }

  function labelled(column, ...children) {
    return el("td", { "data-label": column }, ...children);
  }

  function fieldBox(id, label, input, hint) {
    input.id = id;
    if (hint) input.setAttribute("aria-describedby", id + "-hint");
    return el("div", { class: "field" }, el("label", { for: id, text: label }), input,
      hint ? el("span", { id: id + "-hint", class: "hint", text: hint }) : null);
  }

  function checkBox(id, label, checked) {
    return el("div", { class: "check" },
      el("input", { id, type: "checkbox", checked }),
      el("label", { for: id, text: label }));
  }

  function languagesOf(...objects) {
    const out = [...LANGUAGES];
    for (const o of objects) for (const key of Object.keys(o || {})) if (!out.includes(key)) out.push(key);
    return out;
  }

  /** Texts per language side by side: one row per language, right-to-left where it reads so. */
  function textsGrid(prefix, languages, columns) {
    const head = el("div", { class: "texts-row texts-head", "aria-hidden": "true" },
      el("span", { text: TEXT.language }), ...columns.map((c) => el("span", { text: c.label })));
    const rows = languages.map((lang) => el("div", { class: "texts-row", lang, "data-language": lang },
      el("span", { class: "texts-lang", text: (LANGUAGE_NAMES[lang] || lang) + " (" + lang + ")" }),
      ...columns.map((c) => {
        const id = prefix + "-" + c.key + "-" + lang;
        const props = { id, lang, dir: RTL.has(lang) ? "rtl" : "auto",
                        "aria-label": c.label + " (" + (LANGUAGE_NAMES[lang] || lang) + ")" };
        const input = c.multiline ? el("textarea", { rows: 2, ...props }) : el("input", { type: "text", ...props });
        input.value = (c.values && c.values[lang]) || "";
        return input;
      })));
    return el("div", { class: "texts-grid" }, head, ...rows);
  }

  function collectTexts(prefix, key, languages) {
    const out = {};
    for (const lang of languages) {
      const value = $(prefix + "-" + key + "-" + lang).value.trim();
      if (value) out[lang] = value;
    }
    return out;
  }

  function formError(form, message) {
    let box = form.querySelector(".form-error");
    if (!box) {
      box = el("p", { class: "form-error", role: "alert" });
      form.append(box);
    }
    box.textContent = message || "";
  }

  function editorButtons(onCancel) {
    return el("div", { class: "row" },
      el("button", { class: "button primary", type: "submit", text: TEXT.save }),
      el("button", { class: "button", type: "button", text: TEXT.cancel, onclick: onCancel }));
  }

  // ---- services ----

  function renderServices() {
    const rows = state.services.map((s) => el("tr", { "data-code": s.code },
      el("th", { scope: "row", "data-label": "Service" }, el("span", { class: "content-text", dir: "auto", text: nameOf(s) })),
      labelled("Code", el("code", { text: s.code })),
      el("td", { class: "number", "data-label": "Minutes", text: String(s.duration_minutes) }),
      labelled("Staff speak", (s.staff_languages || []).join(", ")),
      labelled("State", stateBadges(s)),
      labelled("Actions", el("div", { class: "row" },
        el("button", { class: "button small", type: "button", text: TEXT.edit, onclick: () => editService(s) }),
        el("button", { class: "button small", type: "button", text: TEXT.schedule, "data-action": "schedule",
                       onclick: () => selectService(s.id, true) })))));
    $("services").replaceChildren(...(rows.length ? rows
      : [el("tr", {}, el("td", { colspan: 6, class: "muted", text: TEXT.noServices }))]));
    const select = $("detail-service");
    select.replaceChildren(...state.services.map((s) =>
      el("option", { value: s.id, text: nameOf(s), selected: state.selected === s.id })));
  }

  function editService(service) {
    state.editingService = service;
    const form = $("service-form");
    const languages = languagesOf(service && service.names, service && service.descriptions);
    $("service-editor-heading").textContent = service ? format(TEXT.editService, { name: nameOf(service) }) : TEXT.newService;
    const staff = new Set((service && service.staff_languages) || []);
    form.replaceChildren(
      fieldBox("service-code", TEXT.code, el("input", { type: "text", value: service ? service.code : "", maxlength: 32,
        spellcheck: "false", autocapitalize: "none" }), TEXT.codeHint),
      textsGrid("service", languages, [
        { key: "name", label: TEXT.name, values: service && service.names },
        { key: "description", label: TEXT.description, values: service && service.descriptions, multiline: true },
      ]),
      el("div", { class: "editor-grid" },
        fieldBox("service-duration", TEXT.duration, el("input", { type: "number", min: 5, max: 480, step: 5,
          value: service ? service.duration_minutes : 30 })),
        fieldBox("service-reminders", TEXT.reminders, el("input", { type: "text", inputmode: "numeric",
          value: ((service && service.reminder_offsets_minutes) || [1440, 120]).join(", ") }), TEXT.remindersHint)),
      el("fieldset", { class: "staff-languages" },
        el("legend", { text: TEXT.staffLanguages }),
        el("div", { class: "row" }, languages.map((lang) =>
          checkBox("service-staff-" + lang, (LANGUAGE_NAMES[lang] || lang) + " (" + lang + ")", staff.has(lang)))),
        el("span", { class: "hint", text: TEXT.staffHint })),
      checkBox("service-interpreter", TEXT.interpreter, service ? service.interpreter_possible : false),
      checkBox("service-active", TEXT.isActive, service ? service.active : true),
      editorButtons(() => { $("service-editor").hidden = true; }));
    form.dataset.languages = languages.join(",");
    $("service-editor").hidden = false;
    $("service-editor").scrollIntoView({ block: "start" });
    $("service-code").focus();
  }

  async function saveService(event) {
    event.preventDefault();
    const form = $("service-form");
    const languages = form.dataset.languages.split(",");
    const code = $("service-code").value.trim();
    const names = collectTexts("service", "name", languages);
    const duration = Number($("service-duration").value);
    const reminders = $("service-reminders").value.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
    let problem = "";
    if (!/^[a-z0-9_]{1,32}$/.test(code)) problem = TEXT.needCode;
    else if (!Object.keys(names).length) problem = TEXT.needName;
    else if (!Number.isInteger(duration) || duration < 5 || duration > 480) problem = TEXT.needDuration;
    else if (reminders.length > 5 || reminders.some((m) => !Number.isInteger(m) || m < 1 || m > 20160)) problem = TEXT.needReminders;
    formError(form, problem);
    if (problem) return;
    const body = {
      code, names,
      descriptions: collectTexts("service", "description", languages),
      duration_minutes: duration,
      staff_languages: languages.filter((lang) => $("service-staff-" + lang).checked),
      interpreter_possible: $("service-interpreter").checked,
      reminder_offsets_minutes: reminders,
      active: $("service-active").checked,
    };
    try {
      const editing = state.editingService;
      const saved = editing ? await api("PATCH", BASE + "/services/" + editing.id, body)
                            : await api("POST", BASE + "/services", body);
      $("service-editor").hidden = true;
      toast(format(TEXT.serviceSaved, { name: nameOf(saved) }));
      await loadServices();
      if (!editing) selectService(saved.id, true);
    } catch (failure) {
      if (failure.status === 400 || failure.status === 409) formError(form, failure.message);
      else reportFailure(failure);
    }
  }

  async function loadServices() {
    const answer = await api("GET", BASE + "/services");
    state.services = (answer && answer.items) || [];
    renderServices();
  }

  // ---- locations ----

  function renderLocations() {
    const rows = state.locations.map((l) => el("tr", { "data-code": l.code },
      el("th", { scope: "row", "data-label": "Location" }, el("span", { class: "content-text", dir: "auto", text: nameOf(l) })),
      labelled("Code", el("code", { text: l.code })),
      labelled("Address", el("span", { class: "content-text", dir: "auto", text: l.address })),
      labelled("State", stateBadges(l)),
      labelled("Actions", el("button", { class: "button small", type: "button", text: TEXT.edit, onclick: () => editLocation(l) }))));
    $("locations").replaceChildren(...(rows.length ? rows
      : [el("tr", {}, el("td", { colspan: 5, class: "muted", text: TEXT.noLocations }))]));
  }

  function editLocation(location) {
    state.editingLocation = location;
    const form = $("location-form");
    const languages = languagesOf(location && location.names, location && location.directions);
    $("location-editor-heading").textContent = location ? format(TEXT.editLocation, { name: nameOf(location) }) : TEXT.newLocation;
    form.replaceChildren(
      el("div", { class: "editor-grid" },
        fieldBox("location-code", TEXT.code, el("input", { type: "text", value: location ? location.code : "", maxlength: 32,
          spellcheck: "false", autocapitalize: "none" }), TEXT.codeHint),
        fieldBox("location-address", TEXT.address, el("input", { type: "text", dir: "auto", value: location ? location.address : "" })),
        fieldBox("location-map", TEXT.mapUrl, el("input", { type: "url", dir: "ltr", value: (location && location.map_url) || "" }))),
      textsGrid("location", languages, [
        { key: "name", label: TEXT.name, values: location && location.names },
        { key: "directions", label: TEXT.directions, values: location && location.directions, multiline: true },
      ]),
      checkBox("location-active", TEXT.isActive, location ? location.active : true),
      editorButtons(() => { $("location-editor").hidden = true; }));
    form.dataset.languages = languages.join(",");
    $("location-editor").hidden = false;
    $("location-editor").scrollIntoView({ block: "start" });
    $("location-code").focus();
  }

  async function saveLocation(event) {
    event.preventDefault();
    const form = $("location-form");
    const languages = form.dataset.languages.split(",");
    const code = $("location-code").value.trim();
    const names = collectTexts("location", "name", languages);
    const address = $("location-address").value.trim();
    const map = $("location-map").value.trim();
    let problem = "";
    if (!/^[a-z0-9_]{1,32}$/.test(code)) problem = TEXT.needCode;
    else if (!Object.keys(names).length) problem = TEXT.needName;
    else if (!address) problem = TEXT.needAddress;
    else if (map && !/^https?:\/\/\S+$/.test(map)) problem = TEXT.needMap;
    formError(form, problem);
    if (problem) return;
    const body = { code, names, address, directions: collectTexts("location", "directions", languages),
                   active: $("location-active").checked };
    if (map) body.map_url = map;
    try {
      const editing = state.editingLocation;
      const saved = editing ? await api("PATCH", BASE + "/locations/" + editing.id, body)
                            : await api("POST", BASE + "/locations", body);
      $("location-editor").hidden = true;
      toast(format(TEXT.locationSaved, { name: nameOf(saved) }));
      await loadLocations();
      buildScheduleForm();
      buildExceptionForm();
      if (state.selected) await renderDetail();
    } catch (failure) {
      if (failure.status === 400 || failure.status === 409) formError(form, failure.message);
      else reportFailure(failure);
    }
  }

  async function loadLocations() {
    const answer = await api("GET", BASE + "/locations");
    state.locations = (answer && answer.items) || [];
    renderLocations();
  }

  function locationOptions(includeEvery) {
    const options = state.locations.filter((l) => l.active).map((l) => el("option", { value: l.id, text: nameOf(l) }));
    return includeEvery ? [el("option", { value: "", text: TEXT.everyLocation }), ...options] : options;
  }

  // ---- one service: weekly windows, exceptions, slots ----

  function selectService(id, scroll) {
    state.selected = Number(id);
    history.replaceState(null, "", "#service=" + state.selected);
    $("detail-service").value = String(state.selected);
    $("service-detail").hidden = false;
    renderDetail().then(() => {
      if (scroll) $("service-detail").scrollIntoView({ block: "start" });
    }).catch(reportFailure);
  }

  async function renderDetail() {
    const service = state.services.find((s) => s.id === state.selected);
    if (!service) {
      $("service-detail").hidden = true;
      return;
    }
    $("detail-heading").textContent = format(TEXT.scheduleOf, { name: nameOf(service) });
    const today = localDay(new Date());
    $("download-csv").href = BASE + "/bookings.csv?service_id=" + service.id + "&from=" + today +
      "&to=" + dayPlus(today, 60);
    $("download-ics").href = BASE + "/services/" + service.id + "/calendar.ics";
    await Promise.all([renderSchedules(service), renderExceptions(service), renderSlots(service)]);
  }

  async function renderSchedules(service) {
    const answer = await api("GET", BASE + "/schedules?service_id=" + service.id);
    const items = ((answer && answer.items) || []).slice()
      .sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from));
    const valid = (s) => s.valid_from && s.valid_until ? format(TEXT.validRange, { from: s.valid_from, until: s.valid_until })
      : s.valid_from ? format(TEXT.validFrom, { from: s.valid_from })
      : s.valid_until ? format(TEXT.validUntil, { until: s.valid_until }) : TEXT.always;
    const rows = items.map((s) => el("tr", { "data-schedule": s.id },
      el("th", { scope: "row", "data-label": "Day", text: WEEKDAYS[s.weekday - 1] }),
      labelled("Hours", format(TEXT.everyDay, s)),
      labelled("Location", locationName(s.location_id)),
      el("td", { class: "number", "data-label": "Places per slot", text: String(s.capacity) }),
      labelled("Valid", valid(s)),
      labelled("Actions", el("button", { class: "button small danger", type: "button", text: TEXT.remove,
        onclick: () => removeItem("/schedules/" + s.id, TEXT.windowRemoved) }))));
    $("schedules").replaceChildren(...(rows.length ? rows
      : [el("tr", {}, el("td", { colspan: 6, class: "muted", text: TEXT.noWindows }))]));
  }

  function buildScheduleForm() {
    const form = $("schedule-form");
    form.replaceChildren(
      fieldBox("window-weekday", TEXT.weekday, el("select", {}, WEEKDAYS.map((d, i) => el("option", { value: i + 1, text: d })))),
      fieldBox("window-from", TEXT.from, el("input", { type: "time", value: "09:00" })),
      fieldBox("window-to", TEXT.to, el("input", { type: "time", value: "12:00" })),
      fieldBox("window-location", TEXT.location, el("select", {}, locationOptions(false))),
      fieldBox("window-capacity", TEXT.capacity, el("input", { type: "number", min: 1, max: 100, value: 1 })),
      fieldBox("window-valid-from", TEXT.validFromLabel, el("input", { type: "date" })),
      fieldBox("window-valid-until", TEXT.validUntilLabel, el("input", { type: "date" })),
      el("div", { class: "field form-submit" }, el("button", { class: "button primary", type: "submit", text: TEXT.addWindow })));
  }

  async function addWindow(event) {
    event.preventDefault();
    const form = $("schedule-form");
    const from = $("window-from").value;
    const to = $("window-to").value;
    if (!from || !to || to <= from) {
      formError(form, TEXT.needTimes);
      return;
    }
    const body = {
      service_id: state.selected, location_id: Number($("window-location").value),
      weekday: Number($("window-weekday").value), from, to, capacity: Number($("window-capacity").value) || 1,
    };
    if ($("window-valid-from").value) body.valid_from = $("window-valid-from").value;
    if ($("window-valid-until").value) body.valid_until = $("window-valid-until").value;
    try {
      await api("POST", BASE + "/schedules", body);
      formError(form, "");
      toast(format(TEXT.windowAdded, { day: WEEKDAYS[body.weekday - 1], from, to }));
      await renderDetail();
    } catch (failure) {
      if (failure.status === 400) formError(form, failure.message);
      else reportFailure(failure);
    }
  }

  async function removeItem(path, message) {
    try {
      await api("DELETE", BASE + path);
      toast(message);
      await renderDetail();
    } catch (failure) {
      reportFailure(failure);
    }
  }

  async function renderExceptions(service) {
    const answer = await api("GET", BASE + "/exceptions");
    const today = localDay(new Date());
    const items = ((answer && answer.items) || [])
      .filter((x) => (x.service_id === null || x.service_id === service.id) && x.day >= today)
      .sort((a, b) => a.day.localeCompare(b.day));
    const rows = items.map((x) => el("tr", { "data-exception": x.id, "data-day": x.day },
      el("th", { scope: "row", "data-label": "Day", text: dayLabel(x.day) }),
      labelled("What", el("span", { class: "badge " + (x.kind === "closed" ? "bad" : "ok"), text: x.kind === "closed" ? TEXT.closed : TEXT.extra })),
      labelled("Hours", x.from ? format(TEXT.everyDay, x) : TEXT.allDay),
      labelled("Applies to", format(TEXT.atLocation, {
        scope: x.service_id === null ? TEXT.everywhere : TEXT.thisOnly,
        location: x.location_id === null ? TEXT.everyLocation.toLowerCase() : locationName(x.location_id) })),
      labelled("Note", el("span", { class: "content-text", dir: "auto", text: x.note || "" })),
      labelled("Actions", el("button", { class: "button small danger", type: "button", text: TEXT.remove,
        onclick: () => removeItem("/exceptions/" + x.id, TEXT.exceptionRemoved) }))));
    $("exceptions").replaceChildren(...(rows.length ? rows
      : [el("tr", {}, el("td", { colspan: 6, class: "muted", text: TEXT.noExceptions }))]));
  }

  function buildExceptionForm() {
    const form = $("exception-form");
    form.replaceChildren(
      fieldBox("exception-day", TEXT.day, el("input", { type: "date", min: localDay(new Date()) })),
      fieldBox("exception-kind", TEXT.kind, el("select", {},
        el("option", { value: "closed", text: TEXT.closed }), el("option", { value: "extra", text: TEXT.extra }))),
      fieldBox("exception-scope", TEXT.scope, el("select", {},
        el("option", { value: "service", text: TEXT.thisService }), el("option", { value: "all", text: TEXT.allServices }))),
      fieldBox("exception-location", TEXT.location, el("select", {}, locationOptions(true))),
      el("div", { class: "field whole-day" }, checkBox("exception-whole-day", TEXT.wholeDay, true)),
      fieldBox("exception-from", TEXT.from, el("input", { type: "time", value: "09:00" })),
      fieldBox("exception-to", TEXT.to, el("input", { type: "time", value: "12:00" })),
      fieldBox("exception-capacity", TEXT.capacity, el("input", { type: "number", min: 1, max: 100, value: 1 })),
      fieldBox("exception-note", TEXT.note, el("input", { type: "text", dir: "auto", maxlength: 200 })),
      el("div", { class: "field form-submit" }, el("button", { class: "button primary", type: "submit", text: TEXT.addException })));
    const sync = () => {
      const extra = $("exception-kind").value === "extra";
      const whole = !extra && $("exception-whole-day").checked;
      $("exception-whole-day").closest(".field").hidden = extra;
      $("exception-scope").closest(".field").hidden = extra;
      $("exception-from").closest(".field").hidden = whole;
      $("exception-to").closest(".field").hidden = whole;
      $("exception-capacity").closest(".field").hidden = !extra;
    };
    $("exception-kind").addEventListener("change", sync);
    $("exception-whole-day").addEventListener("change", sync);
    sync();
  }

  async function addException(event) {
    event.preventDefault();
    const form = $("exception-form");
    const kind = $("exception-kind").value;
    const day = $("exception-day").value;
    const whole = kind === "closed" && $("exception-whole-day").checked;
    const from = $("exception-from").value;
    const to = $("exception-to").value;
    const location = $("exception-location").value;
    let problem = "";
    if (!day) problem = TEXT.needDay;
    else if (!whole && (!from || !to || to <= from)) problem = TEXT.needTimes;
    else if (kind === "extra" && !location) problem = TEXT.needLocation;
    formError(form, problem);
    if (problem) return;
    const body = { day, kind };
    if (kind === "extra" || $("exception-scope").value === "service") body.service_id = state.selected;
    if (location) body.location_id = Number(location);
    if (!whole) Object.assign(body, { from, to });
    if (kind === "extra") body.capacity = Number($("exception-capacity").value) || 1;
    const note = $("exception-note").value.trim();
    if (note) body.note = note;
    try {
      await api("POST", BASE + "/exceptions", body);
      toast(format(TEXT.exceptionAdded, { kind: kind === "closed" ? TEXT.closed : TEXT.extra, day: dayLabel(day) }));
      $("exception-note").value = "";
      await renderDetail();
    } catch (failure) {
      if (failure.status === 400) formError(form, failure.message);
      else reportFailure(failure);
    }
  }

  /** Free slots come from the slots call; full ones only from their bookings. */
  async function renderSlots(service) {
    const from = localDay(new Date());
    const to = dayPlus(from, UPCOMING_DAYS - 1);
    const [free, bookings] = await Promise.all([
      api("GET", BASE + "/services/" + service.id + "/slots?from=" + from + "&to=" + to),
      api("GET", BASE + "/bookings?service_id=" + service.id + "&from=" + from + "&to=" + to),
    ]);
    const slots = new Map();
    for (const s of (free && free.items) || []) {
      slots.set(s.location_id + "|" + s.starts_at, { location_id: s.location_id, starts_at: s.starts_at,
        capacity: s.capacity, free: s.free, booked: s.capacity - s.free });
    }
    for (const b of (bookings && bookings.items) || []) {
      const key = b.location.id + "|" + b.starts_at;
      if (!slots.has(key)) slots.set(key, { location_id: b.location.id, starts_at: b.starts_at, capacity: null, free: 0, booked: 0, counted: true });
      const slot = slots.get(key);
      if (slot.counted) slot.booked += 1;
    }
    const ordered = [...slots.values()].sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    const rows = ordered.map((s) => el("tr", { "data-day": localDay(new Date(s.starts_at)) },
      el("th", { scope: "row", "data-label": "Day", text: dayLabel(s.starts_at) }),
      labelled("Time", timeLabel(s.starts_at)),
      labelled("Location", locationName(s.location_id)),
      el("td", { class: "number", "data-label": "Booked",
                 text: s.capacity === null ? format(TEXT.bookedFull, s) : format(TEXT.booked, s) }),
      labelled("State", el("span", { class: "badge " + (s.free > 0 ? "ok" : "warn"),
                                     text: s.free > 0 ? format(TEXT.free, { n: s.free }) : TEXT.full }))));
    $("slots").replaceChildren(...(rows.length ? rows
      : [el("tr", {}, el("td", { colspan: 5, class: "muted", text: TEXT.noSlots }))]));
  }

  async function init() {
    $("service-form").addEventListener("submit", saveService);
    $("location-form").addEventListener("submit", saveLocation);
    $("schedule-form").addEventListener("submit", addWindow);
    $("exception-form").addEventListener("submit", addException);
    $("new-service").addEventListener("click", () => editService(null));
    $("new-location").addEventListener("click", () => editLocation(null));
    $("detail-service").addEventListener("change", () => selectService($("detail-service").value, false));
    const settings = await api("GET", "/api/v1/content/settings").catch(() => null);
    if (settings) {
      state.zone = settings.time_zone || undefined;
      state.language = settings.default_language || "en";
      $("zone-note").textContent = format(TEXT.zoneNote, { zone: state.zone || "" });
    }
    await Promise.all([loadServices(), loadLocations()]);
    buildScheduleForm();
    buildExceptionForm();
    const wanted = /service=(\d+)/.exec(location.hash);
    const first = wanted ? Number(wanted[1]) : state.services.length ? state.services[0].id : null;
    if (first !== null) selectService(first, Boolean(wanted));
  }

  window.ZaednoAdmin.start(init);
})();
