//! The sliced parse: a thread read and validated a few posts at a time
//! (long threads in the browser), with the same thread and errors as one go.

use super::*;

/// A thread parsed and validated in slices ([`Sliced::step`]), for text too
/// long for one task: the same thread and the same errors (paths, lines,
/// columns, order) as [`Thread::from_json`].
///
/// First a [`json::ThreadScan`] reads the top-level members and finds where
/// each post starts, with its `id`, `number` and `format`; then the head is
/// validated and [`Sliced::preview`] offers the thread with every post a
/// placeholder (its id, number and format, no body): enough for the frame,
/// the pager's totals and the quote links. The posts asked for with
/// [`Sliced::first`] are validated next, then every other post in order.
pub struct Sliced<'t> {
    text: &'t str,
    pub(super) scan: Option<json::ThreadScan>,
    check: Check<'t>,
    root: Value,
    spans: Vec<json::PostSpan>,
    first_of: Vec<Option<usize>>,
    head: Option<Head>,
    /// The thread being built: placeholders replaced by validated posts.
    pub(super) thread: Option<Thread>,
    /// Validated first, then the rest from `next`.
    priority: std::ops::Range<usize>,
    priority_done: bool,
    /// Errors of the posts validated first, added when the others reach
    /// them: without positions to sort by (`positions: false`), errors are
    /// reported in the order they were found, which must be the file's.
    held: Vec<Error>,
    /// The scan reached the end (the head is validated in the next step).
    scanned: bool,
    /// Posts with an id, sorted by (id, position).
    id_order: Vec<usize>,
    next: usize,
    steps: u32,
}

/// A step of a [`Sliced`] parse.
#[derive(Debug)]
// One value per step, returned and matched at once, never stored: boxing the
// thread would cost an allocation for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Progress {
    /// More to do: call [`Sliced::step`] again (after yielding).
    Working,
    /// The thread, or every problem found.
    Done(Result<Thread, Errors>),
}

