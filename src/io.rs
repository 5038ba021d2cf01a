//! Writing output files atomically: the bytes go to a temporary file in the
//! same folder, are flushed to disk, and the file is renamed into place. A
//! failure leaves no partial file behind and the old file (if any)
//! untouched. A set of files ([`write_set`]) is written into a temporary
//! folder first, so that a failure changes nothing.
//!
//! Temporary files are named `.resolute-<pid>-<random>.tmp`. Those of this
//! process are known ([`remove_own_temps`] deletes them, for a signal
//! handler); those of a process that no longer runs (killed, crashed) are
//! deleted the next time a run writes beside them.

use std::fs::Permissions;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files and folders of this process, not yet renamed into place.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file beside an output, removed when dropped unless it was
/// put in place.
pub struct TempFile {
    file: Option<tempfile::NamedTempFile>,
}

impl TempFile {
    /// A new temporary file in the folder of `path` (stale ones there are
    /// removed first).
    pub fn beside(path: &Path) -> io::Result<TempFile> {
        let dir = folder_of(path);
        remove_stale_temps(dir);
        let file = tempfile::Builder::new()
            .prefix(&temp_prefix())
            .suffix(".tmp")
            .permissions(Permissions::from_mode(0o644))
            .tempfile_in(dir)?;
        live().push(file.path().to_path_buf());
        Ok(TempFile { file: Some(file) })
    }

    /// The open file, to write to.
    pub fn as_file_mut(&mut self) -> &mut std::fs::File {
        // Always `Some` until `persist` consumes the value.
        self.file
            .as_mut()
            .map(|f| f.as_file_mut())
            .expect("a temporary file before it is persisted")
    }

    /// Flushes to disk and renames the file to `path`.
    pub fn persist(mut self, path: &Path) -> io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let tmp = file.path().to_path_buf();
        file.as_file().sync_all()?;
        let r = file.persist(path).map(|_| ()).map_err(|e| e.error);
        forget(&tmp);
        r
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(f) = self.file.take() {
            let p = f.path().to_path_buf();
            drop(f);
            forget(&p);
        }
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.as_file_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.as_file_mut().flush()
    }
}

fn forget(path: &Path) {
    live().retain(|p| p != path);
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// What to run before this process next makes a temporary file.
static BEFORE_TEMP: Mutex<Option<fn()>> = Mutex::new(None);

/// Sets `f` to run once, before this process next makes a temporary
/// file. The command line installs its signal handlers there (they
/// delete the temporary files on Ctrl-C): a run that writes no file, its
/// output going to the terminal or a pipe, starts no thread for them.
pub fn before_first_temp(f: fn()) {
    *BEFORE_TEMP.lock().unwrap_or_else(|e| e.into_inner()) = Some(f);
}

/// The start of the names of this process's temporary files, asked for
/// before each is made: runs what [`before_first_temp`] set first.
fn temp_prefix() -> String {
    let hook = BEFORE_TEMP.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(f) = hook {
        f();
    }
    format!(".resolute-{}-", std::process::id())
}

/// Deletes the temporary files and folders of this process (for a signal
/// handler, before the process ends without unwinding).
pub fn remove_own_temps() {
    for p in live().drain(..) {
        let _ = std::fs::remove_file(&p).or_else(|_| std::fs::remove_dir_all(&p));
    }
}

/// Deletes, in `dir`, the temporary files and folders left by runs that
/// no longer exist (killed or crashed before they could clean up).
/// Those of running processes are left alone. Best effort: errors are
/// ignored.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(".resolute-"))
            .filter(|n| n.ends_with(".tmp"))
            .and_then(|n| n.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let p = e.path();
            let _ = std::fs::remove_file(&p).or_else(|_| std::fs::remove_dir_all(&p));
        }
    }
}

/// Whether `path` names something that is neither a regular file nor a
/// folder: a device (`/dev/null`, a terminal), a pipe, a socket. Output to
/// it is written straight into it: there is no file to replace, and a
/// rename would put a file in place of the device itself.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Opens `path`, a device or a pipe (see [`is_special`]), to write into it.
pub fn open_special(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).open(path)
}

