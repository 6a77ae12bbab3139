#!/usr/bin/env wren
System.print("shebang ignored") // expect: shebang ignored
