//! The reply tree of a thread, for `data-layout="nested"`: which post each
//! reply stands under, in what order, and how many replies each post has.
//!
//! A post stands at the top level when it answers nothing (`reply_to`
//! absent), a post not in the file, or itself. A reply cycle (4 answers 7,
//! 7 answers 4) is cut at its earliest post in the file, which goes to the
//! top level: every post is shown once and no walk can loop. Everything is
//! built without recursion (a chain of 100,000 replies is a list here).

use crate::config::Order;
use crate::model::Thread;

/// No parent: the post stands at the top level.
const NONE: u32 = u32::MAX;

/// Why a post stands at the top level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Top {
    /// It answers nothing.
    Root,
    /// It answers a post that is not in the file (or itself).
    Orphan,
    /// It answers a post of a reply cycle that leads back to it.
    Cycle,
}

/// The reply tree of one thread in one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replies {
    /// Each post's parent (an index into `thread.posts`), or [`NONE`].
    parent: Vec<u32>,
    /// The top-level posts, in the order shown.
    roots: Vec<u32>,
    /// `kids[first[i]..first[i + 1]]` are post `i`'s replies, in the order shown.
    first: Vec<u32>,
    kids: Vec<u32>,
    /// How many posts each post's subtree holds, itself included.
    size: Vec<u32>,
    /// Each top-level post's place in `roots`; `NONE` for replies.
    unit: Vec<u32>,
    /// Posts of the file before each top-level post, in the order shown
    /// (its subtree's first post's position), then the total: `before[roots.len()]`.
    before: Vec<u32>,
    /// Why each top-level post is there (replies: `Top::Root`, unused).
    top: Vec<Top>,
    order: Order,
}

