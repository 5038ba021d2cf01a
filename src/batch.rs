//! Many documents at once: the files of folders, processed in parallel,
//! each result handed on in input order as soon as it and all before it
//! are done. At most `window` results are in flight or waiting, so memory
//! does not grow with the number of documents.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::iter::{ParallelBridge, ParallelIterator};

/// A document to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as given, or as found under a folder given (`-` is
    /// standard input).
    pub path: PathBuf,
    /// Found by walking a folder rather than named: a file there that is
    /// not a resolution (a README, notes) is skipped, not a failure.
    pub walked: bool,
}

/// Which files of a folder are documents: by default those with a
/// document extension; with glob patterns, those that match one
/// (`*.txt`, `A-RES-*`, `**/2024/*.md`; `!pattern` excludes), tried on
/// the file name and on the path under the folder.
#[derive(Debug, Clone)]
pub struct Filter {
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
}

/// Extensions of the files a folder walk takes by default.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "md", "pdf", "docx"];

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            include: None,
            exclude: globset::GlobSet::empty(),
        }
    }
}

impl Filter {
    /// A filter from glob patterns (none: the default extensions).
    pub fn new(patterns: &[String]) -> Result<Filter, globset::Error> {
        let mut include = globset::GlobSetBuilder::new();
        let mut exclude = globset::GlobSetBuilder::new();
        let mut any_include = false;
        for p in patterns {
            match p.strip_prefix('!') {
                Some(x) => {
                    exclude.add(globset::Glob::new(x)?);
                }
                None => {
                    include.add(globset::Glob::new(p)?);
                    any_include = true;
                }
            }
        }
        Ok(Filter {
            include: if any_include {
                Some(include.build()?)
            } else {
                None
            },
            exclude: exclude.build()?,
        })
    }

    fn takes(&self, path: &Path, under: &Path) -> bool {
        let name = Path::new(path.file_name().unwrap_or_default());
        let rel = path.strip_prefix(under).unwrap_or(path);
        let hit = |set: &globset::GlobSet| set.is_match(name) || set.is_match(rel);
        if hit(&self.exclude) {
            return false;
        }
        match &self.include {
            Some(set) => hit(set),
            None => path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())),
        }
    }
}

/// The documents to process: files given as they are (whatever their
/// name); folders walked (sorted, recursively, hidden entries skipped,
/// each folder once even when symbolic links lead back to it) for the
/// files `filter` takes.
pub fn inputs(paths: &[PathBuf], filter: &Filter) -> io::Result<Vec<Input>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() != "-" && p.is_dir() {
            let mut seen = HashSet::new();
            walk(p, p, filter, &mut seen, &mut out)?;
        } else {
            out.push(Input {
                path: p.clone(),
                walked: false,
            });
        }
    }
    Ok(out)
}

fn walk(
    dir: &Path,
    top: &Path,
    filter: &Filter,
    seen: &mut HashSet<(u64, u64)>,
    out: &mut Vec<Input>,
) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // A folder reached a second time (a symbolic link to itself or to a
    // parent) is not walked again.
    let meta = std::fs::metadata(dir)?;
    if !seen.insert((meta.dev(), meta.ino())) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, top, filter, seen, out)?;
        } else if p.is_file() && filter.takes(&p, top) {
            out.push(Input {
                path: p,
                walked: true,
            });
        }
    }
    Ok(())
}

