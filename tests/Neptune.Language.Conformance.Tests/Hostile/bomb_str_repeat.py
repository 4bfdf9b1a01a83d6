return "a" * 10 ** 10
