//! Writing files so that nobody sees a part, and nothing is written through a planted link.
//!
//! - [`write_file`]: one file, written into a new unnamed file beside it and renamed over it:
//!   a resolver reloading meanwhile reads the old file or the new one; a killed run leaves
//!   nothing behind; a symbolic link at the target is replaced, never followed.
//! - [`write_folder`]: a folder of files (`report -o DIR`), built whole beside DIR and swapped
//!   in by a rename, under a lock, so that a second run waits, a failure leaves the previous
//!   folder whole, and DIR holds exactly this run's files. A DIR that this tool did not make
//!   is refused rather than replaced.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::CliError;

/// The file that marks a folder as written by `write_folder`, so that a later run may
/// replace it: a folder without it is the user's, and is never replaced.
pub const MARKER: &str = ".conficker-dga-folder";

const MARKER_TEXT: &str = "This folder was written by conficker-dga; the next run into it \
replaces it whole.\n";

/// Writes `path` whole: into a temporary file beside it, then renamed over it. The file keeps
/// the permissions of the one it replaces.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<(), CliError> {
    let cannot = CliError::io(format!("cannot write {}", path.display()));
    let (dir, name) =
        split(path).map_err(CliError::io(format!("cannot write {}", path.display())))?;
    let file = Unlinked::new(&dir, &name).map_err(cannot)?;
    let cannot = CliError::io(format!("cannot write {}", path.display()));
    (|| {
        // A resolver must still be able to read the file it loaded before.
        if let Ok(old) = fs::metadata(path) {
            file.file().set_permissions(old.permissions())?;
        }
        let mut out = BufWriter::new(file.file().try_clone()?);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        file.persist(path)
    })()
    .map_err(cannot)
}

/// The folder and the file name of `path`.
fn split(path: &Path) -> io::Result<(PathBuf, OsString)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name.to_os_string()))
}

/// A file being written that has no name yet (Linux's `O_TMPFILE`: a run killed meanwhile
/// leaves nothing), or elsewhere a new file of a random hidden name, removed if the write
/// fails.
struct Unlinked {
    dir: PathBuf,
    name: OsString,
    inner: Inner,
}

enum Inner {
    #[cfg(target_os = "linux")]
    Anonymous(File),
    Named(tempfile::NamedTempFile),
}

impl Unlinked {
    fn new(dir: &Path, name: &OsString) -> io::Result<Unlinked> {
        let dir = dir.to_path_buf();
        let name = name.clone();
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // Not every file system has O_TMPFILE: those that lack it say so on open.
            match OpenOptions::new()
                .write(true)
                .mode(0o666)
                .custom_flags(libc::O_TMPFILE)
                .open(&dir)
            {
                Ok(file) => {
                    return Ok(Unlinked {
                        dir,
                        name,
                        inner: Inner::Anonymous(file),
                    })
                }
                Err(e) if !matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EISDIR)) => {
                    return Err(e)
                }
                Err(_) => {}
            }
        }
        let file = temporary_named(&dir, &name)?;
        Ok(Unlinked {
            dir,
            name,
            inner: Inner::Named(file),
        })
    }

    fn file(&self) -> &File {
        match &self.inner {
            #[cfg(target_os = "linux")]
            Inner::Anonymous(f) => f,
            Inner::Named(f) => f.as_file(),
        }
    }

    /// Gives the file its name: renamed over `path` (a link there is replaced, not followed).
    fn persist(self, path: &Path) -> io::Result<()> {
        match self.inner {
            #[cfg(target_os = "linux")]
            Inner::Anonymous(file) => {
                // linkat makes a name for the unnamed file; the name is new (linkat never
                // replaces one), then renamed over the target.
                let named = tempfile::Builder::new()
                    .prefix(&hidden_prefix(&self.name))
                    .suffix(".tmp")
                    .make_in(&self.dir, |name| link_unnamed(&file, name))?;
                named.persist(path).map_err(|e| e.error)?;
                Ok(())
            }
            Inner::Named(named) => named.persist(path).map(|_| ()).map_err(|e| e.error),
        }
    }
}

/// `.NAME.`: temporary files are hidden beside the file they become.
fn hidden_prefix(name: &OsString) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    prefix
}

