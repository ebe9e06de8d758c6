//! Arabic (العربية), right to left, worded as Arabic vBulletin boards word it.
//!
//! The native fallback writes Latin digits ("48,807", "15 يونيو 2023"), as
//! most Arabic forums do; in the browser `Intl` picks the digits CLDR gives
//! the reader's locale (Arabic-Indic for `ar-EG`, say).

use super::{Catalog, Dir, PluralRule};

pub const CATALOG: Catalog = Catalog {
    lang: "ar",
    dir: Dir::Rtl,
    plural: PluralRule::Arabic,
    group_separator: ",",
    min_grouping: 1,
    year_offset: 0,
    months: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    months_standalone: None,
    month_year: "{month} {year}",
    date: "{day} {month} {year}",
    date_time: "{date}، {time}",

    results: "النتائج {first} إلى {last} من {total}",
    no_posts: "لا توجد مشاركات بعد.",
    avatar_alt: "الصورة الرمزية للعضو {name}",
    joined: "تاريخ التسجيل",
    last_online: "آخر تواجد",
    location: "الإقامة",
    posts: "المشاركات",
    post_label: "المشاركة {n}",
    in_reply_to: "ردًا على {post}",
    edited: "آخر تعديل: {date}",
    quote: "اقتباس",
    quote_by: "المشاركة الأصلية كتبت بواسطة {name}",
    view_post: "عرض المشاركة",
    show_quote: "عرض النص المقتبس",
    truncated: "الاقتباسات متداخلة أكثر من اللازم: لم يُعرض الباقي.",
    image: "صورة: {alt}",
    thread_info: "معلومات الموضوع",
    browsing_heading: "الأعضاء الذين يتصفحون هذا الموضوع",
    // Zero, one, two, few (3–10: plural noun), many (11–99: singular
    // accusative), other (100+: singular genitive).
    browsing_total: [
        "يتصفح هذا الموضوع حاليًا {n} مستخدم.",
        "يتصفح هذا الموضوع حاليًا {n} مستخدم.",
        "يتصفح هذا الموضوع حاليًا {n} مستخدمان.",
        "يتصفح هذا الموضوع حاليًا {n} مستخدمين.",
        "يتصفح هذا الموضوع حاليًا {n} مستخدمًا.",
        "يتصفح هذا الموضوع حاليًا {n} مستخدم.",
    ],
    browsing_members: ["{n} عضو", "{n} عضو", "{n} عضوان", "{n} أعضاء", "{n} عضوًا", "{n} عضو"],
    browsing_guests: ["{n} زائر", "{n} زائر", "{n} زائران", "{n} زوار", "{n} زائرًا", "{n} زائر"],
    browsing_split: "({members} و {guests})",
    browsing_line: "{sentence} {split}",
    browsing_names: "الأعضاء الذين يتصفحون الموضوع:",
    permissions_heading: "صلاحيات المشاركة",
    perm_new_threads: ["لا تستطيع إضافة مواضيع جديدة", "تستطيع إضافة مواضيع جديدة"],
    perm_replies: ["لا تستطيع الرد على المواضيع", "تستطيع الرد على المواضيع"],
    perm_attachments: ["لا تستطيع إرفاق ملفات", "تستطيع إرفاق ملفات"],
    perm_edit_posts: ["لا تستطيع تعديل مشاركاتك", "تستطيع تعديل مشاركاتك"],
    pages: "الصفحات",
    pages_end: "الصفحات، نهاية القائمة",
    page: "الصفحة {n}",
    previous: "السابق",
    next: "التالي",
    previous_file: "مشاركات أقدم",
    next_file: "مشاركات أحدث",
    load_more: "تحميل المزيد من المشاركات",
    load_more_error: "تعذّر تحميل المشاركات التالية.",
    reply: "الرد في المنتدى",
    load_error: "تعذّر تحميل هذا النقاش.",
    replies: ["{n} ردود", "ردّ واحد", "ردّان", "{n} ردود", "{n} ردًا", "{n} ردّ"],
    more_replies: ["عرض {n} ردود أخرى", "عرض ردّ آخر", "عرض ردّين آخرين", "عرض {n} ردود أخرى", "عرض {n} ردًا آخر", "عرض {n} ردّ آخر"],
    reply_on: "الرد عبر {platform}",
    view_on: "عرض على {platform}",
    view_original: "عرض الأصل",
    deleted: "حُذفت هذه المشاركة.",
    removed: "أزال أحد المشرفين هذه المشاركة.",
    // As `replies`: one and two in words ("إعجاب واحد", the dual "إعجابان"),
    // few (3–10: plural noun), many (11–99: singular accusative), other
    // (100+: singular genitive). Points keep the number in every form: a
    // score may be negative (-1, -2), and words would drop its sign.
    count_reposts: ["{n} إعادة نشر", "إعادة نشر واحدة", "إعادتا نشر", "{n} إعادات نشر", "{n} إعادة نشر", "{n} إعادة نشر"],
    count_likes: ["{n} إعجاب", "إعجاب واحد", "إعجابان", "{n} إعجابات", "{n} إعجابًا", "{n} إعجاب"],
    count_points: ["{n} نقطة", "{n} نقطة", "{n} نقطتان", "{n} نقاط", "{n} نقطة", "{n} نقطة"],
    // What the file does not hold of the conversation: one in words, the
    // dual, few (3–10: plural noun), many and other (singular); zero (never
    // shown: "More of …" stands instead) as few.
    not_shown: [
        "{n} مشاركات أخرى من هذا النقاش غير معروضة هنا.",
        "مشاركة أخرى من هذا النقاش غير معروضة هنا.",
        "مشاركتان أخريان من هذا النقاش غير معروضتين هنا.",
        "{n} مشاركات أخرى من هذا النقاش غير معروضة هنا.",
        "{n} مشاركة أخرى من هذا النقاش غير معروضة هنا.",
        "{n} مشاركة أخرى من هذا النقاش غير معروضة هنا.",
    ],
    not_shown_some: "جزء من هذا النقاش غير معروض هنا.",
};
