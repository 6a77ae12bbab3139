// The innermost frames are in the imported module; the first frame in this module is the import.
import "./lib/runtime_error" for Value // expect runtime error: Null does not implement 'method'.
// expect: module starts
System.print("never")
