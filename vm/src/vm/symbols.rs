//! The method symbol table: each signature ↔ its symbol.

use std::collections::HashMap;
use std::rc::Rc;

/// A method symbol table: signature ↔ index.
#[derive(Default, Debug, Clone)]
pub struct SymbolTable {
    pub names: Vec<Rc<str>>,
    index: HashMap<Rc<str>, u32>,
}

impl SymbolTable {
    /// A table of `names`, by symbol; `Err(i)` if `names[i]` repeats an earlier name.
    pub fn from_names(names: Vec<Rc<str>>) -> Result<SymbolTable, usize> {
        let mut index = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            if index.insert(n.clone(), i as u32).is_some() {
                return Err(i);
            }
        }
        Ok(SymbolTable { names, index })
    }
    pub fn find(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
    pub fn ensure(&mut self, name: &str) -> u32 {
        if let Some(i) = self.find(name) {
            return i;
        }
        let i = self.names.len() as u32;
        let name: Rc<str> = name.into();
        self.names.push(name.clone());
        self.index.insert(name, i);
        i
    }
#[cfg(feature = "compiler")]
    /// Forgets every symbol from `len` on (a failed compilation's, which nothing refers to).
    pub fn truncate(&mut self, len: usize) {
        for name in self.names.drain(len.min(self.names.len())..) {
            self.index.remove(&name);
        }
    }
    pub fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map(|s| &**s).unwrap_or("?")
    }
    pub fn len(&self) -> usize {
        self.names.len()
    }
    #[cfg_attr(not(feature = "internals"), allow(dead_code))]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