/// Runs `work` on every item with `jobs` threads and gives each result to
/// `sink` in input order. `sink` runs on the calling thread; an error from
/// it stops the batch (the work in flight is finished and dropped). With
/// one job, or one item, the calling thread does the work itself, item
/// after item: starting threads for one document costs half a millisecond
/// of a ten-millisecond run.
pub fn run<I, T, W, S>(
    items: &[I],
    jobs: usize,
    window: usize,
    work: W,
    mut sink: S,
) -> io::Result<()>
where
    I: Sync,
    T: Send,
    W: Fn(&I) -> T + Sync,
    S: FnMut(usize, T) -> io::Result<()>,
{
    if jobs <= 1 || items.len() <= 1 {
        // One job or one item: each in turn on the calling thread.
        for (i, it) in items.iter().enumerate() {
            sink(i, work(it))?;
        }
        return Ok(());
    }
    // Items go to the threads a few at a time, so that a thread is woken
    // once per few results rather than once per result; small batches go
    // one at a time, to keep every thread busy.
    let chunk = (items.len() / (jobs * 8)).clamp(1, MAX_CHUNK);
    let tokens = (window / chunk).max(jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("resolute-{i}"))
        .build()
        .map_err(io::Error::other)?;
    let (res_tx, res_rx) = mpsc::sync_channel::<(usize, Vec<T>)>(tokens);
    // A counting semaphore: one token per chunk in flight or waiting.
    let (tok_tx, tok_rx) = mpsc::sync_channel::<()>(tokens);
    for _ in 0..tokens {
        let _ = tok_tx.send(());
    }
    let work = &work;
    pool.in_place_scope(|s| {
        s.spawn(move |_| {
            items
                .chunks(chunk)
                .enumerate()
                .map_while(move |x| tok_rx.recv().ok().map(|_| x))
                .par_bridge()
                .for_each_with(res_tx, |tx, (c, part)| {
                    let _ = tx.send((c, part.iter().map(work).collect()));
                });
        });
        let mut next = 0;
        let mut pending: BTreeMap<usize, Vec<T>> = BTreeMap::new();
        let mut failed: Option<io::Error> = None;
        for (c, r) in res_rx.iter() {
            pending.insert(c, r);
            while let Some(results) = pending.remove(&next) {
                for (k, r) in results.into_iter().enumerate() {
                    if let Err(e) = sink(next * chunk + k, r) {
                        failed = Some(e);
                        break;
                    }
                }
                if failed.is_some() {
                    break;
                }
                next += 1;
                let _ = tok_tx.send(());
            }
            if failed.is_some() {
                // Stop handing out work: the producer ends at its next
                // token, and the results in flight are drained and dropped.
                break;
            }
        }
        drop(tok_tx);
        for _ in res_rx.iter() {}
        match failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    })
}

/// The most items a thread takes at once.
const MAX_CHUNK: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order() {
        // Many items go to the threads a few at a time, few one at a time.
        for (n, jobs) in [(500, 1), (500, 4), (5, 2)] {
            let items: Vec<u64> = (0..n).collect();
            let mut seen = Vec::new();
            run(
                &items,
                jobs,
                8,
                |&x| {
                    // Uneven work so that results finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros((x * 7919) % 300));
                    x * 2
                },
                |i, r| {
                    seen.push((i, r));
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen.len(), items.len(), "{jobs} jobs");
            assert!(
                seen.iter()
                    .enumerate()
                    .all(|(k, &(i, r))| k == i && r == 2 * i as u64),
                "{jobs} jobs"
            );
        }
    }

    #[test]
    fn one_item_is_done_on_the_calling_thread() {
        let caller = std::thread::current().id();
        for (n, jobs) in [(1, 4), (0, 4), (3, 1)] {
            let items: Vec<u32> = (0..n).collect();
            let mut seen = 0;
            run(
                &items,
                jobs,
                8,
                |_| std::thread::current().id(),
                |_, id| {
                    assert_eq!(id, caller, "{n} items, {jobs} jobs");
                    seen += 1;
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, n);
        }
    }

    #[test]
    fn a_sink_error_stops_the_batch() {
        let items: Vec<u32> = (0..100).collect();
        for jobs in [1, 2] {
            let mut n = 0;
            let done = std::sync::atomic::AtomicUsize::new(0);
            let e = run(
                &items,
                jobs,
                4,
                |&x| {
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    x
                },
                |i, _| {
                    n += 1;
                    if i == 10 {
                        Err(io::Error::other("disk full"))
                    } else {
                        Ok(())
                    }
                },
            )
            .unwrap_err();
            assert_eq!(e.to_string(), "disk full", "{jobs} jobs");
            assert_eq!(n, 11, "{jobs} jobs");
            // Work stops soon after: at most a window and a few items
            // per thread more.
            assert!(
                done.into_inner() <= 11 + 4 + MAX_CHUNK * jobs,
                "{jobs} jobs"
            );
        }
    }
}
