//! Russian (русский), worded as Russian vBulletin boards word it.

use super::{Catalog, Dir, Plural};

/// CLDR `ru` (integers): n % 10 == 1 and n % 100 != 11 one (1, 21, 101);
/// n % 10 in 2..=4 and n % 100 not in 12..=14 few (2, 22, 104); else many
/// (0, 5, 11, 12, 25, 111). `other` is for fractions, which counts never are.
fn plural(n: u64) -> Plural {
    let (d, h) = (n % 10, n % 100);
    if d == 1 && h != 11 {
        Plural::One
    } else if (2..=4).contains(&d) && !(12..=14).contains(&h) {
        Plural::Few
    } else {
        Plural::Many
    }
}

pub const CATALOG: Catalog = Catalog {
    lang: "ru",
    dir: Dir::Ltr,
    plural,
    group_separator: "\u{a0}",
    min_grouping: 1,
    year_offset: 0,
    // Genitive in dates ("15 мая 2023 г."), nominative alone ("май 2009 г.").
    months: ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."],
    months_standalone: Some(["янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."]),
    month_year: "{month} {year}\u{a0}г.",
    date: "{day} {month} {year}\u{a0}г.",
    date_time: "{date}, {time}",

    results: "Показано с {first} по {last} из {total}",
    no_posts: "Сообщений пока нет.",
    avatar_alt: "Аватар пользователя {name}",
    joined: "Регистрация",
    last_online: "Последний визит",
    location: "Откуда",
    posts: "Сообщений",
    post_label: "Сообщение {n}",
    in_reply_to: "Ответ на {post}",
    edited: "Изменено: {date}",
    quote: "Цитата",
    quote_by: "Сообщение от {name}",
    view_post: "Показать сообщение",
    show_quote: "Показать цитату",
    truncated: "Слишком глубокая вложенность цитат: остальное не показано.",
    image: "Изображение: {alt}",
    thread_info: "Информация о теме",
    browsing_heading: "Пользователи, просматривающие эту тему",
    browsing_total: [
        "",
        "Сейчас эту тему просматривает {n} пользователь.",
        "",
        "Сейчас эту тему просматривают {n} пользователя.",
        "Сейчас эту тему просматривают {n} пользователей.",
        "Сейчас эту тему просматривают {n} пользователя.",
    ],
    browsing_members: ["", "{n} участник", "", "{n} участника", "{n} участников", "{n} участника"],
    browsing_guests: ["", "{n} гость", "", "{n} гостя", "{n} гостей", "{n} гостя"],
    browsing_split: "({members} и {guests})",
    browsing_line: "{sentence} {split}",
    browsing_names: "Участники, просматривающие тему:",
    permissions_heading: "Ваши права",
    perm_new_threads: ["Вы не можете создавать новые темы", "Вы можете создавать новые темы"],
    perm_replies: ["Вы не можете отвечать в темах", "Вы можете отвечать в темах"],
    perm_attachments: ["Вы не можете прикреплять вложения", "Вы можете прикреплять вложения"],
    perm_edit_posts: ["Вы не можете редактировать свои сообщения", "Вы можете редактировать свои сообщения"],
    pages: "Страницы",
    pages_end: "Страницы, конец списка",
    page: "Страница {n}",
    previous: "Назад",
    next: "Вперёд",
    previous_file: "Более ранние сообщения",
    next_file: "Более поздние сообщения",
    reply: "Ответить на форуме",
    load_error: "Не удалось загрузить обсуждение.",
};
