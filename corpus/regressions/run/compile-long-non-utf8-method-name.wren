ifSyte.prsmint(whilep."hiA!erew {
e”.prr.nÿÿÿeew {vvar.neew {vw {
e”.prv.nÝew teaar.neew {vv
