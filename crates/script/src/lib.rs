//! The script step (脚本): where a category needs more than a template, a
//! seller writes a small script — "SKU = category prefix + the buyer's
//! initials + 4 random digits" — in Rhai, an embedded language.
//!
//! Scripts run sandboxed: no modules, no `eval`, no file or network
//! access (Rhai has none unless the host registers it, and this host
//! registers only [`Engine`]'s few pure helpers), and limits on operations,
//! string, array and map sizes, call depth and wall-clock time. A script
//! that fails, loops or runs too long is stopped with an error saying
//! which; the caller falls back to its default and flags the order.
//!
//! Own crate: Rhai is slow to compile, and nothing else needs it.

use rhai::{Dynamic, EvalAltResult, Map, Scope};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most a script may do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub operations: u64,
    pub string_bytes: usize,
    pub array_items: usize,
    pub map_entries: usize,
    pub call_levels: usize,
    pub expression_depth: usize,
    pub time: Duration,
    /// The source, at most.
    pub source_bytes: usize,
    /// Log lines (`print`/`debug`) kept.
    pub log_lines: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            operations: 200_000,
            string_bytes: 10_000,
            array_items: 1_000,
            map_entries: 200,
            call_levels: 16,
            expression_depth: 64,
            // a backstop: the operation count stops a busy loop within
            // milliseconds, while wall-clock time is stretched by a busy
            // machine (100 ms failed sound scripts on a loaded CI box)
            time: Duration::from_secs(1),
            source_bytes: 20_000,
            log_lines: 50,
        }
    }
}

/// Why a script gave no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
    #[error("the script is longer than {0} bytes")]
    TooLong(usize),
    #[error("stopped after {0} operations (a loop that never ends?)")]
    TooManyOperations(u64),
    #[error("stopped after {0} ms")]
    TooSlow(u128),
    #[error("{0}")]
    Runtime(String),
    #[error("the script's result is {0}; it must be text")]
    NotText(String),
    #[error("the script's map has {0} that is not text")]
    FieldNotText(String),
}

/// What a run gave: its result and what it printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The text it gave (empty when it gave a map).
    pub result: String,
    /// The map of text it gave instead (`#{category: "Engraving"}`), by
    /// key; `None` when it gave text.
    pub fields: Option<std::collections::BTreeMap<String, String>>,
    pub log: Vec<String>,
    pub took: Duration,
}

/// A sandboxed engine with `limits`.
pub struct Engine {
    engine: rhai::Engine,
    limits: Limits,
    log: Arc<Mutex<Vec<String>>>,
    /// When the current run started (the time limit is checked against
    /// it as the script runs).
    started: Arc<Mutex<Instant>>,
}

/// Upper-case initials of each word (`Ada Lovelace` → `AL`, `李 雷` →
/// `李雷`).
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

fn random_digits(n: i64) -> String {
    let n = n.clamp(0, 18);
    (0..n)
        .map(|_| char::from(b'0' + rand::random_range(0..10u8)))
        .collect()
}

impl Engine {
    pub fn new(limits: Limits) -> Self {
        let mut engine = rhai::Engine::new();
        engine.set_max_operations(limits.operations);
        engine.set_max_string_size(limits.string_bytes);
        engine.set_max_array_size(limits.array_items);
        engine.set_max_map_size(limits.map_entries);
        engine.set_max_call_levels(limits.call_levels);
        engine.set_max_expr_depths(limits.expression_depth, limits.expression_depth);
        engine.set_max_variables(200);
        engine.set_max_functions(50);
        // no eval: a script cannot build and run another
        engine.disable_symbol("eval");
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        for print in [false, true] {
            let log = log.clone();
            let keep = limits.log_lines;
            let push = move |line: String| {
                if let Ok(mut l) = log.lock()
                    && l.len() < keep
                {
                    l.push(line);
                }
            };
            match print {
                false => engine.on_print(move |s| push(s.to_owned())),
                true => engine.on_debug(move |s, _, pos| push(format!("{pos:?}: {s}"))),
            };
        }
        engine.register_fn("initials", |s: &str| initials(s));
        engine.register_fn("random_digits", random_digits);
        let started = Arc::new(Mutex::new(Instant::now()));
        let clock = started.clone();
        let time = limits.time;
        // checked every operation: past the time limit, the run stops
        engine.on_progress(move |_| {
            let late = clock.lock().map(|s| s.elapsed() > time).unwrap_or(true);
            late.then(|| Dynamic::from("time"))
        });
        Self {
            engine,
            limits,
            log,
            started,
        }
    }

