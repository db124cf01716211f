//! Edge routing between the placed columns. Each channel (the space
//! between two columns) gets vertical tracks: one per left anchor (a box's
//! exit or a passing edge), shared by anchors whose vertical spans do not
//! overlap. An edge spanning several layers passes through the columns
//! between on their gap rows, chosen near the straight line.

use std::collections::HashMap;

use super::canvas::{Canvas, Ends};
use super::place::{Column, GAP_ROW, IN_ROW, OUT_ROW, SLOT_HEIGHT, Slot, Viewport};

/// Width of a channel with `tracks` tracks: an exit cell, the tracks, an
/// arrow cell.
pub(super) fn channel_width(tracks: u16) -> u16 {
    tracks.max(1).saturating_add(2)
}

/// Where a line in a channel starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Anchor {
    /// The exit of a box in the left column.
    Box(Slot),
    /// Edge `n` (of the visible list) passing through the left column.
    Passing(usize),
}

#[derive(Debug, Clone)]
pub(super) struct Net {
    anchor: Anchor,
    row: u16,
    /// (row, whether it ends at a box: an arrow) in the right column.
    targets: Vec<(u16, bool)>,
    track: Option<u16>,
}

impl Net {
    fn span(&self) -> (u16, u16) {
        self.targets
            .iter()
            .fold((self.row, self.row), |(lo, hi), &(r, _)| {
                (lo.min(r), hi.max(r))
            })
    }
}

#[derive(Debug, Clone, Default)]
pub(super) struct Channel {
    nets: Vec<Net>,
    tracks: u16,
}

impl Channel {
    pub fn width(&self) -> u16 {
        channel_width(self.tracks)
    }
}

/// One edge's piece in one channel.
#[derive(Debug, Clone, Copy)]
struct Segment {
    channel: usize,
    anchor: Anchor,
    from: u16,
    to: (u16, bool),
}

/// The route of one visible connection.
#[derive(Debug, Clone)]
struct Route {
    from: Slot,
    to: Slot,
    segments: Vec<Segment>,
    /// (column index, row) where it passes through a column.
    passes: Vec<(usize, u16)>,
}

/// The routes of a scene, before x positions are known.
#[derive(Debug, Clone, Default)]
pub(super) struct Routed {
    pub channels: Vec<Channel>,
    routes: Vec<Route>,
    pub drawn: Vec<(Slot, Slot)>,
    pub undrawn: usize,
}

/// A visible connection: (left column, slot, right column, slot).
type Visible = (usize, Slot, usize, Slot);

pub(super) fn plan(columns: &[Column], edges: &[Visible], viewport: Viewport) -> Routed {
    let row = |column: usize, slot: Slot, offset: u16| {
        let c = &columns[column];
        c.slots
            .iter()
            .position(|&s| s == slot)
            .map(|i| c.row_of(i, offset))
    };
    let gaps: Vec<u16> = (0..viewport.slots() as u16)
        .map(|s| s * SLOT_HEIGHT + GAP_ROW)
        .filter(|&r| r < viewport.height)
        .collect();
    let mut taken: HashMap<(usize, u16), usize> = HashMap::new();
    let mut passes_of: Vec<Vec<u16>> = vec![Vec::new(); edges.len()];
    let mut routed = Routed {
        channels: vec![Channel::default(); columns.len().saturating_sub(1)],
        ..Routed::default()
    };
    let mut drawable = vec![false; edges.len()];
    for (e, &(i, a, j, b)) in edges.iter().enumerate() {
        let (Some(out), Some(into)) = (row(i, a, OUT_ROW), row(j, b, IN_ROW)) else {
            continue;
        };
        match pass_rows(e, (i, out), (j, into), &gaps, &mut taken) {
            Some(rows) => {
                passes_of[e] = rows;
                drawable[e] = true;
                routed.drawn.push((a, b));
            }
            None => routed.undrawn += 1,
        }
    }
    for (e, &(i, a, j, b)) in edges.iter().enumerate() {
        if !drawable[e] {
            continue;
        }
        let mut route = Route {
            from: a,
            to: b,
            segments: Vec::new(),
            passes: Vec::new(),
        };
        for k in i..j {
            let (anchor, from) = if k == i {
                (Anchor::Box(a), row(i, a, OUT_ROW))
            } else {
                (Anchor::Passing(e), passes_of[e].get(k - i - 1).copied())
            };
            let to = if k + 1 == j {
                row(j, b, IN_ROW).map(|r| (r, true))
            } else {
                passes_of[e].get(k - i).map(|&r| (r, false))
            };
            if let (Some(from), Some(to)) = (from, to) {
                add_target(&mut routed.channels[k], anchor, from, to);
                route.segments.push(Segment {
                    channel: k,
                    anchor,
                    from,
                    to,
                });
            }
        }
        for (n, &r) in passes_of[e].iter().enumerate() {
            route.passes.push((i + 1 + n, r));
        }
        routed.routes.push(route);
    }
    for channel in &mut routed.channels {
        assign_tracks(channel);
    }
    routed.drawn.sort_unstable();
    routed.drawn.dedup();
    routed
}

