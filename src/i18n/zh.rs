//! Chinese, Simplified (简体中文); every `zh-*` tag gets this catalog.

use super::{Catalog, Dir, Plural};

/// CLDR `zh`: no plural forms.
fn plural(_: u64) -> Plural {
    Plural::Other
}

pub const CATALOG: Catalog = Catalog {
    lang: "zh",
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

    results: "第 {first} 至 {last} 条，共 {total} 条",
    no_posts: "还没有帖子。",
    avatar_alt: "{name} 的头像",
    joined: "注册日期",
    last_online: "最后在线",
    location: "所在地",
    posts: "帖子",
    post_label: "第 {n} 楼",
    in_reply_to: "回复 {post}",
    edited: "编辑于 {date}",
    quote: "引用",
    quote_by: "原帖由 {name} 发表",
    view_post: "查看帖子",
    show_quote: "显示引用内容",
    truncated: "引用嵌套过深，其余内容未显示。",
    image: "图片：{alt}",
    thread_info: "主题信息",
    browsing_heading: "正在浏览此主题的用户",
    browsing_total: ["", "", "", "", "", "目前有 {n} 位用户正在浏览此主题。"],
    browsing_members: ["", "", "", "", "", "{n} 位会员"],
    browsing_guests: ["", "", "", "", "", "{n} 位游客"],
    browsing_split: "（{members}，{guests}）",
    browsing_line: "{sentence}{split}",
    browsing_names: "正在浏览的会员：",
    permissions_heading: "发帖权限",
    perm_new_threads: ["您不可以发表新主题", "您可以发表新主题"],
    perm_replies: ["您不可以回复帖子", "您可以回复帖子"],
    perm_attachments: ["您不可以上传附件", "您可以上传附件"],
    perm_edit_posts: ["您不可以编辑自己的帖子", "您可以编辑自己的帖子"],
    pages: "页码",
    pages_end: "页码（列表末尾）",
    page: "第 {n} 页",
    previous: "上一页",
    next: "下一页",
    previous_file: "较早的帖子",
    next_file: "较新的帖子",
    reply: "在论坛回复",
    load_error: "无法加载此讨论。",
};
