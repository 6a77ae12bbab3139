// A class may have at most 255 fields, including inherited ones.
class A {
  f {
    _a0 = _a1 = _a2 = _a3 = _a4 = _a5 = _a6 = _a7 = _a8 = _a9 = 0
    _b0 = _b1 = _b2 = _b3 = _b4 = _b5 = _b6 = _b7 = _b8 = _b9 = 0
    _c0 = _c1 = _c2 = _c3 = _c4 = _c5 = _c6 = _c7 = _c8 = _c9 = 0
    _d0 = _d1 = _d2 = _d3 = _d4 = _d5 = _d6 = _d7 = _d8 = _d9 = 0
    _e0 = _e1 = _e2 = _e3 = _e4 = _e5 = _e6 = _e7 = _e8 = _e9 = 0
    _f0 = _f1 = _f2 = _f3 = _f4 = _f5 = _f6 = _f7 = _f8 = _f9 = 0
    _g0 = _g1 = _g2 = _g3 = _g4 = _g5 = _g6 = _g7 = _g8 = _g9 = 0
    _h0 = _h1 = _h2 = _h3 = _h4 = _h5 = _h6 = _h7 = _h8 = _h9 = 0
    _i0 = _i1 = _i2 = _i3 = _i4 = _i5 = _i6 = _i7 = _i8 = _i9 = 0
    _j0 = _j1 = _j2 = _j3 = _j4 = _j5 = _j6 = _j7 = _j8 = _j9 = 0
    _k0 = _k1 = _k2 = _k3 = _k4 = _k5 = _k6 = _k7 = _k8 = _k9 = 0
    _l0 = _l1 = _l2 = _l3 = _l4 = _l5 = _l6 = _l7 = _l8 = _l9 = 0
    _m0 = _m1 = _m2 = _m3 = _m4 = _m5 = _m6 = _m7 = _m8 = _m9 = 0
    _n0 = _n1 = _n2 = _n3 = _n4 = _n5 = _n6 = _n7 = _n8 = _n9 = 0
    _o0 = _o1 = _o2 = _o3 = _o4 = _o5 = _o6 = _o7 = _o8 = _o9 = 0
  }
}

class B is A { // expect runtime error: Class 'B' may not have more than 255 fields, including inherited ones.
  f {
    _a0 = _a1 = _a2 = _a3 = _a4 = _a5 = _a6 = _a7 = _a8 = _a9 = 0
    _b0 = _b1 = _b2 = _b3 = _b4 = _b5 = _b6 = _b7 = _b8 = _b9 = 0
    _c0 = _c1 = _c2 = _c3 = _c4 = _c5 = _c6 = _c7 = _c8 = _c9 = 0
    _d0 = _d1 = _d2 = _d3 = _d4 = _d5 = _d6 = _d7 = _d8 = _d9 = 0
    _e0 = _e1 = _e2 = _e3 = _e4 = _e5 = _e6 = _e7 = _e8 = _e9 = 0
    _f0 = _f1 = _f2 = _f3 = _f4 = _f5 = _f6 = _f7 = _f8 = _f9 = 0
    _g0 = _g1 = _g2 = _g3 = _g4 = _g5 = _g6 = _g7 = _g8 = _g9 = 0
    _h0 = _h1 = _h2 = _h3 = _h4 = _h5 = _h6 = _h7 = _h8 = _h9 = 0
    _i0 = _i1 = _i2 = _i3 = _i4 = _i5 = _i6 = _i7 = _i8 = _i9 = 0
    _j0 = _j1 = _j2 = _j3 = _j4 = _j5 = _j6 = _j7 = _j8 = _j9 = 0
    _k0 = _k1 = _k2 = _k3 = _k4 = _k5 = _k6 = _k7 = _k8 = _k9 = 0
  }
}
