//! Checks on an OLE compound file (a .xls workbook) made before calamine reads
//! it: the sector chains calamine will follow must end within the file. Never
//! keeps what it reads.
//!
//! calamine 0.38 follows a chain of sectors until its end mark or, for a
//! stream, until it has the stream's declared length. A chain that loops (a
//! sector naming itself as next) makes it append the same sector for ever (the
//! directory chain, which has no length) or up to a declared length of up to
//! 4 GB; a sector table listed many times over makes it build a table of
//! gigabytes; a chain that names a sector past the table makes it panic. All
//! were found by fuzzing (fuzz/, target `workbook_bytes`). So each chain is
//! walked here first, at most one step per sector of the file, mirroring how
//! calamine reads it; what calamine refuses by itself (a bad header, a sector
//! past the end of the file) is left to it.

use super::{problem, FileProblem};

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Streams this short live in the mini stream, whose chains are bounded by
/// their length anyway.
const MINI_STREAM_CUTOFF: usize = 4096;

fn damaged() -> FileProblem {
    problem(
        "file-damaged",
        "the file is damaged: its internal table of contents loops or points outside the file; open it in Excel and save it again",
    )
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

struct Compound<'a> {
    /// The file after its header.
    body: &'a [u8],
    size: usize,
    /// The highest sector id calamine accepts (file length / sector size).
    maxid: usize,
}

impl Compound<'_> {
    /// Sector `id` as calamine reads it: cut short (or empty) at the file's end.
    /// A sector that starts past the end is refused: calamine 0.38 panics
    /// slicing it (found by fuzzing).
    fn sector(&self, id: u32) -> Result<&[u8], FileProblem> {
        let start = (id as usize).saturating_mul(self.size);
        let end = start.saturating_add(self.size).min(self.body.len());
        self.body.get(start..end).ok_or_else(damaged)
    }

    /// Follows a chain as calamine does, refusing one that loops or names a
    /// sector past the sector table. `Ok` also when calamine would refuse the
    /// chain itself (a sector past the file's end).
    fn walk(&self, start: u32, len: usize, fats: &[u32]) -> Result<(), FileProblem> {
        let mut id = start;
        let mut got = 0usize;
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            if id as usize > self.maxid {
                return Ok(());
            }
            got = got.saturating_add(self.sector(id)?.len());
            if got >= len {
                return Ok(());
            }
            steps += 1;
            if steps > self.maxid + 1 {
                return Err(damaged());
            }
            id = *fats.get(id as usize).ok_or_else(damaged)?;
        }
        Ok(())
    }

    /// The bytes of a chain already walked (so bounded by the file's size).
    fn read(&self, start: u32, fats: &[u32]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN && (id as usize) <= self.maxid && steps <= self.maxid {
            out.extend_from_slice(self.sector(id).unwrap_or(&[]));
            steps += 1;
            match fats.get(id as usize) {
                Some(next) => id = *next,
                None => break,
            }
        }
        out
    }
}

/// Refuses a compound file whose sector chains calamine cannot follow safely.
pub(super) fn check_chains(bytes: &[u8]) -> Result<(), FileProblem> {
    let size = match bytes.get(30..32).map(|b| u16::from_le_bytes([b[0], b[1]])) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(()),
    };
    let (Some(header), Some(body)) = (bytes.get(..512), bytes.get(size..)) else {
        return Ok(());
    };
    let file = Compound {
        body,
        size,
        maxid: bytes.len() / size,
    };
    let fats = match sector_table(&file, header)? {
        Some(fats) => fats,
        None => return Ok(()),
    };
    let field = |at| u32_at(header, at).unwrap_or(ENDOFCHAIN);
    let dir_start = field(48);
    file.walk(dir_start, usize::MAX, &fats)?;
    let directory = file.read(dir_start, &fats);
    let entries: Vec<(u32, usize)> = directory
        .chunks_exact(128)
        .map(|entry| {
            let start = u32_at(entry, 116).unwrap_or(ENDOFCHAIN);
            let len = if size == 512 {
                u32_at(entry, 120).map_or(0, |l| l as usize)
            } else {
                entry.get(120..128).map_or(0, |b| {
                    let mut le = [0u8; 8];
                    le.copy_from_slice(b);
                    usize::try_from(u64::from_le_bytes(le)).unwrap_or(usize::MAX)
                })
            };
            (start, len)
        })
        .collect();
    let mini_fat_len = field(64) as usize;
    if mini_fat_len > 0 {
        if let Some((root_start, root_len)) = entries.first() {
            file.walk(*root_start, *root_len, &fats)?;
        }
        file.walk(field(60), mini_fat_len.saturating_mul(size), &fats)?;
    }
    for (start, len) in entries.iter().skip(1) {
        if *len >= MINI_STREAM_CUTOFF {
            file.walk(*start, *len, &fats)?;
        }
    }
    Ok(())
}

