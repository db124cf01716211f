//! A one-line text box: the search box, the command line, the help filter.

use crate::tui::action::Edit;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in chars.
    cursor: usize,
}

impl TextInput {
    pub fn with_text(text: &str) -> TextInput {
        TextInput {
            text: text.to_owned(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        *self = TextInput::with_text(text);
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies an edit; true when the text changed.
    pub fn apply(&mut self, edit: Edit) -> bool {
        let len = self.text.chars().count();
        match edit {
            Edit::Insert(c) => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                true
            }
            Edit::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                true
            }
            Edit::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                true
            }
            Edit::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            Edit::Right => {
                self.cursor = (self.cursor + 1).min(len);
                false
            }
            Edit::Home => {
                self.cursor = 0;
                false
            }
            Edit::End => {
                self.cursor = len;
                false
            }
            Edit::DeleteWord if self.cursor > 0 => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
                self.text.replace_range(from..to, "");
                self.cursor = start;
                true
            }
            Edit::Clear if !self.text.is_empty() => {
                self.set("");
                true
            }
            _ => false,
        }
    }

    pub fn insert_str(&mut self, text: &str) -> bool {
        let mut changed = false;
        for c in text.chars().filter(|c| !c.is_control()) {
            changed |= self.apply(Edit::Insert(c));
        }
        changed
    }

    /// The word before the cursor (from the last unquoted space).
    pub fn current_word(&self) -> &str {
        let before = &self.text[..self.byte_at(self.cursor)];
        let mut start = 0;
        let mut quoted = false;
        for (i, c) in before.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => start = i + 1,
                _ => {}
            }
        }
        &before[start..]
    }

    /// Replaces the word before the cursor with `word`.
    pub fn replace_current_word(&mut self, word: &str) {
        let end = self.byte_at(self.cursor);
        let start = end - self.current_word().len();
        self.text.replace_range(start..end, word);
        self.cursor = self.text[..start + word.len()].chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor() {
        let mut input = TextInput::with_text("ordrs");
        input.apply(Edit::Left);
        input.apply(Edit::Left);
        input.apply(Edit::Insert('e'));
        assert_eq!((input.text(), input.cursor()), ("orders", 4));
        input.apply(Edit::End);
        input.apply(Edit::Backspace);
        assert_eq!(input.text(), "order");
    }

    #[test]
    fn delete_word_and_current_word_respect_quotes() {
        let mut input = TextInput::with_text("orders team:\"Payments Co");
        assert_eq!(input.current_word(), "team:\"Payments Co");
        input.replace_current_word("team:\"Payments Core\" ");
        assert_eq!(input.text(), "orders team:\"Payments Core\" ");
        input.apply(Edit::DeleteWord);
        assert_eq!(input.text(), "orders team:\"Payments ");
    }
}
