return (float("1.5"), float(" -2 "), float("1e3"), float("inf"), float("-Infinity"), float(".5"), float("5."), float(3), float("1_0.5"), float("-0"), str(float("nan")))
