//! Spanish (español), worded as Spanish vBulletin boards word it.

use super::{Catalog, Dir, Plural};

/// CLDR `es`: one for exactly 1, other otherwise (`many` applies to
/// compact millions only).
fn plural(n: u64) -> Plural {
    if n == 1 { Plural::One } else { Plural::Other }
}

pub const CATALOG: Catalog = Catalog {
    lang: "es",
    dir: Dir::Ltr,
    plural,
    group_separator: ".",
    // CLDR: "1234" but "12.345".
    min_grouping: 2,
    year_offset: 0,
    months: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
    months_standalone: None,
    month_year: "{month} {year}",
    date: "{day} {month} {year}",
    date_time: "{date}, {time}",

    results: "Resultados {first} al {last} de {total}",
    no_posts: "Todavía no hay mensajes.",
    avatar_alt: "Avatar de {name}",
    joined: "Fecha de ingreso",
    last_online: "Última conexión",
    location: "Ubicación",
    posts: "Mensajes",
    post_label: "Mensaje {n}",
    in_reply_to: "En respuesta a {post}",
    edited: "Editado el {date}",
    quote: "Cita",
    quote_by: "Cita de {name}",
    view_post: "Ver mensaje",
    show_quote: "Mostrar el texto citado",
    truncated: "Demasiados niveles de anidación: el resto no se muestra.",
    image: "Imagen: {alt}",
    thread_info: "Información del tema",
    browsing_heading: "Usuarios viendo este tema",
    browsing_total: ["", "Actualmente hay {n} usuario viendo este tema.", "", "", "", "Actualmente hay {n} usuarios viendo este tema."],
    browsing_members: ["", "{n} miembro", "", "", "", "{n} miembros"],
    browsing_guests: ["", "{n} invitado", "", "", "", "{n} invitados"],
    browsing_split: "({members} y {guests})",
    browsing_line: "{sentence} {split}",
    browsing_names: "Miembros viendo este tema:",
    permissions_heading: "Permisos de publicación",
    perm_new_threads: ["No puedes crear nuevos temas", "Puedes crear nuevos temas"],
    perm_replies: ["No puedes responder temas", "Puedes responder temas"],
    perm_attachments: ["No puedes subir archivos adjuntos", "Puedes subir archivos adjuntos"],
    perm_edit_posts: ["No puedes editar tus mensajes", "Puedes editar tus mensajes"],
    pages: "Páginas",
    pages_end: "Páginas, final de la lista",
    page: "Página {n}",
    previous: "Anterior",
    next: "Siguiente",
    previous_file: "Mensajes anteriores",
    next_file: "Mensajes posteriores",
    reply: "Responder en el foro",
    load_error: "No se pudo cargar este tema.",
};
