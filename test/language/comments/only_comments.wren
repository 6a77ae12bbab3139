// Nothing but comments.
/* No output at all. */