impl<'t> Sliced<'t> {
    /// A sliced parse of `text`, or `None` when its value is not a JSON
    /// object (use [`Thread::from_json`], which says what it is).
    pub fn new(text: &'t str) -> Option<Sliced<'t>> {
        Sliced::with_positions(text, true)
    }

    /// [`Sliced::new`]; with `positions` false, schema errors have no line
    /// and column, as [`Thread::from_value`]'s (text the caller never saw,
    /// such as a JS object's `JSON.stringify`).
    pub fn with_positions(text: &'t str, positions: bool) -> Option<Sliced<'t>> {
        let scan = json::ThreadScan::new(text)?;
        Some(Sliced {
            text,
            scan: Some(scan),
            check: Check { text: positions.then_some(text), errors: Vec::new() },
            root: Value { kind: Kind::Null, pos: 0 },
            spans: Vec::new(),
            first_of: Vec::new(),
            head: None,
            thread: None,
            priority: 0..0,
            priority_done: false,
            held: Vec::new(),
            scanned: false,
            id_order: Vec::new(),
            next: 0,
            steps: 0,
        })
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// The thread with placeholder posts once the head is validated (after
    /// the step that scanned the last byte), while no error has been found.
    /// The posts asked for with [`Sliced::first`] are real once
    /// [`Sliced::first_done`] says so.
    pub fn preview(&self) -> Option<&Thread> {
        self.thread.as_ref().filter(|_| self.check.errors.is_empty() && self.held.is_empty())
    }

    /// The posts that have an id, as positions sorted by (id, position): the
    /// order of the view's post index, known since the scan.
    pub fn id_order(&self) -> &[usize] {
        &self.id_order
    }

    /// Validates the posts `range` (indexes in the file) before the others.
    pub fn first(&mut self, range: std::ops::Range<usize>) {
        let n = self.spans.len();
        self.priority = range.start.min(n)..range.end.min(n);
        self.priority_done = false;
    }

    /// The posts asked for with [`Sliced::first`] are validated.
    pub fn first_done(&self) -> bool {
        self.priority_done
    }

    /// Works until `should_yield` says so (asked after every post or few
    /// posts). The step that finishes the scan returns right after the head
    /// is validated, so that [`Sliced::first`] can be called, and the step
    /// that validates those posts returns right after them.
    pub fn step(&mut self, should_yield: &mut dyn FnMut() -> bool) -> Progress {
        self.steps += 1;
        if let Some(scan) = self.scan.as_mut() {
            if !self.scanned {
                match scan.step(self.text, should_yield) {
                    Err(e) => return Progress::Done(Err(e.into())),
                    Ok(false) => return Progress::Working,
                    // The head (and the placeholders) in a step of their own.
                    Ok(true) => {
                        self.scanned = true;
                        return Progress::Working;
                    }
                }
            }
            let (root, spans) = self.scan.take().map(json::ThreadScan::finish).unwrap_or((Value { kind: Kind::Null, pos: 0 }, Vec::new()));
            self.root = root;
            let Some(head) = self.check.head(&self.root) else {
                return Progress::Done(Err(Errors(std::mem::take(&mut self.check.errors))));
            };
            // Posts are only read from the scan when `posts` is an array.
            match self.check.required("", &self.root, "posts") {
                Some(Value { kind: Kind::Array(_), .. }) => {
                    let keys: Vec<Option<String>> = spans.iter().map(|s| id_key(s.id())).collect();
                    (self.first_of, self.id_order) = first_of(&keys);
                    let placeholder = Rc::new(Author::default());
                    let posts = spans
                        .iter()
                        .zip(keys)
                        .enumerate()
                        .map(|(i, (s, id))| Post {
                            id: id.unwrap_or_default(),
                            number: match s.number().map(|v| &v.kind) {
                                Some(Kind::Int(n)) if *n >= 0 => *n as u64,
                                _ => head.first_number + i as u64,
                            },
                            author: placeholder.clone(),
                            created: None,
                            edited: None,
                            format: match s.format().map(|v| &v.kind) {
                                Some(Kind::Str(f)) => Format::from_name(f).unwrap_or(head.format),
                                _ => head.format,
                            },
                            body: String::new(),
                            reply_to: None,
                            url: None,
                            deleted: None,
                            counts: Counts::default(),
                        })
                        .collect();
                    self.spans = spans;
                    self.thread = Some(self.shell(&head, posts));
                }
                Some(other) => {
                    self.check.expected("posts", other, "an array of posts");
                    self.thread = Some(self.shell(&head, Vec::new()));
                }
                None => self.thread = Some(self.shell(&head, Vec::new())),
            }
            self.head = Some(head);
            return Progress::Working;
        }
        let (Some(head), Some(thread)) = (self.head.as_ref(), self.thread.as_mut()) else {
            return Progress::Done(Err(Errors(std::mem::take(&mut self.check.errors))));
        };
        if !self.priority_done {
            let found = self.check.errors.len();
            for i in self.priority.clone() {
                validate_span(&mut self.check, self.text, head, &mut self.spans, &self.first_of, thread, i);
            }
            self.held = self.check.errors.split_off(found);
            self.priority_done = true;
            // Back to the caller at once: it can show these posts.
            return Progress::Working;
        }
        let mut count = 0u32;
        while self.next < self.spans.len() {
            let i = self.next;
            self.next += 1;
            if self.priority.contains(&i) {
                if i == self.priority.start {
                    self.check.errors.append(&mut self.held);
                }
                continue;
            }
            validate_span(&mut self.check, self.text, head, &mut self.spans, &self.first_of, thread, i);
            count += 1;
            if count % 4 == 0 && should_yield() {
                return Progress::Working;
            }
        }
        // A priority range at the very end (newest first) was not reached above.
        self.check.errors.append(&mut self.held);
        let (Some(head), Some(mut thread)) = (self.head.take(), self.thread.take()) else { return Progress::Working };
        let posts = std::mem::take(&mut thread.posts);
        let check = std::mem::replace(&mut self.check, Check { text: None, errors: Vec::new() });
        Progress::Done(check.finish(&self.root, head, posts))
    }

    /// The thread as far as the head goes (title and the rest come at the end).
    fn shell(&self, head: &Head, posts: Vec<Post>) -> Thread {
        // The preview must render as the final thread: the members after
        // `posts` are parsed already, so read them with a throw-away check.
        let c = Check { text: None, errors: Vec::new() };
        let head2 = Head { version: head.version, format: head.format, forum: head.forum.clone(), authors: Vec::new(), users: Vec::new(), page: head.page.clone(), first_number: head.first_number };
        let mut t = c.finish(&self.root, head2, Vec::new()).unwrap_or_else(|_| Thread { version: head.version, title: None, url: None, forum: head.forum.clone(), format: head.format, posts: Vec::new(), browsing: None, permissions: None, page: head.page.clone(), platform: None, more: None });
        t.posts = posts;
        t
    }
}

fn validate_span(c: &mut Check<'_>, text: &str, head: &Head, spans: &mut [json::PostSpan], first_of: &[Option<usize>], thread: &mut Thread, i: usize) {
    let pv = match spans[i].value.take() {
        Some(v) => v,
        // The scan checked the syntax of every post: this parse cannot fail.
        None => match json::parse_at(text, spans[i].pos, 2) {
            Ok(v) => v,
            Err(_) => return,
        },
    };
    if let Some(p) = c.post(head, i, &pv, first_of[i]) {
        thread.posts[i] = p;
    }
}
