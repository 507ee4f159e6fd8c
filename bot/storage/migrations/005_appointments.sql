-- Appointments: services, locations, weekly schedules, exceptions, concrete slots with a
-- database-enforced capacity, bookings, and durable reminder rows. Schedules are local
-- wall-clock times in the configured IANA zone; slots and reminders are UTC unix seconds.

-- What can be booked. names/descriptions: JSON objects language → text. staff_languages:
-- JSON array of language codes. reminder_offsets: JSON array of minutes before the start.
-- code is the stable id scripts and buttons use. sample = 1: shipped example data.
CREATE TABLE appointment_services (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT    NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    names                TEXT    NOT NULL CHECK (json_valid(names) AND json_type(names) = 'object'),
    descriptions         TEXT    NOT NULL DEFAULT '{}'
                         CHECK (json_valid(descriptions) AND json_type(descriptions) = 'object'),
    duration_minutes     INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    staff_languages      TEXT    NOT NULL DEFAULT '[]'
                         CHECK (json_valid(staff_languages) AND json_type(staff_languages) = 'array'),
    interpreter_possible INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_possible IN (0, 1)),
    reminder_offsets     TEXT    NOT NULL DEFAULT '[1440,120]'
                         CHECK (json_valid(reminder_offsets) AND json_type(reminder_offsets) = 'array'),
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sample               INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;

-- Where appointments take place. names/directions: JSON objects language → text.
CREATE TABLE appointment_locations (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    names      TEXT    NOT NULL CHECK (json_valid(names) AND json_type(names) = 'object'),
    address    TEXT    NOT NULL,
    map_url    TEXT,
    directions TEXT    NOT NULL DEFAULT '{}'
               CHECK (json_valid(directions) AND json_type(directions) = 'object'),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sample     INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- A weekly opening window of a service at a location, local wall-clock minutes, weekday
-- 1 = Monday … 7 = Sunday. Slots of the service's duration are cut from start_minute on.
-- valid_from / valid_until: optional local dates (YYYY-MM-DD), inclusive.
CREATE TABLE appointment_schedules (
    id           INTEGER PRIMARY KEY,
    service_id   INTEGER NOT NULL REFERENCES appointment_services (id) ON DELETE CASCADE,
    location_id  INTEGER NOT NULL REFERENCES appointment_locations (id) ON DELETE CASCADE,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    capacity     INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 1000),
    valid_from   TEXT,
    valid_until  TEXT,
    sample       INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
    CHECK (end_minute > start_minute)
) STRICT;
CREATE INDEX appointment_schedules_by_service ON appointment_schedules (service_id);

-- A local day that differs from the weekly schedule. closed: no slots (holiday, closure) for
-- one service, one location, or everything when both are NULL; with start/end minutes only
-- that part of the day closes. extra: an additional window (service and location required).
CREATE TABLE appointment_exceptions (
    id           INTEGER PRIMARY KEY,
    service_id   INTEGER REFERENCES appointment_services (id) ON DELETE CASCADE,
    location_id  INTEGER REFERENCES appointment_locations (id) ON DELETE CASCADE,
    day          TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind         TEXT    NOT NULL CHECK (kind IN ('closed', 'extra')),
    start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   INTEGER CHECK (end_minute BETWEEN 1 AND 1440),
    capacity     INTEGER CHECK (capacity BETWEEN 1 AND 1000),
    note         TEXT    NOT NULL DEFAULT '',
    sample       INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
    CHECK ((start_minute IS NULL) = (end_minute IS NULL)),
    CHECK (start_minute IS NULL OR end_minute > start_minute),
    CHECK (kind = 'closed' OR (service_id IS NOT NULL AND location_id IS NOT NULL
                               AND start_minute IS NOT NULL))
) STRICT;
CREATE INDEX appointment_exceptions_by_day ON appointment_exceptions (day);

