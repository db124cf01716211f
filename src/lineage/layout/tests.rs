use std::collections::{BTreeMap, BTreeSet, VecDeque};

use proptest::prelude::*;

use super::place::{IN_ROW, OUT_ROW};
use super::*;

const WIDE: Viewport = Viewport {
    width: 160,
    height: 40,
    box_width: 16,
};

fn layered(sides: &[Side], edges: &[(u32, u32)]) -> Layered {
    Layered::new(sides, edges)
}

fn layer_numbers(layered: &Layered) -> Vec<i64> {
    (0..layered.layer_of.len() as u32)
        .map(|n| layered.layer_of(n).unwrap() as i64 - layered.centre_layer() as i64)
        .collect()
}

use Side::{Centre as C, Downstream as D, Upstream as U};

#[test]
fn upstream_sits_left_downstream_right_each_as_close_as_its_edges_allow() {
    // 0 is the focus; 1 → 0 → 2 → 3; 4 → 1 and 4 → 0 (4 is two up by its
    // longer path); 2 → 5 and 3 → 5 (5 is three down).
    let sides = [C, U, D, D, U, D];
    let edges = [(1, 0), (0, 2), (2, 3), (4, 1), (4, 0), (2, 5), (3, 5)];
    let l = layered(&sides, &edges);
    assert_eq!(layer_numbers(&l), vec![0, -1, 1, 2, -2, 3]);
    assert!(l.backward_edges().is_empty());
    assert_eq!(l.forward_edges().count(), edges.len());
}

#[test]
fn a_cycle_is_broken_once_and_its_closing_edge_reported() {
    // 0 → 1 → 2 → 0 (a cycle through the focus) and 1 → 3.
    let sides = [C, D, D, D];
    let edges = [(0, 1), (1, 2), (2, 0), (1, 3)];
    let l = layered(&sides, &edges);
    assert_eq!(layer_numbers(&l), vec![0, 1, 2, 2]);
    assert_eq!(l.backward_edges(), &[(2, 0)]);
    assert!(l.in_cycle(2) && l.in_cycle(0) && !l.in_cycle(3));
}

#[test]
fn focused_datasets_feeding_each_other_take_successive_layers() {
    // At dataset level a product's own datasets are all focused: raw → clean → daily.
    let sides = [C, C, C, U];
    let edges = [(0, 1), (1, 2), (3, 0)];
    let l = layered(&sides, &edges);
    assert_eq!(layer_numbers(&l), vec![0, 1, 2, -1]);
}

#[test]
fn barycentre_sweeps_untangle_a_crossing() {
    // Upstream a, b feed focus children in crossed order.
    // 0 focus; 1, 2 upstream of 0; 3, 4 downstream; 1 → 0, 2 → 0, 0 → 3, 0 → 4,
    // and 5, 6 two down: 3 → 6, 4 → 5 (given in crossing order).
    let sides = [C, U, U, D, D, D, D];
    let edges = [(1, 0), (2, 0), (0, 3), (0, 4), (3, 6), (4, 5)];
    let l = layered(&sides, &edges);
    assert_eq!(l.crossings(), 0);
    let last = &l.layers()[l.layer_of(5).unwrap()];
    assert_eq!(last, &vec![6, 5]);
}

#[test]
fn crossings_are_counted_exactly() {
    // Two layers, a→y, b→x with a above b and x above y: one crossing;
    // plus a→x: crosses b→x? no (shared end). Built without sweeps.
    let mut l = Layered {
        layer_of: vec![0, 0, 1, 1],
        position: vec![0, 1, 0, 1],
        layers: vec![vec![0, 1], vec![2, 3]],
        centre_layer: 0,
        forward_by_layer: vec![vec![(0, 3), (1, 2), (0, 2)], vec![]],
        backward: vec![],
    };
    assert_eq!(l.crossings(), 1);
    // A shared end is not a crossing.
    l.forward_by_layer[0].push((1, 3));
    assert_eq!(l.crossings(), 1);
    // Three edges reversed: each pair crosses.
    let reversed = Layered {
        layer_of: vec![0, 0, 0, 1, 1, 1],
        position: vec![0, 1, 2, 0, 1, 2],
        layers: vec![vec![0, 1, 2], vec![3, 4, 5]],
        centre_layer: 0,
        forward_by_layer: vec![vec![(0, 5), (1, 4), (2, 3)], vec![]],
        backward: vec![],
    };
    assert_eq!(reversed.crossings(), 3);
}

#[test]
fn windows_page_through_a_wide_layer_with_more_slots() {
    assert_eq!(
        LayerWindow::new(5, 8, 3),
        LayerWindow {
            start: 0,
            end: 5,
            len: 5
        }
    );
    let first = LayerWindow::new(40, 8, 0);
    assert_eq!((first.start, first.end, first.hidden_below()), (0, 7, 33));
    let middle = LayerWindow::new(40, 8, 10);
    assert_eq!(
        (middle.hidden_above(), middle.end, middle.hidden_below()),
        (10, 16, 24)
    );
    let last = LayerWindow::new(40, 8, 39);
    assert_eq!((last.start, last.end), (33, 40));
    // Moving the selection down past the window scrolls it just enough.
    assert_eq!(LayerWindow::offset_showing(40, 8, 0, 6), 0);
    let offset = LayerWindow::offset_showing(40, 8, 0, 7);
    let window = LayerWindow::new(40, 8, offset);
    assert!(window.contains(7) && window.start > 0, "{window:?}");
    assert_eq!(LayerWindow::offset_showing(40, 8, 20, 3), 3);
    assert_eq!(LayerWindow::offset_showing(40, 8, 0, 39), 33);
}

