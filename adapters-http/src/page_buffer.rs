//! A large pushed segment lives in its own anonymous memory mapping rather than on the
//! heap. Two reasons, both about a cache of many thousand 100 KB–2 MB segments: the mapping
//! is rounded to a 4 KiB page where an allocator rounds to its size class (up to 25% more
//! for some sizes), and dropping the last reference unmaps it, so an emptied cache returns
//! its memory to the OS at once instead of leaving it to the allocator.

use actix_web::web::Bytes;
use memmap2::{MmapMut, MmapOptions};
use std::io;

/// Bodies at least this large get a mapping; smaller ones stay on the heap.
pub const MAPPED_FROM_BYTES: usize = 64 * 1024;

pub struct PageBuffer {
    map: MmapMut,
    len: usize,
}

impl PageBuffer {
    /// A zeroed mapping with room for exactly `capacity` bytes, its pages populated up
    /// front: one batched fill instead of a page fault per 4 KiB as the body arrives (the
    /// faults were the largest cost of a 500 KB push).
    pub fn with_capacity(capacity: usize) -> io::Result<Self> {
        Ok(Self {
            map: MmapOptions::new()
                .len(capacity.max(1))
                .populate()
                .map_anon()?,
            len: 0,
        })
    }

    /// Appends `chunk`; `false` (nothing written) when it would not fit.
    pub fn extend_from_slice(&mut self, chunk: &[u8]) -> bool {
        let end = self.len + chunk.len();
        let Some(target) = self.map.get_mut(self.len..end) else {
            return false;
        };
        target.copy_from_slice(chunk);
        self.len = end;
        true
    }

    /// The written bytes, read-only, shared without copying; unmapped with the last clone.
    pub fn freeze(self) -> io::Result<Bytes> {
        let len = self.len;
        let map = self.map.make_read_only()?;
        Ok(Bytes::from_owner(map).slice(..len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_chunks_and_freezes_exactly_what_was_written() {
        let mut buffer = PageBuffer::with_capacity(10).unwrap();
        assert!(buffer.extend_from_slice(b"hello"));
        assert!(buffer.extend_from_slice(b" you"));
        assert!(!buffer.extend_from_slice(b" there"), "past the capacity");
        let bytes = buffer.freeze().unwrap();
        assert_eq!(&bytes[..], b"hello you");
        let shared = bytes.clone();
        drop(bytes);
        assert_eq!(&shared[..], b"hello you", "clones keep the mapping alive");
    }
}