/// The sector table (FAT) as calamine builds it, or `None` when calamine
/// refuses the file itself. A table listing more sectors than the file holds
/// is refused here: calamine would build it whole, whatever its size.
fn sector_table(file: &Compound, header: &[u8]) -> Result<Option<Vec<u32>>, FileProblem> {
    let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
    let mut id = u32_at(header, 68).unwrap_or(ENDOFCHAIN);
    let mut difat_sectors = 0usize;
    while id < RESERVED_SECTORS {
        difat_sectors += 1;
        if difat_sectors > file.maxid + 1 || id as usize > file.maxid {
            return Ok(None);
        }
        difat.extend(u32s(file.sector(id)?));
        match difat.pop() {
            Some(next) => id = next,
            None => return Ok(None),
        }
    }
    let listed: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if listed.len() > file.maxid + 1 {
        return Err(damaged());
    }
    let mut fats = Vec::new();
    for id in listed {
        if id as usize > file.maxid {
            return Ok(None);
        }
        fats.extend(u32s(file.sector(id)?));
    }
    Ok(Some(fats))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version-3 compound file of `sectors` 512-byte sectors, with the FAT in
    /// sector 0 holding `fat` and the directory starting at sector `dir`.
    fn compound(sectors: usize, fat: &[u32], dir: u32) -> Vec<u8> {
        let mut file = vec![0u8; 512 * (sectors + 1)];
        file[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        file[26..28].copy_from_slice(&3u16.to_le_bytes());
        file[30..32].copy_from_slice(&9u16.to_le_bytes());
        file[32..34].copy_from_slice(&6u16.to_le_bytes());
        file[44..48].copy_from_slice(&1u32.to_le_bytes());
        file[48..52].copy_from_slice(&dir.to_le_bytes());
        file[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for i in 0..109 {
            let at = 76 + 4 * i;
            let entry = if i == 0 { 0 } else { u32::MAX };
            file[at..at + 4].copy_from_slice(&entry.to_le_bytes());
        }
        for (i, next) in fat.iter().enumerate() {
            let at = 512 + 4 * i;
            file[at..at + 4].copy_from_slice(&next.to_le_bytes());
        }
        file
    }

    #[test]
    fn a_chain_that_ends_is_accepted() {
        let fat = [0xFFFF_FFFD, 2, ENDOFCHAIN];
        assert!(check_chains(&compound(3, &fat, 1)).is_ok());
    }

    #[test]
    fn a_directory_chain_that_loops_is_refused() {
        let fat = [0xFFFF_FFFD, 2, 1];
        let err = check_chains(&compound(3, &fat, 1)).expect_err("loops");
        assert_eq!(err.code, "file-damaged");
    }

    #[test]
    fn a_chain_past_the_sector_table_is_refused() {
        let mut fat = vec![0xFFFF_FFFD; 128];
        fat[1] = 129;
        let file = compound(200, &fat, 1);
        assert!(check_chains(&file).is_err());
    }

    #[test]
    fn a_sector_table_listed_many_times_over_is_refused() {
        let mut file = compound(2, &[0xFFFF_FFFD, ENDOFCHAIN], 1);
        for i in 0..109 {
            let at = 76 + 4 * i;
            file[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
        }
        assert!(check_chains(&file).is_err());
    }
}
