//! The XML of the exports (Disqus, WordPress WXR) as a small tree of
//! elements, read with quick-xml (CLI build only). Exports are data, not
//! documents: an element keeps its qualified name (`dsq:id`, `wp:comment`),
//! its attributes, its child elements and its text (text, CDATA and
//! references joined; text between child elements is kept too, which data
//! never has). Every error says where (line) and what: not well-formed,
//! ended early (a truncated export), an unknown entity, nesting deeper than
//! [`MAX_DEPTH`] (exports are a few levels deep; the limit keeps the tree's
//! drop shallow).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The deepest element an export may have.
pub const MAX_DEPTH: usize = 64;

/// One element.
#[derive(Debug, Default)]
pub struct Element {
    /// The qualified name, as written (`wp:comment`).
    pub name: String,
    /// Attributes by qualified name, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Child elements, in order.
    pub children: Vec<Element>,
    /// The text inside it (not inside its children), references resolved.
    pub text: String,
    /// The line it starts on (1-based).
    pub line: usize,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`, when not empty.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }

    /// The value of the attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Line numbers from byte offsets, counted forward only (offsets grow).
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl Lines<'_> {
    fn of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset > self.at {
            self.line += self.text[self.at..offset].iter().filter(|&&b| b == b'\n').count();
            self.at = offset;
        }
        self.line
    }
}

/// The root element of `text`.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    // Real end names are checked; empty elements stay Empty events.
    reader.config_mut().check_end_names = true;
    let mut lines = Lines { text: text.as_bytes(), at: 0, line: 1 };
    // The open elements, the root first; the finished root lands in `root`.
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            // quick-xml's syntax errors are all a construct the input ends in.
            let short = if matches!(e, quick_xml::Error::Syntax(_)) { ": the file is cut short" } else { "" };
            format!("not well-formed XML at line {}: {e}{short}", lines.of(reader.error_position() as usize))
        })?;
        let line = lines.of(start + leading_space(&text.as_bytes()[start.min(text.len())..]));
        let bad = |what: &str| format!("not well-formed XML at line {line}: {what}");
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => return Err(bad(&format!("<{}> after the root element ended", String::from_utf8_lossy(e.name().as_ref())))),
            Event::Empty(e) => {
                let el = element(&e, line).map_err(|w| bad(&w))?;
                close(&mut open, &mut root, el);
            }
            Event::Start(e) => {
                if open.len() >= MAX_DEPTH {
                    return Err(bad(&format!("elements nested deeper than {MAX_DEPTH} levels (an export is a few levels deep)")));
                }
                open.push(element(&e, line).map_err(|w| bad(&w))?);
            }
            Event::End(_) => {
                // quick-xml checked that the name matches the open element.
                let el = open.pop().ok_or_else(|| bad("an end tag with no element open"))?;
                close(&mut open, &mut root, el);
            }
            Event::Text(t) => {
                let t = t.xml10_content().map_err(|e| bad(&e.to_string()))?;
                match open.last_mut() {
                    Some(el) => el.text.push_str(&t),
                    None if t.trim().is_empty() => {}
                    None => return Err(bad("text outside the root element")),
                }
            }
            Event::CData(t) => {
                let t = t.xml10_content().map_err(|e| bad(&e.to_string()))?;
                open.last_mut().ok_or_else(|| bad("CDATA outside the root element"))?.text.push_str(&t);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| bad(&e.to_string()))?;
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => s.to_owned(),
                        None => return Err(bad(&format!("the entity &{name}; is not one of XML's five (&amp; &lt; &gt; &quot; &apos;)"))),
                    },
                    Err(e) => return Err(bad(&format!("&{name};: {e}"))),
                };
                open.last_mut().ok_or_else(|| bad("a reference outside the root element"))?.text.push_str(&resolved);
            }
            Event::Eof => {
                if let Some(el) = open.last() {
                    return Err(format!("the XML ends inside <{}> (opened at line {}): the file is cut short", el.name, el.line));
                }
                return root.ok_or_else(|| "no XML element in the file".to_owned());
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// An element from its start tag, with no children yet.
fn element(e: &BytesStart, line: usize) -> Result<Element, String> {
    let mut el = Element { name: String::from_utf8_lossy(e.name().as_ref()).into_owned(), line, ..Element::default() };
    for a in e.attributes() {
        let a = a.map_err(|err| format!("an attribute of <{}>: {err}", el.name))?;
        let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|err| format!("an attribute of <{}>: {err}", el.name))?;
        el.attrs.push((String::from_utf8_lossy(a.key.as_ref()).into_owned(), value.into_owned()));
    }
    Ok(el)
}

/// The number of whitespace bytes at the start of `b` (where an event's own text begins).
fn leading_space(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_whitespace()).count()
}

/// Hands a finished element to its parent, or makes it the root.
fn close(open: &mut [Element], root: &mut Option<Element>, el: Element) {
    match open.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}
