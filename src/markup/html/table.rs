//! Tables in HTML bodies: the table being built, its structure inside an
//! open table (implied `tbody` and `tr`, cells, foster parenting) and its rows.

use super::elements::{Kind, Scope};
use super::inline::Role;
use super::tokenize::{Mode, StartTag};
use super::tree::Builder;
use crate::markup::Inline;

#[derive(Debug, Default)]
pub(super) struct TableB {
    pub(super) head: Option<Vec<Vec<Inline>>>,
    pub(super) rows: Vec<Vec<Vec<Inline>>>,
    pub(super) row: Option<(Vec<Vec<Inline>>, bool)>,
    pub(super) in_head: bool,
}

impl Builder {
    /// Table structure inside an open table. `Some(mode)` when handled.
    pub(super) fn table_start(&mut self, tag: &StartTag) -> Option<Option<Mode>> {
        let name = tag.name.as_str();
        let in_cell = self.in_scope("td", Scope::Table) || self.in_scope("th", Scope::Table);
        let structure = matches!(name, "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead" | "tr" | "td" | "th" | "table");
        if !structure {
            return None;
        }
        if in_cell && self.innermost_table_cell() {
            if name == "table" && !self.in_table_body() {
                // A table in a cell: a new table.
                return None;
            }
            // Another cell or row: closes the cell.
            self.close_cell();
        } else if !self.in_table_body() && name != "table" && !self.in_scope("table", Scope::Table) {
            return None;
        }
        match name {
            "table" => {
                if self.in_table_body() || self.current_is_in_table_structure() {
                    // A table in a table closes the first.
                    self.pop_until("table");
                    self.close_p();
                    self.push_flow("table", Role::Table(Box::default()), tag.attr("hidden").is_some());
                    return Some(None);
                }
                None
            }
            "caption" => {
                self.clear_to_table();
                self.push_flow("caption", Role::Transparent, false);
                self.push_marker();
                Some(None)
            }
            "col" | "colgroup" => Some(None),
            "tbody" | "thead" | "tfoot" => {
                self.clear_to_table();
                self.set_head(name == "thead");
                self.push(name, Kind::Other, false);
                Some(None)
            }
            "tr" => {
                self.clear_to_section();
                if self.current() == "table" {
                    self.set_head(false);
                    self.push("tbody", Kind::Other, false);
                }
                self.start_row();
                self.push("tr", Kind::Other, false);
                Some(None)
            }
            _ => {
                // td, th
                self.clear_to_row();
                if self.current() != "tr" {
                    if self.current() == "table" {
                        self.set_head(false);
                        self.push("tbody", Kind::Other, false);
                    }
                    self.start_row();
                    self.push("tr", Kind::Other, false);
                }
                self.push_flow(name, Role::Cell { th: name == "th" }, tag.attr("hidden").is_some());
                self.push_marker();
                Some(None)
            }
        }
    }

    /// Whether the innermost of an open cell and an open table is the cell.
    pub(super) fn innermost_table_cell(&self) -> bool {
        for el in self.stack.iter().rev() {
            match el.name.as_str() {
                "td" | "th" => return true,
                "table" => return false,
                _ => {}
            }
        }
        false
    }

    pub(super) fn current_is_in_table_structure(&self) -> bool {
        self.in_scope("table", Scope::Table) && !self.innermost_table_cell()
    }

    pub(super) fn close_cell(&mut self) {
        self.pop_until_any(|n| n == "td" || n == "th");
    }

    pub(super) fn clear_to_table(&mut self) {
        while self.stack.len() > 1 && !matches!(self.current(), "table" | "template" | "") {
            self.pop();
        }
    }

    pub(super) fn clear_to_section(&mut self) {
        while self.stack.len() > 1 && !matches!(self.current(), "tbody" | "thead" | "tfoot" | "table" | "template" | "") {
            self.pop();
        }
    }

    pub(super) fn clear_to_row(&mut self) {
        while self.stack.len() > 1 && !matches!(self.current(), "tr" | "tbody" | "thead" | "tfoot" | "table" | "template" | "") {
            self.pop();
        }
    }

    pub(super) fn table(&mut self) -> Option<&mut TableB> {
        match &mut self.flow().role {
            Role::Table(t) => Some(t),
            _ => None,
        }
    }

    pub(super) fn set_head(&mut self, head: bool) {
        if let Some(t) = self.table() {
            end_row(t);
            t.in_head = head;
        }
    }

    pub(super) fn start_row(&mut self) {
        if let Some(t) = self.table() {
            end_row(t);
            t.row = Some((Vec::new(), true));
        }
    }

}

pub(super) fn end_row(t: &mut TableB) {
    if let Some((row, all_th)) = t.row.take() {
        if (t.in_head || (t.rows.is_empty() && all_th && !row.is_empty())) && t.head.is_none() {
            t.head = Some(row);
            return;
        }
        t.rows.push(row);
    }
}
