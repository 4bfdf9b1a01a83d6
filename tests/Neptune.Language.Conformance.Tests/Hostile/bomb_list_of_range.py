return list(range(10 ** 12))
