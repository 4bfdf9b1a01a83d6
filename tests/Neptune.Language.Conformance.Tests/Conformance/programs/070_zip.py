return list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1], [2], [3])), dict(zip(["k"], ["v"])), [a + b for a, b in zip([1, 2], [10, 20])]
