//! How records are kept in the cache: JSON, compressed with zstd. A 100k
//! product catalogue is 1.5 GB of JSON but a few hundred MB compressed, and a
//! sync spends its time writing it; level 1 compresses at hundreds of MB/s.
//! Rows written as plain JSON text (by earlier builds) still read.

use std::cell::RefCell;

use rusqlite::types::{FromSql, FromSqlResult, ValueRef};
use serde::Serialize;
use serde::de::DeserializeOwned;
use zstd::bulk::{Compressor, Decompressor};

use super::StoreError;

const LEVEL: i32 = 1;
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// A record column as stored: compressed JSON, or plain JSON text.
pub(crate) struct Blob(Vec<u8>);

impl FromSql for Blob {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(Blob(value.as_bytes()?.to_vec()))
    }
}

impl Blob {
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T, StoreError> {
        decode(&self.0)
    }
}

// A zstd context allocates on creation; one per thread is reused for every
// record (a sync writes hundreds of thousands of small ones).
thread_local! {
    static COMPRESSOR: RefCell<Option<Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<Decompressor<'static>>> = const { RefCell::new(None) };
    // The decompressed JSON of the record being decoded: reading a whole
    // table allocated (and the allocator coalesced) one such buffer per row.
    static JSON: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The largest decompression buffer a thread keeps between records.
const KEPT_BUFFER: usize = 4 << 20;

pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    let json = serde_json::to_vec(value)?;
    COMPRESSOR.with_borrow_mut(|slot| {
        let compressor = match slot {
            Some(compressor) => compressor,
            None => slot.insert(Compressor::new(LEVEL).map_err(StoreError::Compression)?),
        };
        compressor.compress(&json).map_err(StoreError::Compression)
    })
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StoreError> {
    if !bytes.starts_with(&ZSTD_MAGIC) {
        return Ok(serde_json::from_slice(bytes)?);
    }
    let size = zstd::zstd_safe::get_frame_content_size(bytes)
        .ok()
        .flatten()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| StoreError::Compression(std::io::Error::other("record without a size")))?;
    DECOMPRESSOR.with_borrow_mut(|slot| {
        let decompressor = match slot {
            Some(decompressor) => decompressor,
            None => slot.insert(Decompressor::new().map_err(StoreError::Compression)?),
        };
        JSON.with_borrow_mut(|json| {
            json.clear();
            json.reserve(size);
            decompressor
                .decompress_to_buffer(bytes, json)
                .map_err(StoreError::Compression)?;
            let record = serde_json::from_slice(json);
            if json.capacity() > KEPT_BUFFER {
                *json = Vec::new();
            }
            Ok(record?)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reads_plain_json_too() {
        let value = serde_json::json!({ "id": "sales-orders", "tags": ["pii", "gold"] });
        let stored = encode(&value).unwrap();
        assert!(stored.starts_with(&ZSTD_MAGIC));
        assert_eq!(decode::<serde_json::Value>(&stored).unwrap(), value);
        let plain = serde_json::to_vec(&value).unwrap();
        assert_eq!(decode::<serde_json::Value>(&plain).unwrap(), value);
    }
}