/// Writes `bytes` to `path`, replacing it atomically if it exists (or
/// straight into it if it is a device or a pipe, see [`is_special`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if is_special(path) {
        let mut f = open_special(path)?;
        f.write_all(bytes)?;
        return f.flush();
    }
    let mut tmp = TempFile::beside(path)?;
    tmp.write_all(bytes)?;
    tmp.persist(path)
}

/// Writes a set of files, (name, bytes), into the folder `dir` (created if
/// needed), all or nothing: they are written into a temporary folder
/// in `dir` first, and moved into `dir` only once all are on disk, so
/// a failure (a full disk) leaves `dir` as it was. Files named in `stale`
/// that exist in `dir` and are not in the set are removed (an earlier
/// run's outputs that this one no longer makes). Returns the paths
/// written and those removed.
pub fn write_set(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    stale: &[String],
) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    std::fs::create_dir_all(dir)?;
    remove_stale_temps(dir);
    // Inside `dir`: the same file system, so the moves are renames.
    let tmp = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(".tmp")
        .tempdir_in(dir)?;
    live().push(tmp.path().to_path_buf());
    let result = (|| {
        for (name, bytes) in files {
            let p = tmp.path().join(name);
            let mut f = std::fs::File::create(&p)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::set_permissions(&p, Permissions::from_mode(0o644))?;
        }
        let mut written = Vec::new();
        for (name, _) in files {
            let to = dir.join(name);
            std::fs::rename(tmp.path().join(name), &to)?;
            written.push(to);
        }
        let mut removed = Vec::new();
        for name in stale {
            let p = dir.join(name);
            if !files.iter().any(|(n, _)| n == name) && p.is_file() {
                std::fs::remove_file(&p)?;
                removed.push(p);
            }
        }
        Ok((written, removed))
    })();
    forget(tmp.path());
    result
}

/// The file that marks a folder as made by [`write_tree`]: such a folder
/// may be replaced by a later run.
pub const TREE_MARK: &str = ".resolute-site";

/// Writes a tree of files, (path relative to `dir`, bytes), as the folder
/// `dir`, all or nothing: the tree is written into a temporary folder
/// beside `dir` and renamed to `dir` once complete. An existing `dir` is
/// replaced only if it is empty or was made this way (it holds
/// [`TREE_MARK`]); any other folder is left untouched and the error says
/// why. Paths with `..` or a root are refused.
pub fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    if dir.exists() && !dir.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "a file of that name exists; nothing was written",
        ));
    }
    if occupied && !dir.join(TREE_MARK).is_file() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the folder is not empty and was not made by resolute; nothing was written (choose a new folder)",
        ));
    }
    let parent = folder_of(dir);
    std::fs::create_dir_all(parent)?;
    remove_stale_temps(parent);
    let tmp = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(".tmp")
        .tempdir_in(parent)?;
    let tmp_path = tmp.path().to_path_buf();
    live().push(tmp_path.clone());
    let result = (|| {
        for (name, bytes) in files {
            let rel = Path::new(name);
            if rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{name}: not a path inside the folder"),
                ));
            }
            let p = tmp_path.join(rel);
            if let Some(up) = p.parent() {
                std::fs::create_dir_all(up)?;
            }
            let mut f = std::fs::File::create(&p)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::write(
            tmp_path.join(TREE_MARK),
            "This folder was written by resolute and is replaced whole by the next run.\n",
        )?;
        std::fs::set_permissions(&tmp_path, Permissions::from_mode(0o755))?;
        let tmp_path = tmp.keep();
        if dir.exists() {
            // The old tree moves aside, the new one in, the old one goes.
            let old = parent.join(format!("{}old.tmp", temp_prefix()));
            live().push(old.clone());
            std::fs::rename(dir, &old)?;
            if let Err(e) = std::fs::rename(&tmp_path, dir) {
                let _ = std::fs::rename(&old, dir);
                forget(&old);
                let _ = std::fs::remove_dir_all(&tmp_path);
                return Err(e);
            }
            std::fs::remove_dir_all(&old)?;
            forget(&old);
        } else if let Err(e) = std::fs::rename(&tmp_path, dir) {
            let _ = std::fs::remove_dir_all(&tmp_path);
            return Err(e);
        }
        Ok(())
    })();
    forget(&tmp_path);
    result
}

