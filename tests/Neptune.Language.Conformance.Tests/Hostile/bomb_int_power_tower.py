return 2 ** 10 ** 10
