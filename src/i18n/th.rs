//! Thai (ไทย). Years are Buddhist era (+543), as `Intl` writes them for `th`
//! and as Thai forums show them. Thai ends sentences without a full stop.

use super::{Catalog, Dir, Plural};

/// CLDR `th`: no plural forms.
fn plural(_: u64) -> Plural {
    Plural::Other
}

pub const CATALOG: Catalog = Catalog {
    lang: "th",
    dir: Dir::Ltr,
    plural,
    group_separator: ",",
    min_grouping: 1,
    year_offset: 543,
    months: ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."],
    months_standalone: None,
    month_year: "{month} {year}",
    date: "{day} {month} {year}",
    date_time: "{date} {time}",

    results: "แสดงผล {first} ถึง {last} จากทั้งหมด {total}",
    no_posts: "ยังไม่มีโพสต์ในกระทู้นี้",
    avatar_alt: "รูปประจำตัวของ {name}",
    joined: "วันที่สมัคร",
    last_online: "ออนไลน์ล่าสุด",
    location: "ที่อยู่",
    posts: "โพสต์",
    post_label: "โพสต์ที่ {n}",
    in_reply_to: "ตอบกลับ {post}",
    edited: "แก้ไขเมื่อ {date}",
    quote: "อ้างอิง",
    quote_by: "ข้อความเดิมโดย {name}",
    view_post: "ดูโพสต์",
    show_quote: "แสดงข้อความที่อ้างอิง",
    truncated: "อ้างอิงซ้อนกันลึกเกินไป ส่วนที่เหลือจึงไม่แสดง",
    image: "รูปภาพ: {alt}",
    thread_info: "ข้อมูลกระทู้",
    browsing_heading: "ผู้ใช้ที่กำลังดูกระทู้นี้",
    browsing_total: ["", "", "", "", "", "ขณะนี้มีผู้ใช้ {n} คนกำลังดูกระทู้นี้"],
    browsing_members: ["", "", "", "", "", "สมาชิก {n} คน"],
    browsing_guests: ["", "", "", "", "", "บุคคลทั่วไป {n} คน"],
    browsing_split: "({members} และ{guests})",
    browsing_line: "{sentence} {split}",
    browsing_names: "สมาชิกที่กำลังดูกระทู้นี้:",
    permissions_heading: "สิทธิ์การโพสต์",
    perm_new_threads: ["คุณไม่สามารถตั้งกระทู้ใหม่ได้", "คุณสามารถตั้งกระทู้ใหม่ได้"],
    perm_replies: ["คุณไม่สามารถตอบกระทู้ได้", "คุณสามารถตอบกระทู้ได้"],
    perm_attachments: ["คุณไม่สามารถแนบไฟล์ได้", "คุณสามารถแนบไฟล์ได้"],
    perm_edit_posts: ["คุณไม่สามารถแก้ไขโพสต์ของคุณได้", "คุณสามารถแก้ไขโพสต์ของคุณได้"],
    pages: "หน้า",
    pages_end: "หน้า ท้ายรายการ",
    page: "หน้า {n}",
    previous: "ก่อนหน้า",
    next: "ถัดไป",
    previous_file: "โพสต์ก่อนหน้านี้",
    next_file: "โพสต์ถัดไป",
    reply: "ตอบกลับในฟอรัม",
    load_error: "ไม่สามารถโหลดการสนทนานี้ได้",
};
