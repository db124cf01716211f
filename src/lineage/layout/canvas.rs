//! A grid of line cells: each cell records which of its four sides a line
//! leaves by, and the glyph is chosen from that (so joins and crossings
//! come out right whatever order the lines were drawn in).

const NORTH: u8 = 1;
const SOUTH: u8 = 2;
const WEST: u8 = 4;
const EAST: u8 = 8;

/// One cell of the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cell {
    #[default]
    Empty,
    /// Line sides, as bits (north 1, south 2, west 4, east 8).
    Lines(u8),
    /// Where an edge enters a box.
    Arrow,
}

impl Cell {
    pub fn glyph(self) -> Option<char> {
        let sides = match self {
            Cell::Empty => return None,
            Cell::Arrow => return Some('▶'),
            Cell::Lines(sides) => sides,
        };
        Some(match sides {
            s if s == WEST | EAST => '─',
            s if s == NORTH | SOUTH => '│',
            s if s == SOUTH | EAST => '╭',
            s if s == SOUTH | WEST => '╮',
            s if s == NORTH | EAST => '╰',
            s if s == NORTH | WEST => '╯',
            s if s == NORTH | SOUTH | EAST => '├',
            s if s == NORTH | SOUTH | WEST => '┤',
            s if s == SOUTH | WEST | EAST => '┬',
            s if s == NORTH | WEST | EAST => '┴',
            s if s == NORTH | SOUTH | WEST | EAST => '┼',
            s if s == WEST => '╴',
            s if s == EAST => '╶',
            s if s == NORTH => '╵',
            _ => '╷',
        })
    }

    /// The sides a line leaves this cell by (an arrow leaves west and east).
    pub fn sides(self) -> u8 {
        match self {
            Cell::Empty => 0,
            Cell::Arrow => WEST | EAST,
            Cell::Lines(sides) => sides,
        }
    }
}

/// Which ends of a horizontal line continue beyond it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ends {
    pub west: bool,
    pub east: bool,
}

impl Ends {
    pub const BOTH: Ends = Ends {
        west: true,
        east: true,
    };
    pub const WEST: Ends = Ends {
        west: true,
        east: false,
    };
    pub const EAST: Ends = Ends {
        west: false,
        east: true,
    };
    pub const NONE: Ends = Ends {
        west: false,
        east: false,
    };
}

/// Line cells over a `width` × `height` area, (0, 0) at the top left.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Canvas {
    width: u16,
    height: u16,
    cells: Vec<Cell>,
}

impl Canvas {
    pub fn new(width: u16, height: u16) -> Canvas {
        Canvas {
            width,
            height,
            cells: vec![Cell::Empty; width as usize * height as usize],
        }
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    pub fn height(&self) -> u16 {
        self.height
    }

    pub fn get(&self, x: u16, y: u16) -> Cell {
        self.index(x, y)
            .map(|i| self.cells[i])
            .unwrap_or(Cell::Empty)
    }

    /// Every drawn cell with its position.
    pub fn cells(&self) -> impl Iterator<Item = (u16, u16, Cell)> + '_ {
        let width = self.width.max(1) as usize;
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, cell)| **cell != Cell::Empty)
            .map(move |(i, &cell)| ((i % width) as u16, (i / width) as u16, cell))
    }

    fn index(&self, x: u16, y: u16) -> Option<usize> {
        (x < self.width && y < self.height).then(|| y as usize * self.width as usize + x as usize)
    }

    fn join(&mut self, x: u16, y: u16, sides: u8) {
        if let Some(i) = self.index(x, y) {
            self.cells[i] = match self.cells[i] {
                Cell::Arrow => Cell::Arrow,
                Cell::Empty => Cell::Lines(sides),
                Cell::Lines(old) => Cell::Lines(old | sides),
            };
        }
    }

    /// A horizontal line from `x0` to `x1` on row `y` (`x0 <= x1`); an end
    /// cell gets its outer side only if that end is open (it joins a line
    /// drawn beyond it).
    pub fn horizontal(&mut self, x0: u16, x1: u16, y: u16, open: Ends) {
        for x in x0..=x1 {
            let mut sides = 0;
            if x > x0 || open.west {
                sides |= WEST;
            }
            if x < x1 || open.east {
                sides |= EAST;
            }
            self.join(x, y, sides);
        }
    }

    /// A vertical line from `y0` to `y1` (either order) in column `x`.
    pub fn vertical(&mut self, x: u16, y0: u16, y1: u16) {
        let (a, b) = (y0.min(y1), y0.max(y1));
        if a == b {
            return;
        }
        for y in a..=b {
            let sides = if y == a {
                SOUTH
            } else if y == b {
                NORTH
            } else {
                NORTH | SOUTH
            };
            self.join(x, y, sides);
        }
    }

    /// A box's right border where a line leaves it: `├`.
    pub fn exit(&mut self, x: u16, y: u16) {
        self.join(x, y, NORTH | SOUTH | EAST);
    }

    pub fn arrow(&mut self, x: u16, y: u16) {
        if let Some(i) = self.index(x, y) {
            self.cells[i] = Cell::Arrow;
        }
    }

    /// The canvas as text, one line per row (spaces where nothing is drawn).
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for y in 0..self.height {
            let row: String = (0..self.width)
                .map(|x| self.get(x, y).glyph().unwrap_or(' '))
                .collect();
            text.push_str(row.trim_end());
            text.push('\n');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_crossings_take_their_glyph_from_the_sides_they_leave_by() {
        let mut canvas = Canvas::new(5, 3);
        canvas.horizontal(0, 4, 1, Ends::BOTH);
        canvas.vertical(2, 0, 2);
        canvas.vertical(4, 1, 2);
        assert_eq!(canvas.to_text(), "  ╷\n──┼─┬\n  ╵ ╵\n");
    }

    #[test]
    fn lines_outside_the_canvas_are_clipped() {
        let mut canvas = Canvas::new(2, 2);
        canvas.horizontal(0, 9, 0, Ends::NONE);
        canvas.vertical(7, 0, 5);
        assert_eq!(canvas.to_text(), "╶─\n\n");
    }
}
