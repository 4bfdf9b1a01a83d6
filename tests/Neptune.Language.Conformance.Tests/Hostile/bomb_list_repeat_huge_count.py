return [1, 2] * 2 ** 62
