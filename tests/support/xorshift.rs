//! The smoke tests' pseudo-random numbers (xorshift64 with a fixed seed:
//! every run tries the same inputs). Included by tests/fuzz_smoke.rs,
//! tests/html_fuzz_smoke.rs and tests/import_fuzz_smoke.rs.

/// A xorshift64 generator; its state is the seed (never 0).
pub struct XorShift(pub u64);

impl XorShift {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
