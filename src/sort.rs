//! Sorting where the order of equal elements cannot matter: the `(key,
//! index)` pairs that the model and the view order posts, users and errors
//! by (every pair holds a distinct index, so the order is total), and the
//! platform readers' ids and addresses (equal strings are the same). Any
//! correct sort then gives the same result.
//!
//! Natively that is the standard library's `sort_unstable`. In the wasm it
//! is the heapsort below, a few hundred bytes where `sort_unstable`'s
//! quicksort, pivot choice and small-sort networks were about 3 KB
//! (docs/benchmarks.md, "Issue 16"); heapsort keeps O(n log n) in the worst
//! case and sorts in place.

/// Sorts `v`, whose equal elements are indistinguishable (see above).
pub fn sort<T: Ord>(v: &mut [T]) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable();
    #[cfg(target_arch = "wasm32")]
    heapsort(v);
}

/// `v`'s elements in the order of the indexes `order` names (each at most
/// once), moved, not cloned: how a sort of `(key, index)` pairs reorders the
/// things they stand for.
pub fn in_order<T>(v: Vec<T>, order: impl IntoIterator<Item = usize>) -> Vec<T> {
    let mut slots: Vec<Option<T>> = v.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots.get_mut(i)?.take()).collect()
}

/// An in-place heapsort.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the native build tests it
fn heapsort<T: Ord>(v: &mut [T]) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Moves `v[root]` down the max-heap `v[..end]` to its place, bottom-up
/// (Floyd): down to a leaf along the larger children, one comparison a
/// level, then back up to where `v[root]` belongs, which is seldom far: about
/// half the comparisons of the usual sift, and comparing keys (strings) is
/// what a sort here spends its time on.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn sift_down<T: Ord>(v: &mut [T], root: usize, end: usize) {
    let mut j = root;
    loop {
        let child = 2 * j + 1;
        if child >= end {
            break;
        }
        j = if child + 1 < end && v[child] < v[child + 1] { child + 1 } else { child };
    }
    while j > root && v[j] < v[root] {
        j = (j - 1) / 2;
    }
    // `v[root]` goes to `j`; each element on the path below `root` down to
    // `j` moves up to its parent.
    while j > root {
        v.swap(root, j);
        j = (j - 1) / 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heapsort gives `sort_unstable`'s order: on repeated keys, ids as
    /// the model sorts them, numbers written in hex, and every small length.
    #[test]
    fn heapsort_sorts_as_sort_unstable_does() {
        let mut seed = 0x2545_f491_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let words: Vec<String> = (0..3000).map(|_| format!("{:x}", next() % 700)).collect();
        for len in (0..40).chain([999, 3000]) {
            let mut a: Vec<(&str, usize)> = words[..len].iter().map(String::as_str).zip(0..).collect();
            // Shuffled, so the indices come in any order.
            for i in (1..a.len()).rev() {
                a.swap(i, (next() % (i as u64 + 1)) as usize);
            }
            let mut b = a.clone();
            heapsort(&mut a);
            b.sort_unstable();
            assert_eq!(a, b, "length {len}");
        }
    }
}
