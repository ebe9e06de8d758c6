//! Japanese (日本語).

use super::{Catalog, Dir, Plural};

/// CLDR `ja`: no plural forms.
fn plural(_: u64) -> Plural {
    Plural::Other
}

pub const CATALOG: Catalog = Catalog {
    lang: "ja",
    dir: Dir::Ltr,
    plural,
    group_separator: ",",
    min_grouping: 1,
    year_offset: 0,
    months: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
    months_standalone: None,
    month_year: "{year}年{month}",
    date: "{year}年{month}{day}日",
    date_time: "{date} {time}",

    results: "{total} 件中 {first}〜{last} 件を表示",
    no_posts: "まだ投稿はありません。",
    avatar_alt: "{name} さんのアバター",
    joined: "登録日",
    last_online: "最終ログイン",
    location: "居住地",
    posts: "投稿数",
    post_label: "投稿 {n}",
    in_reply_to: "{post} への返信",
    edited: "{date} に編集",
    quote: "引用",
    quote_by: "元の投稿者: {name}",
    view_post: "投稿を表示",
    show_quote: "引用文を表示",
    truncated: "引用の入れ子が深すぎるため、以降は表示されません。",
    image: "画像: {alt}",
    thread_info: "スレッド情報",
    browsing_heading: "このスレッドを閲覧中のユーザー",
    browsing_total: ["", "", "", "", "", "現在 {n} 人のユーザーがこのスレッドを閲覧しています。"],
    browsing_members: ["", "", "", "", "", "メンバー {n} 人"],
    browsing_guests: ["", "", "", "", "", "ゲスト {n} 人"],
    browsing_split: "（{members}、{guests}）",
    browsing_line: "{sentence}{split}",
    browsing_names: "閲覧中のメンバー:",
    permissions_heading: "投稿の権限",
    perm_new_threads: ["新しいスレッドを作成できません", "新しいスレッドを作成できます"],
    perm_replies: ["返信できません", "返信できます"],
    perm_attachments: ["ファイルを添付できません", "ファイルを添付できます"],
    perm_edit_posts: ["自分の投稿を編集できません", "自分の投稿を編集できます"],
    pages: "ページ",
    pages_end: "ページ（一覧の末尾）",
    page: "{n} ページ",
    previous: "前へ",
    next: "次へ",
    previous_file: "以前の投稿",
    next_file: "以降の投稿",
    reply: "フォーラムで返信",
    load_error: "このスレッドを読み込めませんでした。",
};