fn add_target(channel: &mut Channel, anchor: Anchor, row: u16, target: (u16, bool)) {
    match channel.nets.iter_mut().find(|n| n.anchor == anchor) {
        Some(net) => {
            if !net.targets.contains(&target) {
                net.targets.push(target);
            }
        }
        None => channel.nets.push(Net {
            anchor,
            row,
            targets: vec![target],
            track: None,
        }),
    }
}

/// Gap rows for edge `e` in each column strictly between its ends, near
/// the straight line, each free in its column and not used by another edge
/// in the columns beside it (so two edges never meet on a row in a
/// channel). None when some column has no such row.
fn pass_rows(
    e: usize,
    (i, out): (usize, u16),
    (j, into): (usize, u16),
    gaps: &[u16],
    taken: &mut HashMap<(usize, u16), usize>,
) -> Option<Vec<u16>> {
    let mut rows = Vec::with_capacity(j.saturating_sub(i + 1));
    let mut previous: Option<u16> = None;
    for c in i + 1..j {
        let t = (c - i) as f64 / (j - i) as f64;
        let ideal = out as f64 + (into as f64 - out as f64) * t;
        let free = |r: u16| {
            let other = |column: usize| taken.get(&(column, r)).is_some_and(|&o| o != e);
            !taken.contains_key(&(c, r)) && !other(c - 1) && !other(c + 1)
        };
        let chosen = previous.filter(|&r| free(r)).or_else(|| {
            gaps.iter().copied().filter(|&r| free(r)).min_by(|a, b| {
                (*a as f64 - ideal)
                    .abs()
                    .total_cmp(&(*b as f64 - ideal).abs())
            })
        });
        let Some(r) = chosen else {
            for (n, r) in rows.iter().enumerate() {
                taken.remove(&(i + 1 + n, *r));
            }
            return None;
        };
        taken.insert((c, r), e);
        rows.push(r);
        previous = Some(r);
    }
    Some(rows)
}

/// Greedy interval colouring by span start: the fewest tracks such that
/// no two nets on a track share a row.
fn assign_tracks(channel: &mut Channel) {
    channel.nets.sort_by_key(|net| (net.span(), net.row));
    let mut ends: Vec<u16> = Vec::new();
    for net in &mut channel.nets {
        let (lo, hi) = net.span();
        if lo == hi {
            continue;
        }
        let track = match ends.iter().position(|&end| end < lo) {
            Some(t) => t,
            None => {
                ends.push(0);
                ends.len() - 1
            }
        };
        ends[track] = hi;
        net.track = Some(track as u16);
    }
    channel.tracks = ends.len() as u16;
}

/// Draws the routes `keep` accepts (by their two slots).
pub(super) fn draw(
    canvas: &mut Canvas,
    columns: &[Column],
    routed: &Routed,
    box_width: u16,
    keep: &dyn Fn(Slot, Slot) -> bool,
) {
    for route in routed.routes.iter().filter(|r| keep(r.from, r.to)) {
        for segment in &route.segments {
            draw_segment(canvas, columns, &routed.channels, box_width, segment);
        }
        for &(column, row) in &route.passes {
            let x = columns[column].x;
            canvas.horizontal(x, x + box_width - 1, row, Ends::BOTH);
        }
    }
}

fn draw_segment(
    canvas: &mut Canvas,
    columns: &[Column],
    channels: &[Channel],
    box_width: u16,
    segment: &Segment,
) {
    let k = segment.channel;
    let right_border = columns[k].x + box_width - 1;
    let start = right_border + 1;
    let arrow = columns[k + 1].x.saturating_sub(1);
    if matches!(segment.anchor, Anchor::Box(_)) {
        canvas.exit(right_border, segment.from);
    }
    let track = channels[k]
        .nets
        .iter()
        .find(|net| net.anchor == segment.anchor)
        .and_then(|net| net.track);
    let (row, boxed) = segment.to;
    match track {
        None => canvas.horizontal(start, arrow, row, Ends::BOTH),
        Some(track) => {
            let x = start + 1 + track;
            canvas.horizontal(start, x, segment.from, Ends::WEST);
            canvas.vertical(x, segment.from, row);
            canvas.horizontal(x, arrow, row, Ends::EAST);
        }
    }
    if boxed {
        canvas.arrow(arrow, row);
    }
}
