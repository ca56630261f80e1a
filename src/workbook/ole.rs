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
//!
//! Then the workbook stream's records are scanned for each sheet's used area
//! (and the size its DIMENSIONS record declares), because calamine builds every
//! sheet of an .xls file whole when it opens it: two cells at A1 and at row
//! 65,536 column 65,536 would cost it over 100 GB.

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
    let names: Vec<String> = directory.chunks_exact(128).map(entry_name).collect();
    let workbook = ["workbook", "book"]
        .iter()
        .find_map(|wanted| names.iter().position(|n| n.eq_ignore_ascii_case(wanted)));
    if let Some(i) = workbook {
        let (start, len) = entries[i];
        let stream = if len < MINI_STREAM_CUTOFF {
            mini_stream(&file, &fats, header, &entries, start, len)
        } else {
            let mut bytes = file.read(start, &fats);
            bytes.truncate(len);
            bytes
        };
        check_sheet_sizes(&stream)?;
    }
    Ok(())
}

/// A directory entry's name: UTF-16 up to its first NUL.
fn entry_name(entry: &[u8]) -> String {
    let units: Vec<u16> = entry[..64]
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// A short stream, read from the mini stream through the mini sector table.
fn mini_stream(
    file: &Compound,
    fats: &[u32],
    header: &[u8],
    entries: &[(u32, usize)],
    start: u32,
    len: usize,
) -> Vec<u8> {
    let Some((root_start, root_len)) = entries.first() else {
        return Vec::new();
    };
    let mut ministream = file.read(*root_start, fats);
    ministream.truncate(*root_len);
    let mini_fat_len = u32_at(header, 64).unwrap_or(0) as usize;
    let mut minifat = file.read(u32_at(header, 60).unwrap_or(ENDOFCHAIN), fats);
    minifat.truncate(mini_fat_len.saturating_mul(file.size));
    let minifat: Vec<u32> = u32s(&minifat).collect();
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0usize;
    while id != ENDOFCHAIN && out.len() < len && steps <= minifat.len() {
        let at = (id as usize).saturating_mul(64);
        out.extend_from_slice(
            ministream
                .get(at..at.saturating_add(64).min(ministream.len()))
                .unwrap_or(&[]),
        );
        steps += 1;
        match minifat.get(id as usize) {
            Some(next) => id = *next,
            None => break,
        }
    }
    out.truncate(len);
    out
}

/// The most cells the sheets of an .xls file may cover in all (rows × columns
/// of each sheet's used area, summed): calamine builds each sheet whole when it
/// opens the file, so a few records naming far-apart cells would otherwise
/// cost gigabytes. About 250 MB once built.
pub const XLS_MAX_CELLS: u64 = 4_000_000;

/// BIFF records that place a value at (row, column) in their first four bytes.
const CELL_RECORDS: [u16; 8] = [
    0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x00BD, 0x0006,
];

/// The BIFF records of `stream` from `at`, as calamine splits them (a record
/// followed by CONTINUE records is one record): (type, data).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16::from_le_bytes([*rest.first()?, *rest.get(1)?]);
        let len = u16::from_le_bytes([*rest.get(2)?, *rest.get(3)?]) as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        while rest.len() > 4 && u16::from_le_bytes([rest[0], rest[1]]) == 0x003C {
            let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
            rest = rest.get(4 + len..)?;
        }
        Some((typ, data))
    })
}

/// Refuses a workbook stream whose sheets, as calamine will build them, would
/// cover more than `XLS_MAX_CELLS` cells, or that declares a size calamine
/// would reserve memory for beyond that.
fn check_sheet_sizes(stream: &[u8]) -> Result<(), FileProblem> {
    let too_large = |rows: u64, cols: u64| {
        problem(
            "sheet-too-large",
            format!(
                "a sheet of the workbook spans {rows} rows by {cols} columns, more than an .xls workbook can be read safely ({XLS_MAX_CELLS} cells in all); delete the rows and columns outside the data, or save the workbook as .xlsx"
            ),
        )
    };
    let globals: Vec<(u16, &[u8])> = records(stream)
        .take_while(|(typ, _)| *typ != 0x000A)
        .collect();
    // calamine 0.38 panics on a BOF record too short to hold its version
    // (found by fuzzing).
    if globals
        .iter()
        .any(|(typ, data)| *typ == 0x0809 && data.len() < 2)
    {
        return Err(damaged());
    }
    let sheet_starts: Vec<usize> = globals
        .iter()
        .filter(|(typ, data)| *typ == 0x0085 && data.len() >= 4)
        .filter_map(|(_, data)| u32_at(data, 0).map(|p| p as usize))
        .collect();
    let mut total: u64 = 0;
    for start in sheet_starts {
        // calamine 0.38 panics on a sheet said to start past the stream's end
        // (found by fuzzing).
        let sheet = stream.get(start..).ok_or_else(damaged)?;
        let mut bounds: Option<(u64, u64, u64, u64)> = None;
        let mut depth = 0usize;
        let mut seen_bof = false;
        for (typ, data) in records(sheet) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => {
                    let (rows, cols) = declared_dimensions(data);
                    if rows.saturating_mul(cols) > XLS_MAX_CELLS {
                        return Err(too_large(rows, cols));
                    }
                }
                t if CELL_RECORDS.contains(&t) && data.len() >= 4 => {
                    let row = u64::from(u16::from_le_bytes([data[0], data[1]]));
                    let col = u64::from(u16::from_le_bytes([data[2], data[3]]));
                    let last_col = if t == 0x00BD && data.len() >= 6 {
                        u64::from(u16::from_le_bytes([
                            data[data.len() - 2],
                            data[data.len() - 1],
                        ]))
                        .max(col)
                    } else {
                        col
                    };
                    bounds = Some(match bounds {
                        None => (row, row, col, last_col),
                        Some((r0, r1, c0, c1)) => {
                            (r0.min(row), r1.max(row), c0.min(col), c1.max(last_col))
                        }
                    });
                }
                _ => {}
            }
        }
        if let Some((r0, r1, c0, c1)) = bounds {
            let (rows, cols) = (r1 - r0 + 1, c1 - c0 + 1);
            total = total.saturating_add(rows.saturating_mul(cols));
            if total > XLS_MAX_CELLS {
                return Err(too_large(rows, cols));
            }
        }
    }
    Ok(())
}

/// The rows and columns a DIMENSIONS record declares, as calamine reads them
/// (it reserves room for that many cells); a last row before the first wraps
/// round in calamine, so it counts as the most rows there can be.
fn declared_dimensions(data: &[u8]) -> (u64, u64) {
    let u16_at = |at: usize| u64::from(u16::from_le_bytes([data[at], data[at + 1]]));
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (
            u64::from(u32_at(data, 0).unwrap_or(0)),
            u64::from(u32_at(data, 4).unwrap_or(0)),
            u16_at(8),
            u16_at(10),
        ),
        _ => return (0, 0),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        let rows = if rl > rf {
            rl - rf
        } else {
            u64::from(u32::MAX) + 1
        };
        (rows, cl.saturating_sub(cf))
    } else {
        (1, 1)
    }
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