    /// Compiles `source`; a syntax error says its line.
    pub fn check(&self, source: &str) -> Result<(), ScriptError> {
        self.compile(source).map(|_| ())
    }

    fn compile(&self, source: &str) -> Result<rhai::AST, ScriptError> {
        if source.len() > self.limits.source_bytes {
            return Err(ScriptError::TooLong(self.limits.source_bytes));
        }
        self.engine
            .compile(source)
            .map_err(|e| ScriptError::Syntax {
                line: e.1.line().unwrap_or(0),
                message: e.0.to_string(),
            })
    }

    /// Runs `source` with `inputs` as variables (JSON objects become maps;
    /// one run at a time: the log and the clock are the engine's)
    /// and returns its last expression, which must be text or a map of
    /// text.
    pub fn run(&mut self, source: &str, inputs: &[(&str, &Value)]) -> Result<Outcome, ScriptError> {
        let ast = self.compile(source)?;
        if let Ok(mut l) = self.log.lock() {
            l.clear();
        }
        let mut scope = Scope::new();
        for (name, value) in inputs {
            scope.push_constant(name.to_string(), to_dynamic(value));
        }
        let started = Instant::now();
        if let Ok(mut s) = self.started.lock() {
            *s = started;
        }
        let result = self
            .engine
            .eval_ast_with_scope::<Dynamic>(&mut scope, &ast)
            .map_err(|e| self.error(*e, started));
        let log = self.log.lock().map(|l| l.clone()).unwrap_or_default();
        let took = started.elapsed();
        let value = result?;
        if value.is_map() {
            let map = value.cast::<Map>();
            let mut fields = std::collections::BTreeMap::new();
            for (k, v) in map {
                if !v.is_string() {
                    return Err(ScriptError::FieldNotText(k.to_string()));
                }
                fields.insert(k.to_string(), v.into_string().unwrap_or_default());
            }
            return Ok(Outcome {
                result: String::new(),
                fields: Some(fields),
                log,
                took,
            });
        }
        if !value.is_string() {
            return Err(ScriptError::NotText(value.type_name().to_owned()));
        }
        Ok(Outcome {
            result: value.into_string().unwrap_or_default(),
            fields: None,
            log,
            took,
        })
    }
}

impl Engine {
    fn error(&self, e: EvalAltResult, started: Instant) -> ScriptError {
        match e {
            EvalAltResult::ErrorTooManyOperations(_) => {
                ScriptError::TooManyOperations(self.limits.operations)
            }
            EvalAltResult::ErrorTerminated(..) => {
                ScriptError::TooSlow(started.elapsed().as_millis())
            }
            other => ScriptError::Runtime(other.to_string()),
        }
    }
}

/// A JSON value as a Rhai value: objects are maps, arrays arrays.
fn to_dynamic(v: &Value) -> Dynamic {
    match v {
        Value::Null => Dynamic::UNIT,
        Value::Bool(b) => Dynamic::from(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Dynamic::from(i),
            None => Dynamic::from(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Dynamic::from(s.clone()),
        Value::Array(a) => Dynamic::from_array(a.iter().map(to_dynamic).collect()),
        Value::Object(o) => {
            let map: Map = o
                .iter()
                .map(|(k, v)| (k.as_str().into(), to_dynamic(v)))
                .collect();
            Dynamic::from_map(map)
        }
    }
}

#[cfg(test)]
mod tests;
