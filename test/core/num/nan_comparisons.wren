var nan = 0 / 0
System.print(nan == nan) // expect: false
System.print(nan != nan) // expect: true
System.print(nan < 1) // expect: false
System.print(nan > 1) // expect: false
System.print(nan <= nan) // expect: false
