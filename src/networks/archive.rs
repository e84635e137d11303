//! The report folder as one zip, for a shell that cannot write a folder (the page): the very
//! files `report_files` gives the command line, deflated, dated 1980-01-01 (the zip epoch), so
//! that the same report is the same bytes.

use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::attribution::NetworksReport;
use super::render::report_files;

/// The name the page saves the zip under.
pub const ZIP_NAME: &str = "conficker-networks.zip";

/// `files` in a zip, in their order, at its top.
pub fn zip(files: &[(String, Vec<u8>)]) -> io::Result<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        // A report's files are far below 4 GiB; a larger one would need ZIP64 records.
        .large_file(false);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// The report folder of `report`, as a zip.
pub fn report_zip(report: &NetworksReport) -> io::Result<Vec<u8>> {
    zip(&report_files(report))
}
