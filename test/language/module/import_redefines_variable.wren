var Square = "mine"
import "./lib/shapes" for Square // expect error