/// Follows the lines leaving `from`'s exit, left to right (lines never
/// turn back west); the slots whose arrows they reach.
fn trace(scene: &Scene, canvas: &Canvas, from: Slot) -> BTreeSet<Slot> {
    const N: u8 = 1;
    const S: u8 = 2;
    const W: u8 = 4;
    const E: u8 = 8;
    let placed = scene.placed(from).expect("source placed");
    let mut reached = BTreeSet::new();
    let mut queue = VecDeque::from([(placed.x + placed.width, placed.y + OUT_ROW, W)]);
    let mut seen = BTreeSet::new();
    while let Some((x, y, came)) = queue.pop_front() {
        if !seen.insert((x, y, came)) {
            continue;
        }
        let cell = canvas.get(x, y);
        if cell.sides() & came == 0 {
            continue; // the line does not reach this cell
        }
        if cell == Cell::Arrow {
            let target = scene
                .boxes
                .iter()
                .find(|b| b.x == x + 1 && b.y + IN_ROW == y)
                .expect("an arrow points at a box");
            reached.insert(target.slot);
            continue;
        }
        let sides = cell.sides();
        let onward = if sides == N | S | W | E {
            // A crossing: straight on.
            match came {
                N => S,
                S => N,
                W => E,
                _ => W,
            }
        } else {
            sides & !came
        };
        for (side, dx, dy, enters) in [(N, 0, -1, S), (S, 0, 1, N), (E, 1, 0, W)] {
            if onward & side != 0 {
                let (nx, ny) = (x as i32 + dx, y as i32 + dy);
                if nx >= 0 && ny >= 0 {
                    queue.push_back((nx as u16, ny as u16, enters));
                }
            }
        }
    }
    reached
}

fn overlaps(a: &Placed, b: &Placed) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// The scene as text: boxes (with their slot) under the lines.
fn render(scene: &Scene) -> String {
    let (w, h) = (
        scene.canvas.width() as usize,
        scene.canvas.height() as usize,
    );
    let mut grid = vec![vec![' '; w]; h];
    for b in &scene.boxes {
        let (x0, y0, x1, y1) = (
            b.x as usize,
            b.y as usize,
            (b.x + b.width - 1) as usize,
            (b.y + b.height - 1) as usize,
        );
        for row in grid.iter_mut().take(y1 + 1).skip(y0) {
            row[x0] = '│';
            row[x1] = '│';
        }
        grid[y0][x0..=x1].fill('─');
        grid[y1][x0..=x1].fill('─');
        let label = match b.slot {
            Slot::Node(n) => format!("n{n}"),
            Slot::MoreAbove { hidden, .. } => format!("+{hidden} up"),
            Slot::MoreBelow { hidden, .. } => format!("+{hidden} down"),
        };
        for (i, c) in label.chars().enumerate().take(b.width as usize - 2) {
            grid[y0 + 1][x0 + 1 + i] = c;
        }
    }
    for (x, y, cell) in scene.canvas.cells() {
        grid[y as usize][x as usize] = cell.glyph().unwrap_or(' ');
    }
    grid.iter()
        .map(|row| row.iter().collect::<String>().trim_end().to_owned() + "\n")
        .collect()
}

/// No two boxes overlap, lines enter boxes only at exits, and every
/// connection is drawn: with its source selected, the highlighted lines
/// lead from it to exactly its targets. (On the full canvas another
/// source's line may join them at a crossing: the highlight is what tells
/// them apart.)
fn assert_legible(
    l: &Layered,
    viewport: Viewport,
    focus: usize,
    offset: &dyn Fn(usize) -> usize,
) -> Scene {
    let scene = l.place(viewport, focus, offset, None);
    for (i, a) in scene.boxes.iter().enumerate() {
        for b in &scene.boxes[i + 1..] {
            assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
        }
    }
    for (x, y, _) in scene.canvas.cells() {
        if let Some(b) = scene.hit(x, y) {
            assert_eq!(
                (x, y),
                (b.x + b.width - 1, b.y + OUT_ROW),
                "a line crosses {:?}",
                b.slot
            );
        }
    }
    let mut expected: BTreeMap<Slot, BTreeSet<Slot>> = BTreeMap::new();
    for &(a, b) in &scene.edges {
        expected.entry(a).or_default().insert(b);
    }
    for (from, targets) in expected {
        let selected = l.place(viewport, focus, offset, Some(from));
        assert_eq!(selected.boxes, scene.boxes);
        let reached = trace(&selected, &selected.highlight, from);
        assert_eq!(reached, targets, "from {from:?}\n{}", render(&selected));
    }
    scene
}

