//! Record batches into the scan, through the Arrow PyCapsule interface: each batch's buffers
//! are imported (not copied) and read in place with the GIL released. A batch comes from a
//! pyarrow RecordBatch or Table, anything with `__arrow_c_stream__` (pandas and Polars
//! DataFrames, RecordBatchReaders) or `__arrow_c_array__`, or an iterator of those (Spark's
//! `mapInArrow` gives one).

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_pyarrow::FromPyArrow;
use arrow_schema::{DataType, TimeUnit};
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;

use ::conficker_dga::logscan::{Record, RecordTime, Scanner};
use arrow_array::ffi_stream::RecordBatchStreamReader;

/// Bytes of lines gathered before they are pushed.
const LINES_CHUNK: usize = 1 << 20;

/// The columns `Scan.records` reads.
pub struct Columns<'a> {
    pub time: &'a str,
    pub client: &'a str,
    pub query: &'a str,
    pub process: Option<&'a str>,
}

/// Calls `each` with every batch of `source`.
fn for_each_batch(
    source: &Bound<'_, PyAny>,
    each: &mut dyn FnMut(Python<'_>, RecordBatch) -> PyResult<()>,
) -> PyResult<()> {
    let py = source.py();
    if source.hasattr("__arrow_c_stream__")? {
        let reader = RecordBatchStreamReader::from_pyarrow_bound(source)?;
        for batch in reader {
            let batch = batch.map_err(|e| PyTypeError::new_err(e.to_string()))?;
            each(py, batch)?;
        }
        return Ok(());
    }
    if source.hasattr("__arrow_c_array__")? {
        return each(py, RecordBatch::from_pyarrow_bound(source)?);
    }
    let items = source.try_iter().map_err(|_| {
        PyTypeError::new_err(
            "expected Arrow record batches: a pyarrow RecordBatch or Table, a pandas or Polars \
             DataFrame, or an iterator of them",
        )
    })?;
    for item in items {
        for_each_batch(&item?, each)?;
    }
    Ok(())
}

fn column(batch: &RecordBatch, name: &str) -> PyResult<ArrayRef> {
    batch.column_by_name(name).cloned().ok_or_else(|| {
        let names: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        PyKeyError::new_err(format!(
            "no column {name:?} in the record batch (its columns: {})",
            names.join(", ")
        ))
    })
}

/// A column of text or bytes, read in place as bytes: a string column is not trusted to
/// hold UTF-8 (Spark's text reader passes a file's bytes on as they are); the core decides.
enum Texts {
    Binary(arrow_array::BinaryArray),
    LargeBinary(arrow_array::LargeBinaryArray),
    BinaryView(arrow_array::BinaryViewArray),
    Null,
}

impl Texts {
    fn of(array: &ArrayRef, name: &str) -> PyResult<Texts> {
        // The conversions from strings to bytes share the buffers.
        Ok(match array.data_type() {
            DataType::Utf8 => Texts::Binary(array.as_string::<i32>().clone().into()),
            DataType::LargeUtf8 => Texts::LargeBinary(array.as_string::<i64>().clone().into()),
            DataType::Utf8View => {
                Texts::BinaryView(array.as_string_view().clone().to_binary_view())
            }
            DataType::Binary => Texts::Binary(array.as_binary().clone()),
            DataType::LargeBinary => Texts::LargeBinary(array.as_binary().clone()),
            DataType::BinaryView => Texts::BinaryView(array.as_binary_view().clone()),
            DataType::Null => Texts::Null,
            other => {
                return Err(PyTypeError::new_err(format!(
                    "column {name:?} is {other}: expected strings or binary"
                )))
            }
        })
    }

    fn get(&self, i: usize) -> Option<&[u8]> {
        match self {
            Texts::Binary(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::LargeBinary(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::BinaryView(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Null => None,
        }
    }
}

/// A column of query times: timestamps (any unit and zone: the instants are UTC), seconds
/// since 1970 as numbers, or text as Zeek writes `ts`.
enum Times<'a> {
    /// The values in their unit.
    Stamps(&'a arrow_array::PrimitiveArray<Int64Type>, TimeUnit),
    Float64(&'a arrow_array::Float64Array),
    Float32(&'a arrow_array::Float32Array),
    Int64(&'a arrow_array::Int64Array),
    Int32(&'a arrow_array::Int32Array),
    Text(Texts),
}

/// A timestamp array's values as plain i64s, read in place: the buffers are the same.
fn stamps(array: &ArrayRef, unit: &TimeUnit) -> ArrayRef {
    let data = array.to_data();
    let values = match unit {
        TimeUnit::Second => array.as_primitive::<TimestampSecondType>().values().clone(),
        TimeUnit::Millisecond => array
            .as_primitive::<TimestampMillisecondType>()
            .values()
            .clone(),
        TimeUnit::Microsecond => array
            .as_primitive::<TimestampMicrosecondType>()
            .values()
            .clone(),
        TimeUnit::Nanosecond => array
            .as_primitive::<TimestampNanosecondType>()
            .values()
            .clone(),
    };
    std::sync::Arc::new(arrow_array::Int64Array::new(values, data.nulls().cloned()))
}

impl<'a> Times<'a> {
    fn of(array: &'a ArrayRef, name: &str) -> PyResult<Times<'a>> {
        Ok(match array.data_type() {
            DataType::Float64 => Times::Float64(array.as_primitive::<Float64Type>()),
            DataType::Float32 => Times::Float32(array.as_primitive::<Float32Type>()),
            DataType::Int64 => Times::Int64(array.as_primitive::<Int64Type>()),
            DataType::Int32 => Times::Int32(array.as_primitive::<Int32Type>()),
            _ => Times::Text(Texts::of(array, name).map_err(|_| {
                PyTypeError::new_err(format!(
                    "column {name:?} is {}: expected timestamps, seconds since 1970 or text",
                    array.data_type()
                ))
            })?),
        })
    }

    fn get(&self, i: usize) -> Option<RecordTime<'_>> {
        match self {
            Times::Stamps(a, unit) => a.is_valid(i).then(|| {
                let v = a.value(i);
                // Beyond i64's microseconds lies outside every list's dates anyway.
                RecordTime::Utc(match unit {
                    TimeUnit::Second => v.saturating_mul(1_000_000),
                    TimeUnit::Millisecond => v.saturating_mul(1_000),
                    TimeUnit::Microsecond => v,
                    TimeUnit::Nanosecond => v.div_euclid(1_000),
                })
            }),
            Times::Float64(a) => a.is_valid(i).then(|| RecordTime::Seconds(a.value(i))),
            Times::Float32(a) => a
                .is_valid(i)
                .then(|| RecordTime::Seconds(a.value(i).into())),
            Times::Int64(a) => a
                .is_valid(i)
                .then(|| RecordTime::Seconds(a.value(i) as f64)),
            Times::Int32(a) => a
                .is_valid(i)
                .then(|| RecordTime::Seconds(a.value(i).into())),
            // Text that is not UTF-8 is no time the scan can read.
            Times::Text(t) => t
                .get(i)
                .map(|b| RecordTime::Text(std::str::from_utf8(b).unwrap_or("\u{fffd}"))),
        }
    }
}

/// `Scan.records`: each row a record of the scanner's current source.
pub fn records(
    scanner: &mut Scanner,
    batches: &Bound<'_, PyAny>,
    columns: &Columns<'_>,
) -> PyResult<()> {
    for_each_batch(batches, &mut |py, batch| {
        let raw = column(&batch, columns.time)?;
        let (time, unit) = match raw.data_type() {
            DataType::Timestamp(unit, _) => (stamps(&raw, unit), Some(*unit)),
            _ => (raw, None),
        };
        let times = match unit {
            Some(unit) => Times::Stamps(time.as_primitive::<Int64Type>(), unit),
            None => Times::of(&time, columns.time)?,
        };
        let client = column(&batch, columns.client)?;
        let clients = Texts::of(&client, columns.client)?;
        let query = column(&batch, columns.query)?;
        let names = Texts::of(&query, columns.query)?;
        let process = columns
            .process
            .map(|name| column(&batch, name))
            .transpose()?;
        let processes = match (&process, columns.process) {
            (Some(array), Some(name)) => Some(Texts::of(array, name)?),
            _ => None,
        };
        let rows = batch.num_rows();
        let read = Rows {
            times,
            clients,
            names,
            processes,
        };
        py.detach(|| {
            for i in 0..rows {
                scanner.record(read.get(i));
            }
        });
        Ok(())
    })
}

/// A batch's columns, read row by row.
struct Rows<'a> {
    times: Times<'a>,
    clients: Texts,
    names: Texts,
    processes: Option<Texts>,
}

impl Rows<'_> {
    fn get(&self, i: usize) -> Record<'_> {
        Record {
            time: self.times.get(i),
            client: self.clients.get(i),
            name: self.names.get(i),
            process: self.processes.as_ref().and_then(|p| p.get(i)),
        }
    }
}

/// `Scan.lines`: each row of `column` a line of the scanner's current source.
pub fn lines(scanner: &mut Scanner, batches: &Bound<'_, PyAny>, name: &str) -> PyResult<()> {
    let mut failure = None;
    for_each_batch(batches, &mut |py, batch| {
        let array = column(&batch, name)?;
        let texts = Texts::of(&array, name)?;
        let rows = batch.num_rows();
        let read = Rows {
            times: Times::Text(Texts::Null),
            clients: Texts::Null,
            names: texts,
            processes: None,
        };
        let result = py.detach(|| {
            let mut buffer = Vec::with_capacity(LINES_CHUNK + 4096);
            for i in 0..rows {
                // A null row is an empty line, as a blank line in a file.
                buffer.extend_from_slice(read.names.get(i).unwrap_or_default());
                buffer.push(b'\n');
                if buffer.len() >= LINES_CHUNK {
                    scanner.push(&buffer)?;
                    buffer.clear();
                }
            }
            scanner.push(&buffer)
        });
        if let Err(e) = result {
            failure = Some(e);
        }
        Ok(())
    })?;
    match failure {
        Some(e) => Err(crate::scan_error(e)),
        None => Ok(()),
    }
}
