System.print("after bom") // expect: after bom
