//! Column types and table schemas: the one definition behind Parquet schemas, CSV headers,
//! `schema.json` and the README's data dictionary.
//!
//! Tables are declared with [`crate::table!`] in [`crate::rows`]; each declaration yields
//! the row struct, its [`TableSchema`] and its conversion to [`Value`]s, so a column cannot
//! exist in one place and not the other.

use crate::vocab::Vocab;
use chrono::NaiveDate;
use std::borrow::Cow;

/// The logical type of a column (mapped to Arrow types by `load`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// UTF-8 text (Arrow `Utf8`).
    Str,
    /// 64-bit signed integer (Arrow `Int64`).
    I64,
    /// 32-bit signed integer (Arrow `Int32`).
    I32,
    /// Calendar date (Arrow `Date32`), ISO `YYYY-MM-DD` in CSV.
    Date,
    /// Boolean, `true`/`false` in CSV.
    Bool,
}

impl ColType {
    /// The name shown in the data dictionary.
    pub fn name(self) -> &'static str {
        match self {
            ColType::Str => "string",
            ColType::I64 => "int64",
            ColType::I32 => "int32",
            ColType::Date => "date",
            ColType::Bool => "bool",
        }
    }
}

/// A column whose values are those of another table's column (`doc_id` → `documents`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignKey {
    /// The referenced table.
    pub table: &'static str,
    /// The referenced column.
    pub column: &'static str,
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Column name.
    pub name: &'static str,
    /// Logical type.
    pub ty: ColType,
    /// Whether null can occur.
    pub nullable: bool,
    /// What the column holds, with placeholders (`{or}`, `{list}`, `{semi}`, `{open}`) for
    /// the values of its vocabulary: read it through [`Column::description`].
    pub template: &'static str,
    /// The allowed values, when the column's type is a vocabulary of
    /// [`crate::vocab`].
    pub vocab: Option<&'static Vocab>,
    /// The table and column its values come from, when it has one.
    pub references: Option<ForeignKey>,
}

impl Column {
    /// What the column holds, for the data dictionary: the template with the values of
    /// the column's vocabulary filled in.
    pub fn description(&self) -> Cow<'static, str> {
        match self.vocab {
            Some(v) if self.template.contains('{') => Cow::Owned(v.describe(self.template)),
            _ => Cow::Borrowed(self.template),
        }
    }
}

/// A table's name, purpose and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSchema {
    /// Table name (file stem of `<name>.parquet` / `<name>.csv`).
    pub name: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// Columns in output order.
    pub columns: &'static [Column],
    /// Columns whose values sort the rows (deterministic output order).
    pub sort_key: &'static [&'static str],
    /// Columns that identify a row (unique, never null); empty when none hold.
    pub primary_key: &'static [&'static str],
}

impl TableSchema {
    /// Index of a column by name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// A cell value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// Null.
    Null,
    /// Text.
    Str(String),
    /// Integer (both integer widths).
    Int(i64),
    /// Date.
    Date(NaiveDate),
    /// Boolean.
    Bool(bool),
}

/// A Rust type that can be a column: gives its [`ColType`], nullability and [`Value`].
pub trait ColumnValue {
    /// The logical type.
    const TYPE: ColType;
    /// Whether the type admits null.
    const NULLABLE: bool;
    /// The allowed values, for a vocabulary type.
    const VOCAB: Option<&'static Vocab> = None;
    /// The cell value.
    fn to_value(&self) -> Value;
}

macro_rules! column_value {
    ($t:ty, $ct:expr, |$v:ident| $e:expr) => {
        impl ColumnValue for $t {
            const TYPE: ColType = $ct;
            const NULLABLE: bool = false;
            fn to_value(&self) -> Value {
                let $v = self;
                $e
            }
        }
        impl ColumnValue for Option<$t> {
            const TYPE: ColType = $ct;
            const NULLABLE: bool = true;
            fn to_value(&self) -> Value {
                match self {
                    Some(x) => x.to_value(),
                    None => Value::Null,
                }
            }
        }
    };
}

column_value!(String, ColType::Str, |v| Value::Str(v.clone()));
column_value!(i64, ColType::I64, |v| Value::Int(*v));
column_value!(i32, ColType::I32, |v| Value::Int(i64::from(*v)));
column_value!(NaiveDate, ColType::Date, |v| Value::Date(*v));
column_value!(bool, ColType::Bool, |v| Value::Bool(*v));

/// A row struct of an output table.
pub trait Row {
    /// The table's schema.
    const SCHEMA: TableSchema;
    /// The row's cells, in column order.
    fn values(&self) -> Vec<Value>;
}

/// A table's rows as cells, in schema column order, ready for writing.
#[derive(Debug, Clone, PartialEq)]
pub struct TableData {
    /// The schema.
    pub schema: TableSchema,
    /// Rows of cells.
    pub rows: Vec<Vec<Value>>,
}

impl TableData {
    /// Converts typed rows, then sorts them by the schema's sort key (then by every column,
    /// so the order is total and deterministic).
    pub fn from_rows<R: Row>(rows: &[R]) -> Self {
        let mut t = TableData {
            schema: R::SCHEMA,
            rows: rows.iter().map(Row::values).collect(),
        };
        t.sort();
        t
    }

    /// Sorts rows by the sort key columns, then by the full row.
    pub fn sort(&mut self) {
        let keys: Vec<usize> = self
            .schema
            .sort_key
            .iter()
            .filter_map(|k| self.schema.index_of(k))
            .collect();
        self.rows.sort_by(|a, b| {
            for &k in &keys {
                let o = a[k].cmp(&b[k]);
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
            a.cmp(b)
        });
        self.rows.dedup();
    }
}

/// Declares an output table: the row struct with its documented fields, and its
/// [`Row`] implementation carrying the [`TableSchema`]. A field may name the column its
/// values come from, `doc_id: String [documents.doc_id] => "..."`; the primary key, when
/// the table has one, follows the sort key as `primary = [...]`.
#[macro_export]
macro_rules! table {
    (
        $(#[$m:meta])*
        $name:ident, $table:literal, $desc:literal, sort = [$($key:literal),*]
        $(, primary = [$($pk:literal),*])? {
            $($field:ident : $ty:ty $([$rt:ident . $rc:ident])? => $fdesc:literal),+ $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct $name {
            $(#[doc = $fdesc] pub $field: $ty),+
        }

        impl $crate::schema::Row for $name {
            const SCHEMA: $crate::schema::TableSchema = $crate::schema::TableSchema {
                name: $table,
                description: $desc,
                columns: &[$($crate::schema::Column {
                    name: stringify!($field),
                    ty: <$ty as $crate::schema::ColumnValue>::TYPE,
                    nullable: <$ty as $crate::schema::ColumnValue>::NULLABLE,
                    template: $fdesc,
                    vocab: <$ty as $crate::schema::ColumnValue>::VOCAB,
                    references: $crate::table!(@fk $($rt . $rc)?),
                }),+],
                sort_key: &[$($key),*],
                primary_key: &[$($($pk),*)?],
            };

            fn values(&self) -> Vec<$crate::schema::Value> {
                vec![$($crate::schema::ColumnValue::to_value(&self.$field)),+]
            }
        }
    };
    (@fk $rt:ident . $rc:ident) => {
        Some($crate::schema::ForeignKey {
            table: stringify!($rt),
            column: stringify!($rc),
        })
    };
    (@fk) => {
        None
    };
}