-- A concrete slot, created when first booked. The database, not the process, holds the
-- capacity: booked is raised only with "booked < capacity" and the CHECK refuses any write
-- that would overbook, whatever the caller does.
CREATE TABLE appointment_slots (
    id          INTEGER PRIMARY KEY,
    service_id  INTEGER NOT NULL REFERENCES appointment_services (id) ON DELETE CASCADE,
    location_id INTEGER NOT NULL REFERENCES appointment_locations (id) ON DELETE CASCADE,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    capacity    INTEGER NOT NULL CHECK (capacity >= 1),
    booked      INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0),
    CHECK (booked <= capacity),
    CHECK (ends_at > starts_at),
    UNIQUE (service_id, location_id, starts_at)
) STRICT;
CREATE INDEX appointment_slots_by_time ON appointment_slots (starts_at);

-- A person's place in a slot. Every status except cancelled holds a place (counted in
-- appointment_slots.booked). interpreter_language: the language an interpreter is needed
-- for, NULL when none.
CREATE TABLE appointment_bookings (
    id                   INTEGER PRIMARY KEY,
    slot_id              INTEGER NOT NULL REFERENCES appointment_slots (id) ON DELETE CASCADE,
    person_id            INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    status               TEXT    NOT NULL DEFAULT 'booked'
                         CHECK (status IN ('booked', 'cancelled', 'attended', 'no_show')),
    language             TEXT    NOT NULL,
    interpreter_language TEXT,
    created_at           INTEGER NOT NULL,
    cancelled_at         INTEGER,
    cancelled_by         TEXT CHECK (cancelled_by IN ('person', 'staff', 'rebooked')),
    marked_at            INTEGER,
    marked_by            TEXT
) STRICT;
-- One place per person per slot, however many times they ask.
CREATE UNIQUE INDEX appointment_bookings_one_per_person
    ON appointment_bookings (slot_id, person_id) WHERE status <> 'cancelled';
CREATE INDEX appointment_bookings_by_person ON appointment_bookings (person_id, status);
CREATE INDEX appointment_bookings_by_slot ON appointment_bookings (slot_id);

-- Reminders to send, written with the booking. A row is settled exactly once, in the same
-- transaction as the outbox call it produces (sent_at) or the reason it was not sent
-- (skipped: cancelled, unsubscribed, unreachable, passed, superseded), so restarts neither
-- lose nor repeat one.
CREATE TABLE appointment_reminders (
    id         INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES appointment_bookings (id) ON DELETE CASCADE,
    due_at     INTEGER NOT NULL,
    sent_at    INTEGER,
    skipped    TEXT,
    UNIQUE (booking_id, due_at)
) STRICT;
CREATE INDEX appointment_reminders_due
    ON appointment_reminders (due_at) WHERE sent_at IS NULL AND skipped IS NULL;

-- Sample data, marked sample = 1, for the organisation to review and replace.
INSERT INTO appointment_locations (code, names, address, map_url, directions, sample, created_at, updated_at)
VALUES
('centre',
 '{"en":"Zaedno community centre","bg":"Общностен център „Заедно“","ar":"مركز «زايدنو» المجتمعي","fa":"مرکز اجتماعی «زایدنو»","uk":"Громадський центр «Заедно»","ru":"Общественный центр «Заедно»"}',
 'бул. „Витоша“ 1, 1000 София',
 'https://www.openstreetmap.org/search?query=42.6960,23.3210',
 '{"en":"Metro Serdika, exit to Vitosha Blvd. Second floor, room 4.","bg":"Метростанция „Сердика“, изход към бул. „Витоша“. Втори етаж, стая 4.","ar":"محطة مترو «سيرديكا»، المخرج نحو شارع «فيتوشا». الطابق الثاني، الغرفة 4.","fa":"ایستگاه متروی «سردیکا»، خروجی به سمت بلوار «ویتوشا». طبقه دوم، اتاق ۴.","uk":"Станція метро «Сердика», вихід на бульвар «Вітоша». Другий поверх, кімната 4.","ru":"Станция метро «Сердика», выход на бульвар «Витоша». Второй этаж, комната 4."}',
 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)),
