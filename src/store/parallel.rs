//! Decoding a whole table's records on every core. Reading a 100k-product
//! cache spends most of its time in zstd and serde, not in SQLite: the
//! calling thread reads rows in batches (the connection cannot leave it), a
//! decoder thread decodes each batch on the rayon pool, and the caller sees
//! the records in row order.

use std::sync::mpsc::{Receiver, channel};

use rayon::prelude::*;
use rusqlite::Rows;
use serde::de::DeserializeOwned;

use super::StoreError;
use super::blob::decode;

/// Rows per batch: big enough to spread over the pool, small enough to keep
/// a few batches in flight without holding the table in memory.
const BATCH: usize = 512;
/// Batches read ahead of the one being visited.
const IN_FLIGHT: usize = 4;

type Decoded<T> = Vec<Result<T, StoreError>>;

/// The records of a batch of rows, end to end in one buffer (one allocation
/// per batch, and batches are reused: a table's worth of per-row buffers
/// kept the allocator busy).
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// Column 1 of each row: what names the record in a message.
    names: Vec<String>,
}

impl Batch {
    fn records(&self) -> impl IndexedParallelIterator<Item = &[u8]> {
        self.ends.par_iter().enumerate().map(|(i, &end)| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            &self.bytes[start..end]
        })
    }
}

/// Calls `visit` with the record in column 0 of every row of `rows`, in
/// order. A record that cannot be decoded is skipped and noted as `what`
/// and its name (column 1).
pub(crate) fn for_each_row<T: DeserializeOwned + Send>(
    rows: &mut Rows<'_>,
    what: &str,
    mut visit: impl FnMut(T),
) -> Result<(), StoreError> {
    std::thread::scope(|scope| {
        let (blobs, to_decode) = channel::<Batch>();
        let (send_decoded, decoded) = channel::<(Batch, Decoded<T>)>();
        scope.spawn(move || {
            for batch in to_decode {
                let records: Decoded<T> = batch.records().map(decode).collect();
                if send_decoded.send((batch, records)).is_err() {
                    break;
                }
            }
        });
        let mut spare: Vec<Batch> = Vec::new();
        let mut in_flight = 0;
        loop {
            let mut batch = spare.pop().unwrap_or_default();
            read_batch(rows, &mut batch)?;
            let last = batch.ends.len() < BATCH;
            if !batch.ends.is_empty() {
                // The decoder only stops early when this end is gone.
                blobs.send(batch).map_err(|_| disconnected())?;
                in_flight += 1;
            }
            let keep = if last { 0 } else { IN_FLIGHT - 1 };
            while in_flight > keep {
                spare.push(visit_batch(&decoded, what, &mut visit)?);
                in_flight -= 1;
            }
            if last {
                return Ok(());
            }
        }
    })
}

fn read_batch(rows: &mut Rows<'_>, batch: &mut Batch) -> Result<(), StoreError> {
    batch.bytes.clear();
    batch.ends.clear();
    batch.names.clear();
    while batch.ends.len() < BATCH {
        let Some(row) = rows.next()? else {
            break;
        };
        batch.bytes.extend_from_slice(row.get_ref(0)?.as_bytes()?);
        batch.ends.push(batch.bytes.len());
        batch.names.push(row.get(1)?);
    }
    Ok(())
}

/// Visits the next decoded batch; gives its buffer back for reuse.
fn visit_batch<T>(
    decoded: &Receiver<(Batch, Decoded<T>)>,
    what: &str,
    visit: &mut impl FnMut(T),
) -> Result<Batch, StoreError> {
    let (batch, records) = decoded.recv().map_err(|_| disconnected())?;
    for (record, name) in records.into_iter().zip(&batch.names) {
        match record {
            Ok(record) => visit(record),
            Err(error) => {
                super::skipped::record_skipped(&format!("{what} `{name}`"), &error.to_string());
            }
        }
    }
    Ok(batch)
}

fn disconnected() -> StoreError {
    StoreError::Compression(std::io::Error::other("the record decoder stopped"))
}
