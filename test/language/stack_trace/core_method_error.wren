// The error is raised inside core.wren's String.split; core frames are not shown.
var parts = "a,b".split("") // expect runtime error: Delimiter must be a non-empty string.