('municipal',
 '{"en":"Municipal information centre","bg":"Общински информационен център","ar":"مركز المعلومات البلدي","fa":"مرکز اطلاع‌رسانی شهرداری","uk":"Муніципальний інформаційний центр","ru":"Муниципальный информационный центр"}',
 'ул. „Московска“ 33, 1000 София',
 'https://www.openstreetmap.org/search?query=42.6977,23.3242',
 '{"en":"Tram 20 or 22 to Sofia University. Entrance from the courtyard, ground floor.","bg":"Трамвай 20 или 22 до Софийския университет. Вход от двора, партер.","ar":"الترام 20 أو 22 حتى جامعة صوفيا. المدخل من الفناء، الطابق الأرضي.","fa":"تراموای ۲۰ یا ۲۲ تا دانشگاه صوفیه. ورودی از حیاط، طبقه همکف.","uk":"Трамвай 20 або 22 до Софійського університету. Вхід із двору, перший поверх.","ru":"Трамвай 20 или 22 до Софийского университета. Вход со двора, первый этаж."}',
 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER));

INSERT INTO appointment_services (code, names, descriptions, duration_minutes, staff_languages, interpreter_possible, reminder_offsets, sample, created_at, updated_at)
VALUES
('legal',
 '{"en":"Legal counselling","bg":"Правна консултация","ar":"استشارة قانونية","fa":"مشاوره حقوقی","uk":"Юридична консультація","ru":"Юридическая консультация"}',
 '{"en":"A lawyer advises on status, asylum, documents and your rights.","bg":"Юрист ви съветва за статут, убежище, документи и вашите права.","ar":"محامٍ يقدّم لك المشورة بشأن الوضع القانوني واللجوء والوثائق وحقوقك.","fa":"یک وکیل درباره وضعیت اقامت، پناهندگی، مدارک و حقوق شما مشاوره می‌دهد.","uk":"Юрист консультує щодо статусу, притулку, документів і ваших прав.","ru":"Юрист консультирует по статусу, убежищу, документам и вашим правам."}',
 45, '["bg","en","ru"]', 1, '[1440,120]', 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)),
('social',
 '{"en":"Social worker","bg":"Социален работник","ar":"أخصائي اجتماعي","fa":"مددکار اجتماعی","uk":"Соціальний працівник","ru":"Социальный работник"}',
 '{"en":"Help with benefits, school, health insurance and everyday questions.","bg":"Помощ за социални помощи, училище, здравно осигуряване и ежедневни въпроси.","ar":"مساعدة في المعونات الاجتماعية والمدرسة والتأمين الصحي والأمور اليومية.","fa":"کمک در مورد کمک‌هزینه‌ها، مدرسه، بیمه درمانی و مسائل روزمره.","uk":"Допомога з соціальними виплатами, школою, медичним страхуванням і щоденними питаннями.","ru":"Помощь с пособиями, школой, медицинской страховкой и повседневными вопросами."}',
 30, '["bg","uk","ru"]', 1, '[1440,120]', 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)),
('psychologist',
 '{"en":"Psychologist","bg":"Психолог","ar":"أخصائي نفسي","fa":"روان‌شناس","uk":"Психолог","ru":"Психолог"}',
 '{"en":"A confidential conversation with a psychologist.","bg":"Поверителен разговор с психолог.","ar":"محادثة سرّية مع أخصائي نفسي.","fa":"گفت‌وگوی محرمانه با یک روان‌شناس.","uk":"Конфіденційна розмова з психологом.","ru":"Конфиденциальный разговор с психологом."}',
 50, '["bg","en","uk","ru"]', 1, '[1440,120]', 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)),