#[test]
fn a_neighbourhood_is_placed_without_overlaps_and_every_edge_traced() {
    let sides = [C, U, U, D, D, D, U];
    let edges = [
        (1, 0),
        (2, 0),
        (0, 3),
        (0, 4),
        (1, 4),
        (3, 5),
        (6, 1),
        (6, 5),
    ];
    let l = layered(&sides, &edges);
    let scene = assert_legible(&l, WIDE, l.centre_layer(), &|_| 0);
    assert_eq!(scene.columns, 0..5);
    assert_eq!(scene.undrawn, 0);
    let nodes: BTreeSet<u32> = scene
        .boxes
        .iter()
        .filter_map(|b| match b.slot {
            Slot::Node(n) => Some(n),
            _ => None,
        })
        .collect();
    assert_eq!(nodes, (0..7).collect());
    assert_eq!(scene.edges.len(), edges.len());
}

#[test]
fn a_wide_layer_collapses_into_more_slots_that_carry_its_edges() {
    // The focus feeds 30 products; 8 rows of slots fit.
    let mut sides = vec![C];
    sides.extend(std::iter::repeat_n(D, 30));
    let edges: Vec<(u32, u32)> = (1..=30).map(|n| (0, n)).collect();
    let l = layered(&sides, &edges);
    let viewport = Viewport { height: 40, ..WIDE };
    let offset = |layer: usize| if layer == 1 { 10 } else { 0 };
    let scene = assert_legible(&l, viewport, 1, &offset);
    let column_x = scene
        .placed(Slot::MoreAbove {
            layer: 1,
            hidden: 10,
        })
        .unwrap()
        .x;
    let slots: Vec<Slot> = scene
        .boxes
        .iter()
        .filter(|b| b.x == column_x)
        .map(|b| b.slot)
        .collect();
    assert_eq!(slots.len(), 8);
    assert_eq!(
        slots[0],
        Slot::MoreAbove {
            layer: 1,
            hidden: 10
        }
    );
    assert_eq!(
        slots[7],
        Slot::MoreBelow {
            layer: 1,
            hidden: 14
        }
    );
    assert_eq!(scene.edges.len(), 8, "six boxes and the two more slots");
}

#[test]
fn only_the_columns_that_fit_are_placed_around_the_focus() {
    // A chain of 9 layers; 60 columns fit two boxes and a channel only.
    let sides = [U, U, U, U, C, D, D, D, D];
    let edges: Vec<(u32, u32)> = (0..8).map(|n| (n, n + 1)).collect();
    let l = layered(&sides, &edges);
    assert_eq!(l.centre_layer(), 4);
    let narrow = Viewport { width: 40, ..WIDE };
    let scene = assert_legible(&l, narrow, 6, &|_| 0);
    assert_eq!(scene.columns, 5..7);
    assert_eq!(scene.boxes.len(), 2);
}

#[test]
fn a_long_edge_passes_through_the_column_between_on_a_gap_row() {
    // 1 → 0 → 2 and 1 → 2: the second runs through the focus column.
    let sides = [C, U, D];
    let l = layered(&sides, &[(1, 0), (0, 2), (1, 2)]);
    let scene = assert_legible(&l, WIDE, l.centre_layer(), &|_| 0);
    assert_eq!(scene.undrawn, 0);
    let centre = scene.placed(Slot::Node(0)).unwrap();
    let through: Vec<u16> = (0..scene.canvas.height())
        .filter(|&y| scene.canvas.get(centre.x + 3, y) != Cell::Empty)
        .collect();
    assert_eq!(through.len(), 1, "{}", scene.canvas.to_text());
    assert_eq!((through[0] + 1) % SLOT_HEIGHT, 0);
}

fn arbitrary_view() -> impl Strategy<Value = (Vec<Side>, Vec<(u32, u32)>)> {
    (2usize..40).prop_flat_map(|n| {
        let sides = proptest::collection::vec(prop_oneof![Just(U), Just(D)], n - 1);
        let edges = proptest::collection::vec((0..n as u32, 0..n as u32), 0..n * 3);
        (sides, edges).prop_map(|(mut sides, edges)| {
            sides.insert(0, C);
            (sides, edges)
        })
    })
}

proptest! {
    #[test]
    fn any_view_is_placed_legibly(
        (sides, edges) in arbitrary_view(),
        height in 14u16..50,
        width in 20u16..200,
        focus in 0usize..6,
        offset in 0usize..10,
    ) {
        let l = Layered::new(&sides, &edges);
        let viewport = Viewport { width, height, box_width: 14 };
        assert_legible(&l, viewport, focus, &|_| offset);
        let forward = l.forward_edges().count();
        prop_assert_eq!(forward + l.backward_edges().len(), {
            let mut e: Vec<_> = edges.iter().copied().filter(|(a, b)| a != b).collect();
            e.sort_unstable();
            e.dedup();
            e.len()
        });
        for (a, b) in l.forward_edges() {
            prop_assert!(l.layer_of(a) < l.layer_of(b));
        }
    }
}