impl Replies {
    /// The tree of `thread`, siblings (and top-level posts) in `order`.
    /// `position` finds a post's index from its id (the view's sorted ids).
    pub fn new(thread: &Thread, order: Order, position: impl Fn(&str) -> Option<usize>) -> Replies {
        let n = thread.posts.len();
        let mut parent = vec![NONE; n];
        let mut top = vec![Top::Root; n];
        for (i, p) in thread.posts.iter().enumerate() {
            if let Some(r) = &p.reply_to {
                match position(r) {
                    Some(j) if j != i => parent[i] = j as u32,
                    _ => top[i] = Top::Orphan,
                }
            }
        }
        // Cycles: walk up from each post not yet known to reach the top;
        // a walk that meets its own path has found a cycle.
        // state: 0 unknown, 1 on the current walk, 2 reaches the top.
        let mut state = vec![0u8; n];
        let mut path = Vec::new();
        for start in 0..n {
            let mut i = start;
            while i != NONE as usize && state[i] == 0 {
                state[i] = 1;
                path.push(i);
                i = parent[i] as usize;
            }
            if i != NONE as usize && state[i] == 1 {
                // The cycle is the path from i on; cut it at its earliest post.
                let from = path.iter().position(|&k| k == i).unwrap_or(0);
                let cut = path[from..].iter().copied().min().unwrap_or(i);
                parent[cut] = NONE;
                top[cut] = Top::Cycle;
            }
            for &k in &path {
                state[k] = 2;
            }
            path.clear();
        }
        // Children lists (counting sort by parent), in file order, then the order shown.
        let mut first = vec![0u32; n + 1];
        for &p in &parent {
            if p != NONE {
                first[p as usize + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut kids = vec![0u32; first[n] as usize];
        for (i, &p) in parent.iter().enumerate() {
            if p != NONE {
                kids[fill[p as usize] as usize] = i as u32;
                fill[p as usize] += 1;
            }
        }
        let mut roots: Vec<u32> = (0..n as u32).filter(|&i| parent[i as usize] == NONE).collect();
        if order == Order::Newest {
            roots.reverse();
            for i in 0..n {
                kids[first[i] as usize..first[i + 1] as usize].reverse();
            }
        }
        let mut tree = Replies { parent, roots, first, kids, size: vec![1; n], unit: vec![NONE; n], before: Vec::new(), top, order };
        // Subtree sizes: children after parents in pre-order, so add them up backwards.
        let pre: Vec<u32> = tree.preorder().map(|(i, _)| i as u32).collect();
        for &i in pre.iter().rev() {
            let p = tree.parent[i as usize];
            if p != NONE {
                tree.size[p as usize] += tree.size[i as usize];
            }
        }
        let mut at = 0u32;
        tree.before = Vec::with_capacity(tree.roots.len() + 1);
        for (u, &r) in tree.roots.iter().enumerate() {
            tree.unit[r as usize] = u as u32;
            tree.before.push(at);
            at += tree.size[r as usize];
        }
        tree.before.push(at);
        tree
    }

    /// The order this tree was built in.
    pub fn order(&self) -> Order {
        self.order
    }

    /// How many posts the tree holds.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether the tree holds no post.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// How many top-level posts there are.
    pub fn units(&self) -> usize {
        self.roots.len()
    }

    /// The `u`-th top-level post, in the order shown.
    pub fn root(&self, u: usize) -> Option<usize> {
        self.roots.get(u).map(|&i| i as usize)
    }

    /// Post `i`'s replies, in the order shown.
    pub fn replies(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = (self.first[i] as usize, self.first[i + 1] as usize);
        self.kids[a..b].iter().map(|&k| k as usize)
    }

    /// How many replies stand under post `i`, at any depth.
    pub fn descendants(&self, i: usize) -> usize {
        self.size.get(i).map_or(0, |&s| s as usize - 1)
    }

    /// The post `i` answers in this tree (none at the top level).
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent.get(i).filter(|&&p| p != NONE).map(|&p| p as usize)
    }

    /// Why post `i` stands at the top level (`None` for a reply).
    pub fn top(&self, i: usize) -> Option<Top> {
        (self.parent.get(i) == Some(&NONE)).then(|| self.top[i])
    }

    /// The top-level post whose subtree holds post `i`, as its place among
    /// the top-level posts (the unit paging counts).
    pub fn unit_of(&self, mut i: usize) -> Option<usize> {
        if i >= self.parent.len() {
            return None;
        }
        // No cycles are left: the walk ends.
        while self.parent[i] != NONE {
            i = self.parent[i] as usize;
        }
        Some(self.unit[i] as usize)
    }

    /// Posts before top-level post `u` in the order shown (`u` may be
    /// [`Replies::units`]: every post).
    pub fn posts_before(&self, u: usize) -> usize {
        self.before.get(u.min(self.roots.len())).map_or(0, |&b| b as usize)
    }

    /// How deep post `i` stands (0 at the top level).
    pub fn depth(&self, mut i: usize) -> usize {
        let mut d = 0;
        while let Some(p) = self.parent(i) {
            i = p;
            d += 1;
        }
        d
    }

    /// Post `i` and its ancestors, the top-level post first.
    pub fn path(&self, mut i: usize) -> Vec<usize> {
        let mut path = vec![i];
        while let Some(p) = self.parent(i) {
            path.push(p);
            i = p;
        }
        path.reverse();
        path
    }

    /// Post `i`'s replies at every depth in the order shown (each, then its
    /// replies), with their depth below `i` (1 for its own replies).
    pub fn below(&self, i: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let (a, b) = (self.first[i] as usize, self.first[i + 1] as usize);
        self.walk(self.kids[a..b].iter().rev().map(|&k| (k as usize, 1)).collect())
    }

    /// Every post in the order shown (each post, then its replies), with its depth (0 at the top level).
    pub fn preorder(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.subtrees(0..self.roots.len())
    }

    /// The posts of the top-level posts `units` and their replies, in the
    /// order shown, each with its depth.
    pub fn subtrees(&self, units: std::ops::Range<usize>) -> impl Iterator<Item = (usize, usize)> + '_ {
        let roots = self.roots.get(units.start.min(self.roots.len())..units.end.min(self.roots.len())).unwrap_or(&[]);
        self.walk(roots.iter().rev().map(|&r| (r as usize, 0)).collect())
    }

    /// Pre-order from a stack of (post, depth), the first to visit last.
    fn walk(&self, mut stack: Vec<(usize, usize)>) -> impl Iterator<Item = (usize, usize)> + '_ {
        std::iter::from_fn(move || {
            let (i, d) = stack.pop()?;
            let (a, b) = (self.first[i] as usize, self.first[i + 1] as usize);
            stack.extend(self.kids[a..b].iter().rev().map(|&k| (k as usize, d + 1)));
            Some((i, d))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread(replies: &[(u32, Option<u32>)]) -> Thread {
        let posts: Vec<String> = replies
            .iter()
            .map(|(id, r)| match r {
                Some(r) => format!(r#"{{"id": {id}, "author": {{"name": "a"}}, "body": "b", "reply_to": {r}}}"#),
                None => format!(r#"{{"id": {id}, "author": {{"name": "a"}}, "body": "b"}}"#),
            })
            .collect();
        Thread::from_json(&format!(r#"{{"posts": [{}]}}"#, posts.join(","))).unwrap()
    }

    fn tree(t: &Thread, order: Order) -> Replies {
        let at: std::collections::HashMap<&str, usize> = t.posts.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
        Replies::new(t, order, |id| at.get(id).copied())
    }

    fn ids(t: &Thread, it: impl Iterator<Item = (usize, usize)>) -> Vec<(String, usize)> {
        it.map(|(i, d)| (t.posts[i].id.clone(), d)).collect()
    }

    #[test]
    fn replies_stand_under_their_parents_in_the_order_shown() {
        let t = thread(&[(1, None), (2, Some(1)), (3, None), (4, Some(2)), (5, Some(1)), (6, Some(3))]);
        let r = tree(&t, Order::Oldest);
        let s = |v: &[(u32, usize)]| v.iter().map(|(i, d)| (i.to_string(), *d)).collect::<Vec<_>>();
        assert_eq!(ids(&t, r.preorder()), s(&[(1, 0), (2, 1), (4, 2), (5, 1), (3, 0), (6, 1)]));
        assert_eq!((r.units(), r.descendants(0), r.descendants(1), r.descendants(2)), (2, 3, 1, 1));
        assert_eq!((r.posts_before(0), r.posts_before(1), r.posts_before(2)), (0, 4, 6));
        assert_eq!((r.unit_of(3), r.unit_of(5)), (Some(0), Some(1)));
        let r = tree(&t, Order::Newest);
        assert_eq!(ids(&t, r.preorder()), s(&[(3, 0), (6, 1), (1, 0), (5, 1), (2, 1), (4, 2)]));
        assert_eq!(ids(&t, r.subtrees(1..2)), s(&[(1, 0), (5, 1), (2, 1), (4, 2)]));
    }

    #[test]
    fn orphans_self_replies_and_cycles_stand_once_at_the_top_level() {
        // 2 answers a post not in the file, 3 answers itself, 4 → 6 → 5 → 4 is a cycle.
        let t = thread(&[(1, None), (2, Some(99)), (3, Some(3)), (4, Some(6)), (5, Some(4)), (6, Some(5)), (7, Some(5))]);
        let r = tree(&t, Order::Oldest);
        let shown = ids(&t, r.preorder());
        assert_eq!(shown.len(), 7, "{shown:?}");
        assert_eq!(shown.iter().map(|(id, d)| format!("{id}:{d}")).collect::<Vec<_>>().join(" "), "1:0 2:0 3:0 4:0 5:1 6:2 7:2");
        assert_eq!((r.top(1), r.top(2), r.top(3), r.top(4)), (Some(Top::Orphan), Some(Top::Orphan), Some(Top::Cycle), None));
    }

    #[test]
    fn a_chain_of_50000_replies_needs_no_recursion() {
        let n = 50_000u32;
        let posts: Vec<(u32, Option<u32>)> = (1..=n).map(|i| (i, (i > 1).then(|| i - 1))).collect();
        let t = thread(&posts);
        let r = tree(&t, Order::Oldest);
        assert_eq!((r.units(), r.descendants(0)), (1, n as usize - 1));
        assert_eq!(r.preorder().last(), Some((n as usize - 1, n as usize - 1)));
        assert_eq!(r.unit_of(n as usize - 1), Some(0));
        // A ring of 50,000: cut once, at the first post.
        let mut ring = posts.clone();
        ring[0].1 = Some(n);
        let t = thread(&ring);
        let r = tree(&t, Order::Oldest);
        assert_eq!((r.units(), r.top(0)), (1, Some(Top::Cycle)));
    }
}
