//! Many documents at once: the files of folders, processed in parallel,
//! each result handed on in input order as soon as it and all before it
//! are done. At most `window` results are in flight or waiting, so memory
//! does not grow with the number of documents.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::iter::{ParallelBridge, ParallelIterator};

/// The files to process: files given as they are; folders walked (sorted,
/// recursively) for `.txt` and `.md` files, hidden entries skipped.
pub fn inputs(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
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
            walk(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(p);
        }
    }
    Ok(())
}

/// Runs `work` on every item with `jobs` threads and gives each result to
/// `sink` in input order. `sink` runs on the calling thread; an error from
/// it stops the batch (the work in flight is finished and dropped). With
/// one job the calling thread does the work itself, item after item.
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
    if jobs <= 1 {
        // One job: each item in turn on the calling thread, no hand-over.
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