/// A new file of a random hidden name beside the target, created exclusively (never an
/// existing path or link), with the usual permissions (0666 less the umask).
fn temporary_named(dir: &Path, name: &OsString) -> io::Result<tempfile::NamedTempFile> {
    let prefix = hidden_prefix(name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Links the unnamed file `file` at `name` (which must not exist).
#[cfg(target_os = "linux")]
fn link_unnamed(file: &File, name: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let to = CString::new(name.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let done = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Writes `files` as the folder `dir`: the files are built in a new hidden folder beside it,
/// then swapped in. While it works it holds a lock on `.DIR.lock` beside the folder: a second
/// run into the same folder waits for it. Refuses a `dir` that is not a folder this tool wrote
/// (one without [`MARKER`]), unless it is empty.
pub fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), CliError> {
    let shown = dir.display().to_string();
    let cannot = |what: &str| CliError::io(format!("cannot {what} {shown}"));
    let (parent, name) = split(dir).map_err(cannot("write"))?;
    fs::create_dir_all(&parent).map_err(cannot("create the folder holding"))?;
    let _lock = lock(&parent, &name).map_err(cannot("lock"))?;
    check_ours(dir)?;
    let mut prefix = hidden_prefix(&name);
    prefix.push("new-");
    remove_unfinished(&parent, &prefix);
    // A new folder of a random name (mkdir fails on any existing path), with the usual
    // permissions (0777 less the umask).
    let built = tempfile::Builder::new()
        .prefix(&prefix)
        .make_in(&parent, |path| fs::create_dir(path))
        .and_then(|named| named.keep().map_err(|e| e.error))
        .map_err(cannot("write"))?
        .1;
    let result = fill(&built, dir, files).and_then(|()| swap_in(&built, dir));
    if result.is_err() {
        let _ = fs::remove_dir_all(&built);
    }
    result
}

/// Removes the folders that runs killed while building left beside the folder: the lock is
/// held, so no run is building one.
fn remove_unfinished(parent: &Path, prefix: &OsString) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = prefix.as_encoded_bytes();
    for entry in entries.flatten() {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && entry.file_name().as_encoded_bytes().starts_with(prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Writes the files and the marker into the new folder `built`.
fn fill(built: &Path, dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), CliError> {
    let marker = (MARKER.to_string(), MARKER_TEXT.as_bytes().to_vec());
    for (file, bytes) in files.iter().chain([&marker]) {
        let path = built.join(file);
        // create_new: O_EXCL, so that nothing existing (nor a link) is written through.
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
            .map_err(CliError::io(format!(
                "cannot write {}",
                dir.join(file).display()
            )))?;
    }
    Ok(())
}

/// Refuses a `dir` that is a link, a file, or a folder holding files this tool did not write.
fn check_ours(dir: &Path) -> Result<(), CliError> {
    let shown = dir.display();
    let refuse = |why: &str| CliError::Io {
        what: format!("will not replace {shown}"),
        error: io::Error::new(io::ErrorKind::AlreadyExists, why.to_string()),
    };
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(CliError::Io {
            what: format!("cannot read {shown}"),
            error: e,
        }),
        Ok(m) if m.file_type().is_symlink() => Err(refuse(
            "it is a symbolic link: give the folder itself, or a new one",
        )),
        Ok(m) if !m.is_dir() => Err(refuse("it is not a folder")),
        Ok(_) => {
            let marked = fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file());
            let empty = fs::read_dir(dir)
                .map_err(CliError::io(format!("cannot read {shown}")))?
                .next()
                .is_none();
            if marked || empty {
                Ok(())
            } else {
                Err(refuse(&format!(
                    "it holds files that conficker-dga did not write (it has no {MARKER}): \
give a new or empty folder"
                )))
            }
        }
    }
}

/// Holds an exclusive lock on `.NAME.lock` beside the folder until dropped; waits for another
/// run's lock. The lock file stays (removing it would let a third run lock a new file while
/// the second holds the old one).
fn lock(parent: &Path, name: &OsString) -> io::Result<File> {
    let mut lock_name = OsString::from(".");
    lock_name.push(name);
    lock_name.push(".lock");
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(parent.join(lock_name))?;
    file.lock()?;
    Ok(file)
}

/// Puts the folder `built` at `dir`: exchanged with the old one in one step where the system
/// can (Linux's `renameat2`), then the old one removed.
fn swap_in(built: &Path, dir: &Path) -> Result<(), CliError> {
    let cannot = CliError::io(format!("cannot write {}", dir.display()));
    if fs::symlink_metadata(dir).is_err() {
        return fs::rename(built, dir).map_err(cannot);
    }
    exchange(built, dir).map_err(cannot)?;
    // `built` now names the previous folder.
    fs::remove_dir_all(built).map_err(CliError::io(format!(
        "wrote {} but cannot remove the previous folder, now {}",
        dir.display(),
        built.display()
    )))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Without an exchange: the old folder moved aside, the new one put in its place.
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let aside = a.with_extension("old");
    fs::rename(b, &aside)?;
    fs::rename(a, b)?;
    fs::rename(&aside, a)
}
