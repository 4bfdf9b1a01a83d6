return list(enumerate("abc")), list(enumerate(["x", "y"], start=1)), list(enumerate([], 5)), [i * v for i, v in enumerate([3, 4, 5], 2)]
