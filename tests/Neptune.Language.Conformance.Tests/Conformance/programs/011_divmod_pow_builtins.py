return (divmod(7, 3), divmod(-7, 3), divmod(7.5, 2), pow(2, 10), pow(3, 4, 5), pow(2, -2), pow(-3, 3, 7))
