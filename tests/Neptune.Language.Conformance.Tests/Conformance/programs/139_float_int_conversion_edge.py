return (int(1e15), int(-0.5), int(2.9999999), float(2 ** 53), float(10 ** 16), 1e16 == 10 ** 16, int("  12  "), round(2.5e-8, 9))