/// Writes embedded files, (name, text), into `dir`; returns the paths.
/// Into a folder that already has entries only with `replace` (files of
/// the same name are then replaced, each atomically); otherwise nothing
/// is written and the error says why.
pub fn write_files(dir: &Path, files: &[(&str, &str)], replace: bool) -> io::Result<Vec<PathBuf>> {
    if !replace && std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the folder is not empty; nothing was written (--force writes into it, replacing files of the same name)",
        ));
    }
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Held by the tests that make temporary files, one at a time: the
    /// test of [`before_first_temp`] counts what runs before the next one.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn serial() -> std::sync::MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(|e| e.into_inner())
    }

    static RUNS: AtomicUsize = AtomicUsize::new(0);

    fn count_run() {
        RUNS.fetch_add(1, Ordering::SeqCst);
    }

    #[test]
    fn what_runs_before_the_first_temporary_file_runs_then_once() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        before_first_temp(count_run);
        assert_eq!(RUNS.load(Ordering::SeqCst), 0, "not before a file is made");
        write_atomic(&dir.path().join("a.md"), b"one").unwrap();
        assert_eq!(RUNS.load(Ordering::SeqCst), 1);
        write_atomic(&dir.path().join("b.md"), b"two").unwrap();
        let files = [("c.md".to_string(), b"three".to_vec())];
        write_set(&dir.path().join("set"), &files, &[]).unwrap();
        assert_eq!(RUNS.load(Ordering::SeqCst), 1, "once");
    }

    #[test]
    fn atomic_write_replaces() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    /// A named pipe in a temporary folder, and its reading end, opened
    /// without waiting for a writer.
    fn fifo() -> (tempfile::TempDir, PathBuf, std::fs::File) {
        use std::os::unix::ffi::OsStrExt as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe");
        let c = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid, NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&p)
            .unwrap();
        (dir, p, reader)
    }

    /// Output to a device or a pipe goes into it, which stays what it is
    /// (a rename would have put a file in its place, as it would in place
    /// of `/dev/null`).
    #[test]
    fn a_pipe_is_written_into_not_replaced() {
        use std::io::Read as _;
        use std::os::unix::fs::FileTypeExt as _;
        let _serial = serial();
        let (_dir, p, mut reader) = fifo();
        assert!(is_special(&p));
        write_atomic(&p, b"through the pipe").unwrap();
        let mut got = Vec::new();
        let _ = reader.read_to_end(&mut got);
        assert_eq!(got, b"through the pipe");
        assert!(std::fs::metadata(&p).unwrap().file_type().is_fifo());
        assert!(!is_special(Path::new("src")), "a folder");
        assert!(is_special(Path::new("/dev/null")));
    }

    #[test]
    fn files_go_into_a_non_empty_folder_only_when_asked() {
        let _serial = serial();
        let dir = tempfile::tempdir().unwrap();
        let files = [("a.yaml", "new a"), ("b.yaml", "new b")];
        std::fs::write(dir.path().join("a.yaml"), "mine").unwrap();
        let e = write_files(dir.path(), &files, false).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(),
            "mine"
        );
        assert!(!dir.path().join("b.yaml").exists(), "nothing was written");
        let written = write_files(dir.path(), &files, true).unwrap();
        assert_eq!(written.len(), 2);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(),
            "new a"
        );
        let fresh = dir.path().join("fresh");
        assert_eq!(write_files(&fresh, &files, false).unwrap().len(), 2);
    }
}
