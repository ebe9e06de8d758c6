//! Portuguese (português), worded as Brazilian vBulletin boards word it;
//! `pt-BR` and `pt-PT` both get this catalog.

use super::{Catalog, Dir, Plural};

/// CLDR `pt` (not `pt-PT`): integers 0 and 1 are one, then other.
fn plural(n: u64) -> Plural {
    if n <= 1 { Plural::One } else { Plural::Other }
}

pub const CATALOG: Catalog = Catalog {
    lang: "pt",
    dir: Dir::Ltr,
    plural,
    group_separator: ".",
    min_grouping: 1,
    year_offset: 0,
    months: ["jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."],
    months_standalone: None,
    month_year: "{month} de {year}",
    date: "{day} de {month} de {year}",
    date_time: "{date}, {time}",

    results: "Resultados {first} a {last} de {total}",
    no_posts: "Ainda não há mensagens.",
    avatar_alt: "Avatar de {name}",
    joined: "Data de ingresso",
    last_online: "Último acesso",
    location: "Localização",
    posts: "Mensagens",
    post_label: "Mensagem {n}",
    in_reply_to: "Em resposta a {post}",
    edited: "Editado em {date}",
    quote: "Citação",
    quote_by: "Postado originalmente por {name}",
    view_post: "Ver mensagem",
    show_quote: "Mostrar o texto citado",
    truncated: "Citações aninhadas demais: o restante não é exibido.",
    image: "Imagem: {alt}",
    thread_info: "Informações do tópico",
    browsing_heading: "Usuários vendo este tópico",
    browsing_total: ["", "No momento, {n} usuário está vendo este tópico.", "", "", "", "No momento, {n} usuários estão vendo este tópico."],
    browsing_members: ["", "{n} membro", "", "", "", "{n} membros"],
    browsing_guests: ["", "{n} visitante", "", "", "", "{n} visitantes"],
    browsing_split: "({members} e {guests})",
    browsing_line: "{sentence} {split}",
    browsing_names: "Membros vendo este tópico:",
    permissions_heading: "Permissões de postagem",
    perm_new_threads: ["Você não pode criar novos tópicos", "Você pode criar novos tópicos"],
    perm_replies: ["Você não pode enviar respostas", "Você pode enviar respostas"],
    perm_attachments: ["Você não pode enviar anexos", "Você pode enviar anexos"],
    perm_edit_posts: ["Você não pode editar suas mensagens", "Você pode editar suas mensagens"],
    pages: "Páginas",
    pages_end: "Páginas, fim da lista",
    page: "Página {n}",
    previous: "Anterior",
    next: "Próxima",
    previous_file: "Mensagens anteriores",
    next_file: "Mensagens seguintes",
    reply: "Responder no fórum",
    load_error: "Não foi possível carregar esta discussão.",
};