('language_course',
 '{"en":"Bulgarian course enrolment","bg":"Записване за курс по български","ar":"التسجيل في دورة اللغة البلغارية","fa":"ثبت‌نام در کلاس زبان بلغاری","uk":"Запис на курс болгарської","ru":"Запись на курс болгарского"}',
 '{"en":"Sign up for a free Bulgarian language course; we check your level together.","bg":"Запишете се за безплатен курс по български език; заедно ще проверим нивото ви.","ar":"سجّل في دورة مجانية للغة البلغارية؛ نحدّد مستواك معًا.","fa":"برای کلاس رایگان زبان بلغاری ثبت‌نام کنید؛ سطح شما را با هم بررسی می‌کنیم.","uk":"Запишіться на безкоштовний курс болгарської мови; разом визначимо ваш рівень.","ru":"Запишитесь на бесплатный курс болгарского языка; вместе определим ваш уровень."}',
 20, '["bg","en","ru","uk","ar"]', 0, '[1440,120]', 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)),
('housing',
 '{"en":"Housing consultation","bg":"Консултация за жилище","ar":"استشارة بشأن السكن","fa":"مشاوره مسکن","uk":"Консультація щодо житла","ru":"Консультация по жилью"}',
 '{"en":"Advice on renting, municipal housing and address registration.","bg":"Съвет за наем, общинско жилище и адресна регистрация.","ar":"نصائح حول الإيجار والسكن البلدي وتسجيل العنوان.","fa":"مشاوره درباره اجاره، مسکن شهرداری و ثبت نشانی.","uk":"Порада щодо оренди, муніципального житла та реєстрації адреси.","ru":"Совет по аренде, муниципальному жилью и регистрации адреса."}',
 30, '["bg","en","ar"]', 1, '[1440,120]', 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER));

INSERT INTO appointment_schedules (service_id, location_id, weekday, start_minute, end_minute, capacity, sample)
SELECT s.id, l.id, w.day, w.start_minute, w.end_minute, w.capacity, 1
FROM (
    SELECT 'legal' AS service, 'centre' AS location, 1 AS day, 600 AS start_minute, 780 AS end_minute, 1 AS capacity
    UNION ALL SELECT 'legal', 'centre', 3, 600, 780, 1
    UNION ALL SELECT 'social', 'centre', 2, 540, 720, 1
    UNION ALL SELECT 'social', 'centre', 4, 540, 720, 1
    UNION ALL SELECT 'psychologist', 'centre', 1, 840, 1020, 1
    UNION ALL SELECT 'psychologist', 'centre', 2, 840, 1020, 1
    UNION ALL SELECT 'psychologist', 'centre', 3, 840, 1020, 1
    UNION ALL SELECT 'psychologist', 'centre', 4, 840, 1020, 1
    UNION ALL SELECT 'psychologist', 'centre', 5, 840, 1020, 1
    UNION ALL SELECT 'language_course', 'municipal', 3, 900, 1080, 3
    UNION ALL SELECT 'housing', 'municipal', 2, 600, 840, 2
    UNION ALL SELECT 'housing', 'municipal', 5, 600, 840, 2
) AS w
JOIN appointment_services s ON s.code = w.service
JOIN appointment_locations l ON l.code = w.location;

-- Bulgarian public holidays: closed everywhere.
INSERT INTO appointment_exceptions (day, kind, note, sample)
VALUES
('2026-12-24', 'closed', 'Christmas Eve', 1),
('2026-12-25', 'closed', 'Christmas', 1),
('2026-12-26', 'closed', 'Christmas', 1),
('2027-01-01', 'closed', 'New Year', 1),
('2027-03-03', 'closed', 'Liberation Day', 1),
('2027-04-30', 'closed', 'Orthodox Good Friday', 1),
('2027-05-03', 'closed', 'Orthodox Easter Monday', 1),
('2027-05-06', 'closed', 'St George''s Day', 1),
('2027-05-24', 'closed', 'Day of Slavonic Script and Culture', 1),
('2027-09-06', 'closed', 'Unification Day', 1),
('2027-09-22', 'closed', 'Independence Day', 1);
