//! Modules: the registry, module variables, and `import`.

use super::Vm;

#[cfg(feature = "compiler")]
use crate::core;
use crate::heap::Handle;
use crate::object::*;
use crate::value::Value;

impl Vm {

    /// `IMPORT_VARIABLE`: the variable `name` (a string constant) of the module imported
    /// last.
    pub(super) fn import_variable(&mut self, name: Value) -> Result<Value, Value> {
        let Some(module) = self.last_module else {
            return Err(self.str("No module has been imported."));
        };
        let name_s = self
            .heap
            .str_bytes(name)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let m = self.heap.get(module);
        match m.find(&name_s) {
            Some(i) => Ok(m.variables[i as usize]),
            None => {
                let msg = format!(
                    "Could not find a variable named '{name_s}' in module '{}'.",
                    self.module_name(module)
                );
                Err(self.str(&msg))
            }
        }
    }
    pub(super) fn module_key(&mut self, name: Option<&str>) -> Value {
        match name {
            None => Value::NULL,
            Some(n) => self.str(n),
        }
    }

    /// The module registered under `name` (`None` = core).
    pub(crate) fn find_module(&mut self, name: Option<&str>) -> Option<Handle<ObjModule>> {
        let key = self.module_key(name);
        let v = self.heap.map_get(self.modules, key)?;
        self.heap.cast::<ObjModule>(v)
    }

    /// The module's name as shown in errors.
    pub(crate) fn module_name(&self, m: Handle<ObjModule>) -> String {
        match self.heap.get(m).name {
            Some(n) => self.heap.get(n).lossy().into_owned(),
            None => "core".to_string(),
        }
    }

#[cfg(feature = "compiler")]
    /// Finds or creates a module; a new one starts with a copy of every core variable.
    pub(crate) fn get_or_create_module(&mut self, name: Option<&str>) -> Handle<ObjModule> {
        if let Some(m) = self.find_module(name) {
            return m;
        }
        let key = self.module_key(name);
        let name_handle = key.as_obj().map(Handle::<ObjString>::from_ref);
        let mut module = ObjModule::new(name_handle);
        if name.is_some() {
            if let Some(core) = self.find_module(None) {
                let cm = self.heap.get(core);
                for (n, v) in cm.variable_names.iter().zip(&cm.variables) {
                    module.push_shared(n.clone(), *v);
                }
            }
        }
        let m = self.heap.alloc(module);
        self.heap.map_set(self.modules, key, m.value());
        m
    }

    /// Unregisters module `name`, so that a later import or interpret starts it afresh. Objects
    /// it alone kept alive are freed by the next collection.
    pub fn remove_module(&mut self, name: &str) -> bool {
        let key = self.str(name);
        self.heap.map_remove(self.modules, key).is_some()
    }

    /// Looks up the allocator and finalizer of a foreign class: the host's binder first, then
    /// the VM's built-in modules.
    /// The name of the module of the running function.
    pub(super) fn current_module_name(&self) -> String {
        self.frames
            .last()
            .and_then(|f| self.heap.get(self.heap.get(f.closure).func).module)
            .map(|m| self.module_name(m))
            .unwrap_or_default()
    }

    /// Resolves and loads module `name` imported from the running module. Returns the module's
    /// body closure to run, or the already loaded module.
    pub(super) fn import_module(&mut self, name: Value) -> Result<Value, Value> {
        let raw = self
            .heap
            .str_bytes(name)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let importer = self
            .frames
            .last()
            .and_then(|f| self.heap.get(self.heap.get(f.closure).func).module)
            .map(|m| self.module_name(m))
            .unwrap_or_default();
        let resolved = match self.config.resolve_module.as_mut() {
            Some(resolve) => match resolve(&importer, &raw) {
                Some(r) => r,
                None => {
                    let msg =
                        format!("Could not resolve module '{raw}' imported from '{importer}'.");
                    return Err(self.str(&msg));
                }
            },
            None => raw.clone(),
        };
        if let Some(m) = self.find_module(Some(&resolved)) {
            return Ok(m.value());
        }
        self.load_and_compile(resolved)
    }

    /// Loads module `resolved`'s source (from the host, or a built-in optional module) and
    /// compiles it into its body closure.
    #[cfg(feature = "compiler")]
    fn load_and_compile(&mut self, resolved: String) -> Result<Value, Value> {
        let source = match self.config.load_module.as_mut() {
            Some(load) => load(&resolved),
            None => None,
        }
        .or_else(|| core::builtin_module_source(&resolved).map(|s| s.as_bytes().to_vec()));
        let Some(source) = source else {
            let msg = format!("Could not load module '{resolved}'.");
            return Err(self.str(&msg));
        };
        match self.compile_body(Some(&resolved), &source) {
            Ok(closure) => Ok(closure.value()),
            Err(_) => {
                let msg = format!("Could not compile module '{resolved}'.");
                Err(self.str(&msg))
            }
        }
    }

    /// Without the compiler, only modules already in the VM (from its image) can be imported.
    #[cfg(not(feature = "compiler"))]
    fn load_and_compile(&mut self, resolved: String) -> Result<Value, Value> {
        let msg = format!("Could not load module '{resolved}': this VM has no compiler.");
        Err(self.str(&msg))
    }
}
