return len([1, 2]), len("abc"), len({}), len({1: 2}), len(()), len(range(3, 10)), len({1, 1, 2}), len("")
