// Copyright 2015 Google Inc. All rights reserved.
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in
// all copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
// THE SOFTWARE.

//! Expansions of HTML5 entities
//!
//! thread-widget's patch (vendor/README.md): the table of 2,125 pointer
//! pairs this file held (21.9 KB gzip of wasm) is gone; the embedder hands
//! the parser its lookup with [`set_entity_lookup`], once, before parsing.
//! Without one, no named reference is expanded (numeric ones always are).

use std::sync::OnceLock;

/// A named character reference's expansion, looked up by its name without
/// `&` and `;`.
pub type EntityLookup = fn(&[u8]) -> Option<&'static str>;

static LOOKUP: OnceLock<EntityLookup> = OnceLock::new();

/// Sets where named character references are looked up. The first call
/// wins: later ones are ignored.
pub fn set_entity_lookup(lookup: EntityLookup) {
    let _ = LOOKUP.set(lookup);
}

pub(crate) fn get_entity(bytes: &[u8]) -> Option<&'static str> {
    LOOKUP.get().and_then(|lookup| lookup(bytes))
}
