//! German (Deutsch), worded as German vBulletin boards word it.

use super::{Catalog, Dir, Plural};

/// CLDR `de`: one for exactly 1, other otherwise.
fn plural(n: u64) -> Plural {
    if n == 1 { Plural::One } else { Plural::Other }
}

pub const CATALOG: Catalog = Catalog {
    lang: "de",
    dir: Dir::Ltr,
    plural,
    group_separator: ".",
    min_grouping: 1,
    year_offset: 0,
    months: ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
    months_standalone: None,
    month_year: "{month} {year}",
    date: "{day}. {month} {year}",
    date_time: "{date}, {time}",

    results: "Ergebnis {first} bis {last} von {total}",
    no_posts: "Es gibt noch keine Beiträge.",
    avatar_alt: "Avatar von {name}",
    joined: "Registriert seit",
    last_online: "Zuletzt online",
    location: "Ort",
    posts: "Beiträge",
    post_label: "Beitrag {n}",
    in_reply_to: "Antwort auf {post}",
    edited: "Zuletzt bearbeitet: {date}",
    quote: "Zitat",
    quote_by: "Zitat von {name}",
    view_post: "Beitrag anzeigen",
    show_quote: "Zitierten Text anzeigen",
    truncated: "Zu tief verschachtelt: Der Rest wird nicht angezeigt.",
    image: "Bild: {alt}",
    thread_info: "Themen-Informationen",
    browsing_heading: "Benutzer, die dieses Thema lesen",
    browsing_total: ["", "Derzeit liest {n} Benutzer dieses Thema.", "", "", "", "Derzeit lesen {n} Benutzer dieses Thema."],
    browsing_members: ["", "{n} Mitglied", "", "", "", "{n} Mitglieder"],
    browsing_guests: ["", "{n} Gast", "", "", "", "{n} Gäste"],
    browsing_split: "({members} und {guests})",
    browsing_line: "{sentence} {split}",
    browsing_names: "Mitglieder, die dieses Thema lesen:",
    permissions_heading: "Berechtigungen",
    perm_new_threads: ["Du darfst keine neuen Themen erstellen", "Du darfst neue Themen erstellen"],
    perm_replies: ["Du darfst keine Antworten schreiben", "Du darfst Antworten schreiben"],
    perm_attachments: ["Du darfst keine Anhänge hochladen", "Du darfst Anhänge hochladen"],
    perm_edit_posts: ["Du darfst deine Beiträge nicht bearbeiten", "Du darfst deine Beiträge bearbeiten"],
    pages: "Seiten",
    pages_end: "Seiten, Ende der Liste",
    page: "Seite {n}",
    previous: "Zurück",
    next: "Weiter",
    previous_file: "Ältere Beiträge",
    next_file: "Neuere Beiträge",
    reply: "Im Forum antworten",
    load_error: "Diese Diskussion konnte nicht geladen werden.",
};
