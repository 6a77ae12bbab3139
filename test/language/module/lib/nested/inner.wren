// nontest
// Relative imports resolve against the importing module's directory.
import "../shapes" for Version
var Inner = "inner sees version %(Version)"
