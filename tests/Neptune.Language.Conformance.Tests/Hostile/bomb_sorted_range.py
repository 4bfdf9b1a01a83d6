return sorted(range(10 ** 9))
