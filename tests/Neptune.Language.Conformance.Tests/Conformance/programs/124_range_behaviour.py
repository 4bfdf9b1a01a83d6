return (list(range(5)), list(range(2, 8, 2)), list(range(10, 0, -3)), list(range(0)), len(range(0, 10, 3)), range(5)[-1], list(range(-3, 3)), sum(range(101)))
