return (int("42"), int("  -7 "), int("+3"), int("1_000"), int("ff", 16), int("0x1f", 16), int("101", 2), int("z", 36), int(3.99), int(-3.99), int(True), int("0"), int("-0"))
