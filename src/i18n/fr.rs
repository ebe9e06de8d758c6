//! French (français). French typography puts a no-break space before `:`.

use super::{Catalog, Dir, Plural};

/// CLDR `fr`: 0 and 1 are one (« 0 invité », « 1 invité »), then other.
/// (CLDR's `many` for 1 000 000 and up only applies to compact numbers.)
fn plural(n: u64) -> Plural {
    if n <= 1 { Plural::One } else { Plural::Other }
}

pub const CATALOG: Catalog = Catalog {
    lang: "fr",
    dir: Dir::Ltr,
    plural,
    group_separator: "\u{202F}",
    min_grouping: 1,
    year_offset: 0,
    months: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    months_standalone: None,
    month_year: "{month} {year}",
    date: "{day} {month} {year}",
    date_time: "{date}, {time}",

    results: "Résultats {first} à {last} sur {total}",
    no_posts: "Il n’y a encore aucun message.",
    avatar_alt: "Avatar de {name}",
    joined: "Inscription",
    last_online: "Dernière visite",
    location: "Localisation",
    posts: "Messages",
    post_label: "Message {n}",
    in_reply_to: "En réponse à {post}",
    edited: "Modifié le {date}",
    quote: "Citation",
    quote_by: "Message de {name}",
    view_post: "Voir le message",
    show_quote: "Afficher le texte cité",
    truncated: "Imbrication trop profonde\u{a0}: la suite n’est pas affichée.",
    image: "Image\u{a0}: {alt}",
    thread_info: "Informations sur la discussion",
    browsing_heading: "Utilisateurs parcourant cette discussion",
    browsing_total: ["", "{n} utilisateur parcourt actuellement cette discussion.", "", "", "", "{n} utilisateurs parcourent actuellement cette discussion."],
    browsing_members: ["", "{n} membre", "", "", "", "{n} membres"],
    browsing_guests: ["", "{n} invité", "", "", "", "{n} invités"],
    browsing_split: "({members} et {guests})",
    browsing_line: "{sentence} {split}",
    browsing_names: "Membres parcourant cette discussion\u{a0}:",
    permissions_heading: "Vos permissions",
    perm_new_threads: ["Vous ne pouvez pas créer de discussions", "Vous pouvez créer des discussions"],
    perm_replies: ["Vous ne pouvez pas répondre", "Vous pouvez répondre"],
    perm_attachments: ["Vous ne pouvez pas joindre de fichiers", "Vous pouvez joindre des fichiers"],
    perm_edit_posts: ["Vous ne pouvez pas modifier vos messages", "Vous pouvez modifier vos messages"],
    pages: "Pages",
    pages_end: "Pages, fin de la liste",
    page: "Page {n}",
    previous: "Précédente",
    next: "Suivante",
    previous_file: "Messages précédents",
    next_file: "Messages suivants",
    reply: "Répondre sur le forum",
    load_error: "Impossible de charger cette discussion.",
};
