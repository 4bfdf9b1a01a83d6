return ("7".zfill(3), "-7".zfill(4), "abc".center(9, "*"), "abc".center(8), "ab".ljust(5, "."), "ab".rjust(5), "long".rjust(2), "+5".zfill(4))
