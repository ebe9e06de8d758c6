//! Thread → view tree. All wording comes from [`crate::i18n`].

pub mod body;
pub mod node;
